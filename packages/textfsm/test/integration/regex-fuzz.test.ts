// Differential fuzz of the regex translation alone: generated Python patterns and subjects, the
// match and every group compared with Python's re.match (fixed seed, one python3 process).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PyRegexError, translatePyRegex } from "../../src/internal/py-regex.ts";
import { ASCII_ONLY } from "../../src/internal/template-syntax.ts";
import { runOracle } from "../oracle.ts";

const RUNS = Number(process.env.PATCHBAY_TEXTFSM_FUZZ_RUNS ?? 3000);
const SEED = Number(process.env.PATCHBAY_TEXTFSM_FUZZ_SEED ?? 20261202);

const ATOMS = [
  "a",
  "b",
  "-",
  " ",
  "1",
  "\\d",
  "\\w",
  "\\s",
  "\\S",
  "\\W",
  "\\D",
  "\\b",
  "\\B",
  ".",
  "\\.",
  "[a-c]",
  "[^ab]",
  "[\\d-]",
  "[\\W\\d]",
  "[^\\S\\n]",
  "[]a]",
  "^",
  "$",
  "\\A",
  "\\Z",
  "\\1",
  "(?P=n)",
  "\\x41",
  "\\101",
  "{",
  "}",
  "]",
  "é",
  "\\u0663",
];
const QUANTS = [
  "",
  "",
  "",
  "*",
  "+",
  "?",
  "{2}",
  "{1,3}",
  "{,2}",
  "{2,}",
  "*?",
  "+?",
  "??",
  "*+",
  "++",
  "{1,2}?",
];

const patternArb: fc.Arbitrary<string> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(...ATOMS),
    fc
      .tuple(tie("seq"), fc.constantFrom("(", "(?:", "(?P<n>", "(?=", "(?!", "(?<=", "(?>", "(?i:", "(?s:"))
      .map(([s, o]) => `${o}${s})`),
    fc.tuple(tie("seq"), tie("seq")).map(([a, b]) => `(?:${a}|${b})`),
  ),
  item: fc.tuple(tie("node"), fc.constantFrom(...QUANTS)).map(([n, q]) => `${n}${q}`),
  seq: fc.array(tie("item"), { minLength: 0, maxLength: 4 }).map((xs) => xs.join("")),
})).seq as fc.Arbitrary<string>;

const subjectArb = fc
  .array(fc.constantFrom("a", "b", "-", " ", "1", "\n", "_", "é", "\u0663", "A", "{", "}", "]"), {
    maxLength: 8,
  })
  .map((xs) => xs.join(""));

describe("regex translation against Python re", () => {
  it(
    `matches what Python matches, with the same groups, on ${RUNS} generated patterns (seed ${SEED})`,
    () => {
      const cases = fc.sample(
        fc.record({
          pattern: fc
            .tuple(fc.constantFrom("", "", "(?m)", "(?x)", "(?i)", "(?s)"), patternArb)
            .map(([f, p]) => f + p),
          subject: subjectArb,
        }),
        { seed: SEED, numRuns: RUNS },
      );
      const py = runOracle(cases.map((c) => ({ kind: "regex" as const, ...c }))) as Array<{
        ok: boolean;
        error?: string;
        match?: Array<string | null> | null;
      }>;
      const diffs: string[] = [];
      let refused = 0;
      let compared = 0;
      cases.forEach((c, i) => {
        const want = py[i] as { ok: boolean; error?: string; match?: Array<string | null> | null };
        let got: Array<string | null> | null | "error";
        try {
          const t = translatePyRegex(c.pattern);
          const re = ASCII_ONLY.test(c.subject) ? t.ascii : t.regex;
          re.lastIndex = 0;
          const m = re.exec(c.subject);
          got = m
            ? [m[0], ...Array.from({ length: t.groups }, (_, g) => m[t.jsIndex[g + 1] as number] ?? null)]
            : null;
        } catch (error) {
          if (!(error instanceof PyRegexError)) throw error;
          if (error.unsupported) {
            refused++;
            if (!want.ok)
              diffs.push(
                `${JSON.stringify(c.pattern)}: Python refuses (${want.error}), ours calls it unsupported`,
              );
            return;
          }
          got = "error";
        }
        compared++;
        const expected = want.ok ? (want.match ?? null) : "error";
        if (JSON.stringify(got) !== JSON.stringify(expected))
          diffs.push(
            `${JSON.stringify(c.pattern)} on ${JSON.stringify(c.subject)}: python ${JSON.stringify(expected)}, ours ${JSON.stringify(got)}`,
          );
      });
      process.stdout.write(`regex fuzz: ${JSON.stringify({ compared, refused, diff: diffs.length })}\n`);
      expect(diffs.slice(0, 15)).toEqual([]);
      expect(compared).toBeGreaterThan(RUNS * 0.7);
    },
    Math.max(300_000, RUNS * 100),
  );
});
