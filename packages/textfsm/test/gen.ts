// Generators of TextFSM templates and inputs for the differential fuzz: every grammar feature, with
// inputs drawn from the same small vocabulary so rules match often, then mutated (line ends,
// Unicode digits and spaces, CR, form feeds, trailing blanks).
import fc from "fast-check";

const WORDS = ["a", "b", "x1", "foo", "eth0", "Gi0/1", "10", "20", "1.2.3.4", "--", ":", "end", "up", "down"];
const VALUE_REGEXES = [
  "(\\S+)",
  "(\\S+)",
  "(\\S+)",
  "(\\w+)",
  "(\\S*)",
  "(\\d+)",
  "(\\w+)",
  "(.*)",
  "([a-z]+)",
  "(\\d+(?:\\.\\d+)*)",
  "(up|down)",
  "(x\\d|)",
  "(\\s*)",
  "([A-Z]\\w*)",
  "(\\S+?)",
  "(eth\\d+|Gi\\d+/\\d+)",
];
const LIST_NESTED = ["((?P<w>\\w+)\\s+(?P<d>\\d+))", "((?P<k>[a-z]+)(?P<v>\\d)?)"];
const OPTIONS = ["Filldown", "Key", "Required", "List", "Fillup"];
const PIECES = [
  "\\s+",
  "\\s*",
  ".*",
  "\\d+",
  "[a-c]+",
  "\\b",
  "(?:up|down)",
  "\\S+",
  " ",
  "\\w+",
  "[^ ]*",
  "(\\d)?",
  "x{,2}",
  "\\A",
  "(?=\\S)",
  "(?<![0-9])",
  "\\B",
];

export interface GenCase {
  template: string;
  text: string;
}

const valueArb = fc.record({
  opts: fc
    .subarray(OPTIONS, { maxLength: 3 })
    .chain((o) => fc.shuffledSubarray(o, { minLength: o.length, maxLength: o.length })),
  regex: fc.constantFrom(...VALUE_REGEXES),
  nested: fc.constantFrom(...LIST_NESTED),
  useNested: fc.boolean(),
});

const actionArb = fc.record({
  line: fc.constantFrom("", "", "", "Next", "Continue", "Continue", "Error"),
  record: fc.constantFrom("", "", "NoRecord", "Record", "Record", "Record", "Record", "Clear", "Clearall"),
  state: fc.constantFrom("", "", "", "", "S1", "S2", "End", "EOF", "Start"),
  message: fc.constantFrom("", '"bad line"', "Oops"),
});

const SEPARATORS = ["\\s+", "\\s*", " ", ".*", "\\s+\\S+\\s+", "[ \\t]+", ".*?"];

const ruleArb = (names: string[]) =>
  fc.record({
    caseless: fc.constantFrom(false, false, false, true),
    names: fc.shuffledSubarray(names, { maxLength: Math.min(3, names.length) }),
    lead: fc.constantFrom("", "", "", ...PIECES, ...WORDS.map((w) => `${w.replace(/[.]/g, "\\.")}\\s+`)),
    seps: fc.array(fc.constantFrom(...SEPARATORS, ...SEPARATORS, ...PIECES), { minLength: 4, maxLength: 4 }),
    tail: fc.constantFrom("", "", "$$", "\\s*$$", ".*", "\\s+\\w+"),
    action: actionArb,
    indent: fc.constantFrom("  ", "  ", " ", "\t"),
  });

export const templateArb: fc.Arbitrary<string> = fc
  .array(valueArb, { minLength: 1, maxLength: 4 })
  .chain((values) => {
    const names = values.map((_, i) => ["Iface", "Status", "Num", "Tag"][i] as string);
    return fc.record({
      values: fc.constant(values),
      names: fc.constant(names),
      states: fc
        .tuple(
          fc.array(ruleArb(names), { minLength: 2, maxLength: 6 }),
          fc.array(fc.array(ruleArb(names), { minLength: 0, maxLength: 4 }), { maxLength: 2 }),
        )
        .map(([start, rest]) => [start, ...rest]),
      eof: fc.constantFrom("none", "none", "EOF", "End"),
      comment: fc.boolean(),
      crlf: fc.boolean(),
      table: fc.constantFrom("", "", "\\s+", "\\s*", " "),
    });
  })
  .map(({ values, names, states, eof, comment, crlf, table }) => {
    const lines: string[] = [];
    if (comment) lines.push("# generated");
    values.forEach((v, i) => {
      const regex = v.opts.includes("List") && v.useNested ? v.nested : v.regex;
      lines.push(`Value ${v.opts.length ? `${v.opts.join(",")} ` : ""}${names[i]} ${regex}`);
    });
    const stateNames = ["Start", "S1", "S2"];
    states.forEach((rules, s) => {
      lines.push("");
      lines.push(stateNames[s] as string);
      // A table row rule makes many cases produce records.
      if (s === 0 && table) lines.push(`  ^${names.map((n) => `\${${n}}`).join(table)} -> Record`);
      for (const r of rules) {
        const body = r.names.map((n, i) => `${i === 0 ? "" : r.seps[i]}\${${n}}`).join("");
        const rest = `${r.lead}${body}${r.tail}`;
        const re = `^${r.caseless ? `(?i:${rest.replace(/\$\$$/, "")})${rest.endsWith("$$") ? "$$" : ""}` : rest}`;
        const a = r.action;
        let action = [a.line, a.record].filter(Boolean).join(".");
        if (a.line === "" && a.record !== "") action = a.record;
        const target =
          ["End", "EOF", "Start", "S1", "S2"].includes(a.state) &&
          stateNames.indexOf(a.state) >= states.length
            ? ""
            : a.state;
        const state = a.line === "Error" ? a.message : a.line !== "Continue" ? target : "";
        const text = action || state ? `${re} -> ${[action, state].filter(Boolean).join(" ")}` : re;
        lines.push(`${r.indent}${text}`);
        if (comment && r.names.length === 2) lines.push("  # a comment inside a state");
      }
    });
    if (eof !== "none") lines.push("", eof);
    return lines.join(crlf ? "\r\n" : "\n") + (crlf ? "\r\n" : "\n");
  });

const MUTATIONS = [
  "\r\n",
  "\r",
  "\f",
  "\x0b",
  "\u2028",
  "\x1c",
  "\u00a0",
  "\t",
  " ",
  "",
  "\u0663",
  "\u00e9",
  "\u0130",
  "\u0131",
];

export const textArb: fc.Arbitrary<string> = fc
  .array(
    fc
      .array(fc.constantFrom(...WORDS, ...WORDS, ...WORDS.map((w) => w.toUpperCase())), {
        minLength: 1,
        maxLength: 5,
      })
      .chain((ws) => fc.constantFrom(" ", "  ", "\t").map((sep) => ws.join(sep))),
    { minLength: 2, maxLength: 14 },
  )
  .chain((lines) =>
    fc.record({
      lines: fc.constant(lines),
      mutations: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...MUTATIONS)), { maxLength: 3 }),
      trailingNewline: fc.boolean(),
    }),
  )
  .map(({ lines, mutations, trailingNewline }) => {
    let text = lines.join("\n") + (trailingNewline ? "\n" : "");
    for (const [a, b, m] of mutations) {
      const at = text.length === 0 ? 0 : a % (text.length + 1);
      text = text.slice(0, at) + m + text.slice(at + (b % 2));
    }
    return text;
  });

export const caseArb: fc.Arbitrary<GenCase> = fc.record({ template: templateArb, text: textArb });
