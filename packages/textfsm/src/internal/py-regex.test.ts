import { describe, expect, it } from "vitest";
import { PyRegexError, translatePyRegex } from "./py-regex.ts";
import { ASCII_ONLY } from "./template-syntax.ts";

function match(pattern: string, subject: string): Array<string | undefined> | null {
  const t = translatePyRegex(pattern);
  const re = ASCII_ONLY.test(subject) ? t.ascii : t.regex;
  re.lastIndex = 0;
  const m = re.exec(subject);
  if (!m) return null;
  return [m[0], ...Array.from({ length: t.groups }, (_, i) => m[t.jsIndex[i + 1] as number])];
}

describe("translatePyRegex", () => {
  it("anchors at the start like re.match, not at the end", () => {
    expect(match("ab", "abc")).toEqual(["ab"]);
    expect(match("b", "ab")).toBeNull();
  });

  it("reads Python's quantifier forms and keeps other braces literal", () => {
    expect(match("x{,2}y", "xxy")).toEqual(["xxy"]);
    expect(match("x{,}y", "xxxy")).toEqual(["xxxy"]);
    expect(match("a{b}", "a{b}")).toEqual(["a{b}"]);
    expect(match("a{1,x", "a{1,x")).toEqual(["a{1,x"]);
    expect(match("a{}", "a{}")).toEqual(["a{}"]);
    expect(match("]}", "]}")).toEqual(["]}"]);
  });

  it("translates named groups and both back-reference spellings", () => {
    expect(match("(?P<x>a+)-(?P=x)", "aa-aa")).toEqual(["aa-aa", "aa"]);
    expect(match("(a)(b)\\2\\1", "abba")).toEqual(["abba", "a", "b"]);
    expect(translatePyRegex("(?P<x>a)(?P<y>b)").names.map(([n]) => n)).toEqual(["x", "y"]);
  });

  it("gives \\w, \\d and \\s Python's Unicode meaning", () => {
    expect(match("\\d+", "\u0663\u0664")).toEqual(["\u0663\u0664"]);
    expect(match("\\w+", "é²_")).toEqual(["é²_"]);
    expect(match("\\s", "\x1c")).toEqual(["\x1c"]);
    expect(match("\\s", "\ufeff")).toBeNull();
    expect(match("(?a)\\w", "é")).toBeNull();
  });

  it("folds case like Python: (?i) makes I, i, dotted I and dotless i one class", () => {
    for (const [p, s] of [
      ["(?i)i", "\u0130"],
      ["(?i)I", "\u0131"],
      ["(?i)[a-z]", "\u0130"],
      ["(?i)\u0130", "i"],
      ["(?i)k", "\u212a"],
    ])
      expect(match(p as string, s as string), p).toEqual([s]);
    expect(match("(?i)[^a-z]", "\u0130")).toBeNull();
    expect(match("i", "\u0130")).toBeNull();
  });

  it("keeps $ matching before a final newline and \\Z only at the end", () => {
    expect(match("a$", "a\n")).toEqual(["a"]);
    expect(match("a\\Z", "a\n")).toBeNull();
    expect(match("(?m)a$\\nb", "a\nb")).toEqual(["a\nb"]);
  });

  it("emulates atomic groups and possessive quantifiers", () => {
    expect(match("(?>a+)a", "aaa")).toBeNull();
    expect(match("a++a", "aaa")).toBeNull();
    expect(match("(?>a|ab)c", "abc")).toBeNull();
    expect(match("(?>(a+))b", "aab")).toEqual(["aab", "aa"]);
  });

  it("keeps an optional group that matched empty, as Python does", () => {
    expect(match("(a?)?", "b")).toEqual(["", ""]);
    expect(match("()??x", "x")).toEqual(["x", undefined]);
    expect(match("(a)?b", "b")).toEqual(["b", undefined]);
  });

  it("reads class edge cases: leading ], ranges, escapes", () => {
    expect(match("[]a]+", "]a]")).toEqual(["]a]"]);
    expect(match("[^]a]", "b")).toEqual(["b"]);
    expect(match("[\\d-]+", "1-2")).toEqual(["1-2"]);
    expect(match("[\\b]", "\b")).toEqual(["\b"]);
    expect(match("[a-]+", "a-")).toEqual(["a-"]);
  });

  it("refuses what Python refuses", () => {
    for (const bad of [
      "a**",
      "*a",
      "(a",
      "a)",
      "[a",
      "\\q",
      "(?P<1>a)",
      "(?P=x)",
      "a{3,2}",
      "(?<=a+)b",
      "x(?i)y",
      "\\1(a)",
      "(a\\1)",
    ])
      expect(() => translatePyRegex(bad), bad).toThrow(PyRegexError);
  });

  it("refuses constructs JavaScript cannot match the same way, naming them", () => {
    const cases: Array<[string, RegExp]> = [
      ["(?(1)a|b)", /conditional/],
      ["(?:(a)|b)+", /later iteration/],
      ["(a?)*", /empty string/],
      ["(?i:a)b", /part of the pattern/],
      ["(?:(a)|b)\\1", /may not have taken part/],
      ["\\N{EM DASH}", /named character/],
      ["(?:|a)*", /prefers to match the empty string/],
      ["a+?((?:\\w*? )*+)", /possessive repetition around a lazy/],
    ];
    for (const [pattern, reason] of cases) {
      let error: unknown;
      try {
        translatePyRegex(pattern);
      } catch (e) {
        error = e;
      }
      expect(error, pattern).toBeInstanceOf(PyRegexError);
      expect((error as PyRegexError).unsupported, pattern).toBe(true);
      expect((error as PyRegexError).message, pattern).toMatch(reason);
    }
  });
});
