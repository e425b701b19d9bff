// Python str behaviour that TextFSM relies on, reproduced exactly: whitespace (str.isspace),
// strip/rstrip, splitlines, string.Template substitution and str() of parsed values.

/** str.isspace() of one code point (the same set as Python's Unicode `\s`). */
export function isPySpace(cp: number): boolean {
  return (
    (cp >= 0x09 && cp <= 0x0d) ||
    (cp >= 0x1c && cp <= 0x20) ||
    cp === 0x85 ||
    cp === 0xa0 ||
    cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    cp === 0x202f ||
    cp === 0x205f ||
    cp === 0x3000
  );
}

/** str.rstrip() with no argument. All Python whitespace is in the BMP, so code units suffice. */
export function pyRstrip(s: string): string {
  let end = s.length;
  while (end > 0 && isPySpace(s.charCodeAt(end - 1))) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** str.strip() with no argument. */
export function pyStrip(s: string): string {
  let start = 0;
  const r = pyRstrip(s);
  while (start < r.length && isPySpace(r.charCodeAt(start))) start++;
  return start === 0 ? r : r.slice(start);
}

/** str.splitlines(): \n, \r, \r\n, \v, \f, \x1c-\x1e, \x85, \u2028, \u2029 end a line. */
export function pySplitlines(s: string): string[] {
  return [...pyLines(s)];
}

/**
 * The lines of str.splitlines(), one at a time: a parse of a large output keeps no array of every
 * line alive (that array would outlive the young generation and make garbage collection dominate).
 */
export function* pyLines(s: string): Generator<string, void, undefined> {
  let start = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x0d && c !== 0x85 && c !== 0x2028 && c !== 0x2029 && (c < 0x1c || c > 0x1e)) continue;
    if (c < 0x0a) continue;
    yield s.slice(start, i);
    if (c === 0x0d && i + 1 < n && s.charCodeAt(i + 1) === 0x0a) i++;
    start = i + 1;
  }
  if (start < n) yield s.slice(start);
}

/**
 * Lines of a file as Python's text-mode `open()` yields them (universal newlines: \r\n and \r become
 * \n), each without its line end.
 */
export function fileLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

const ID_START = /[_a-zA-Z]/;
const ID_CHAR = /[_a-zA-Z0-9]/;

/**
 * string.Template(text).substitute(map): `$$` -> `$`, `$name` and `${name}` -> the value. Returns
 * null where Python raises (a `$` not followed by a valid placeholder, or an unknown name).
 */
export function pyTemplateSubstitute(text: string, map: ReadonlyMap<string, string>): string | null {
  let out = "";
  let i = 0;
  for (;;) {
    const at = text.indexOf("$", i);
    if (at < 0) return out + text.slice(i);
    out += text.slice(i, at);
    const next = text[at + 1];
    if (next === "$") {
      out += "$";
      i = at + 2;
      continue;
    }
    let name: string;
    let end: number;
    if (next !== undefined && ID_START.test(next)) {
      end = at + 2;
      while (end < text.length && ID_CHAR.test(text[end] as string)) end++;
      name = text.slice(at + 1, end);
    } else if (next === "{" && ID_START.test(text[at + 2] ?? "")) {
      end = at + 3;
      while (end < text.length && ID_CHAR.test(text[end] as string)) end++;
      if (text[end] !== "}") return null;
      name = text.slice(at + 2, end);
      end++;
    } else {
      return null;
    }
    const value = map.get(name);
    if (value === undefined) return null;
    out += value;
    i = end;
  }
}

const PRINTABLE_EXCLUDED = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** Python's repr() of a str. */
export function pyReprStr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (ch === quote || ch === "\\") out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, "0")}`;
    else if (ch !== " " && PRINTABLE_EXCLUDED.test(ch)) {
      if (cp <= 0xff) out += `\\x${cp.toString(16).padStart(2, "0")}`;
      else if (cp <= 0xffff) out += `\\u${cp.toString(16).padStart(4, "0")}`;
      else out += `\\U${cp.toString(16).padStart(8, "0")}`;
    } else out += ch;
  }
  return out + quote;
}

/** Python's str() of a List item as clitable stores it: strings as they are, None, dicts by repr. */
export function pyStr(value: string | null | Readonly<Record<string, string | null>>): string {
  if (value === null) return "None";
  if (typeof value === "string") return value;
  const parts = Object.entries(value).map(
    ([k, v]) => `${pyReprStr(k)}: ${v === null ? "None" : pyReprStr(v)}`,
  );
  return `{${parts.join(", ")}}`;
}
