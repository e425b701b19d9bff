"""Reference oracle for the differential tests: Python TextFSM (Debian's python3-textfsm).

Reads a JSON array of cases on stdin and writes a JSON array of results, one per case, so one
python3 process answers thousands of cases. Case kinds:
  {"kind": "parse", "template": str, "text": str}
  {"kind": "index", "dir": str, "attributes": {...}, "output": str}
"""
import io
import json
import sys
import warnings

warnings.simplefilter("ignore")
import textfsm  # noqa: E402
from textfsm import clitable  # noqa: E402


def parse_case(case):
    try:
        fsm = textfsm.TextFSM(io.StringIO(case["template"], newline=None))
    except textfsm.TextFSMTemplateError as e:
        return {"ok": False, "error": "template", "message": str(e)}
    except Exception as e:  # Python TextFSM itself crashes on some templates.
        return {"ok": False, "error": "crash", "message": "%s: %s" % (type(e).__name__, e)}
    try:
        rows = fsm.ParseText(case["text"])
    except textfsm.TextFSMError as e:
        return {"ok": False, "error": "parse", "message": str(e)}
    except Exception as e:
        return {"ok": False, "error": "crash", "message": "%s: %s" % (type(e).__name__, e)}
    return {"ok": True, "header": fsm.header, "rows": rows}


def index_case(case):
    try:
        table = clitable.CliTable("index", case["dir"])
        if case.get("find"):
            row = table.index.GetRowMatch(case["attributes"])
            if not row:
                return {"ok": True, "templates": None}
            return {"ok": True, "templates": table.index.index[row]["Template"].split(":")}
        table.ParseCmd(case["output"], case["attributes"])
    except clitable.CliTableError as e:
        return {"ok": False, "error": "notfound", "message": str(e)}
    except Exception as e:
        return {"ok": False, "error": "crash", "message": "%s: %s" % (type(e).__name__, e)}
    header = [h.lower() for h in table.header]
    rows = [dict(zip(header, list(row))) for row in table]
    return {"ok": True, "rows": rows}


def regex_case(case):
    import re
    try:
        rx = re.compile(case["pattern"])
    except re.error as e:
        return {"ok": False, "error": "regex", "message": str(e)}
    except Exception as e:  # OverflowError and the like
        return {"ok": False, "error": "crash", "message": "%s: %s" % (type(e).__name__, e)}
    m = rx.match(case["subject"])
    if m is None:
        return {"ok": True, "match": None}
    return {"ok": True, "match": [m.group(0)] + list(m.groups())}


def main():
    cases = json.load(sys.stdin)
    out = []
    for case in cases:
        if case["kind"] == "parse":
            out.append(parse_case(case))
        elif case["kind"] == "regex":
            out.append(regex_case(case))
        else:
            clitable.CliTable.INDEX = {}
            out.append(index_case(case))
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
