import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { compileTemplate, TemplateParseError, TemplateSyntaxError } from "./index.ts";

const INTERFACES = `# interfaces, one record per line
Value Filldown Device (\\S+)
Value Required Interface (\\S+)
Value Status (up|down)
Value List Addresses (\\d+\\.\\d+\\.\\d+\\.\\d+)

Start
  ^Device: \${Device}
  ^\${Interface}\\s+\${Status} -> Continue
  ^\\s+inet \${Addresses}
  ^$$ -> Record
`;

const TEXT = "Device: r1\neth0 up\n  inet 10.0.0.1\n  inet 10.0.0.2\n\neth1 down\n\n";

describe("compileTemplate / parse", () => {
  it("returns the header and rows, with Filldown, Required and List", () => {
    const t = compileTemplate(INTERFACES);
    expect(t.header).toEqual(["Device", "Interface", "Status", "Addresses"]);
    expect(t.parse(TEXT)).toEqual([
      ["r1", "eth0", "up", ["10.0.0.1", "10.0.0.2"]],
      ["r1", "eth1", "down", []],
    ]);
  });

  it("keeps no state between parses of one compiled template", () => {
    const t = compileTemplate(INTERFACES);
    const first = t.parse(TEXT);
    expect(t.parse("eth9 up\n")).toEqual([["", "eth9", "up", []]]);
    expect(t.parse(TEXT)).toEqual(first);
  });

  it("gives objects, lower-cased on request", () => {
    const t = compileTemplate(INTERFACES);
    expect(t.parseObjects("eth0 up\n", { lowercaseKeys: true })).toEqual([
      { device: "", interface: "eth0", status: "up", addresses: [] },
    ]);
  });

  it("raises TemplateParseError with state, rule, input line number and line on Error", () => {
    const t = compileTemplate('Value A (\\d+)\n\nStart\n  ^\\d+ -> Record\n  ^bad -> Error "no good"\n', {
      name: "t.textfsm",
    });
    let error: unknown;
    try {
      t.parse("1\n2\nbad line\n");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TemplateParseError);
    const e = error as TemplateParseError;
    expect([e.reason, e.state, e.ruleLine, e.inputLine, e.line, e.errorMessage]).toEqual([
      "error-action",
      "Start",
      5,
      3,
      "bad line",
      '"no good"',
    ]);
    expect(e.message).toContain("t.textfsm");
  });

  it("refuses invalid templates with the name and line", () => {
    const cases: Array<[string, number, RegExp]> = [
      ["Value A (x)\n\nStart\n  ^x$\n", 4, /substitution/],
      ["Value A (x\n\nStart\n", 1, /\(\)/],
      ["Value Bogus A (x)\n\nStart\n", 1, /Unknown option/],
      ["Value A (x)\n\nStart\n  ^x -> Continue Other\n\nOther\n", 4, /new state/],
      ["Value A (x)\n\nStart\n   ^x\n", 4, /white space/],
      ["Value A (x)\n\nBegin\n  ^x\n", 0, /Start/],
      ["Value A (x)\n\nStart\n  ^x -> Nowhere\n", 4, /not found/],
      ["Value A (x)\n\nStart\n  ^x\n\nEOF\n  ^y\n", 0, /EOF/],
      ["Value A (x)\nValue A (y)\n\nStart\n", 2, /Duplicate/],
    ];
    for (const [text, line, reason] of cases) {
      let error: unknown;
      try {
        compileTemplate(text, { name: "bad.textfsm" });
      } catch (e) {
        error = e;
      }
      expect(error, text).toBeInstanceOf(TemplateSyntaxError);
      expect((error as TemplateSyntaxError).line, text).toBe(line);
      expect((error as TemplateSyntaxError).reason, text).toMatch(reason);
      expect((error as TemplateSyntaxError).template).toBe("bad.textfsm");
    }
  });

  it("stops at the time limit naming the running rule", () => {
    const t = compileTemplate("Value A (a+)\n\nStart\n  ^(a|a)+b\n  ^$" + "{A} -> Record\n");
    const now = vi.spyOn(performance, "now");
    let clock = 0;
    now.mockImplementation(() => (clock += 20));
    let error: unknown;
    try {
      t.parse("aaaa\n", { timeLimitMs: 15 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TemplateParseError);
    expect((error as TemplateParseError).reason).toBe("time-limit");
    expect((error as TemplateParseError).rule).toBe("^(a|a)+b");
  });
});

describe("parse properties", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });
  const t = compileTemplate(INTERFACES);
  const lineArb = fc.constantFrom(
    "Device: r2",
    "eth0 up",
    "ge-0/0/1 down",
    "  inet 10.1.1.1",
    "",
    "junk",
    "x y z",
  );

  it("gives the same rows for LF, CRLF and CR line ends (Python's splitlines)", () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 30 }), fc.constantFrom("\r\n", "\r", "\f"), (lines, eol) => {
        expect(t.parse(lines.join(eol))).toEqual(t.parse(lines.join("\n")));
      }),
      { seed: 42, numRuns: 300 },
    );
  }, 60_000);

  it("never throws anything but its own errors on mutated input", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit: "grapheme" }), fc.nat(TEXT.length), (junk, at) => {
        const text = TEXT.slice(0, at) + junk + TEXT.slice(at);
        expect(() => t.parse(text)).not.toThrow();
      }),
      { seed: 43, numRuns: 300 },
    );
  }, 60_000);

  it("tries each rule at most once per line: linear in the input (counted, not timed)", () => {
    const exec = vi.spyOn(RegExp.prototype, "exec");
    const count = (n: number): number => {
      exec.mockClear();
      t.parse(TEXT.repeat(n));
      return exec.mock.calls.length;
    };
    const one = count(100);
    const ten = count(1000);
    expect(ten).toBeLessThanOrEqual(one * 10 + 10);
    expect(one).toBeLessThanOrEqual(TEXT.split("\n").length * 100 * 4 + 10);
  });
});
