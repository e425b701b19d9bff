import { describe, expect, it } from "vitest";
import { fileLines, pyReprStr, pySplitlines, pyStr, pyStrip, pyTemplateSubstitute } from "./py-text.ts";

describe("Python str behaviour", () => {
  it("splits lines at every line boundary str.splitlines() knows", () => {
    expect(pySplitlines("a\nb\r\nc\rd\ve\ff\x1cg\x1dh\x1ei\x85j\u2028k\u2029l")).toEqual(
      "abcdefghijkl".split(""),
    );
    expect(pySplitlines("a\n\nb\n")).toEqual(["a", "", "b"]);
    expect(pySplitlines("a\x1fb")).toEqual(["a\x1fb"]);
  });

  it("reads template files with universal newlines", () => {
    expect(fileLines("a\r\nb\rc\n")).toEqual(["a", "b", "c"]);
    expect(fileLines("a\f\n")).toEqual(["a\f"]);
  });

  it("strips Python whitespace, not JavaScript's", () => {
    expect(pyStrip("\x1c a \x85")).toBe("a");
    expect(pyStrip("\ufeffa")).toBe("\ufeffa");
  });

  it("substitutes like string.Template and refuses a lone $", () => {
    const map = new Map([["A", "(?P<A>x)"]]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: TextFSM's ${Value} syntax
    expect(pyTemplateSubstitute("^${A} $A $$", map)).toBe("^(?P<A>x) (?P<A>x) $");
    expect(pyTemplateSubstitute("^a$", map)).toBeNull();
    expect(pyTemplateSubstitute("^$" + "{B}", map)).toBeNull();
    expect(pyTemplateSubstitute("^$" + "{A-1}", map)).toBeNull();
  });

  it("prints values the way Python's str() and repr() do", () => {
    expect(pyStr(null)).toBe("None");
    expect(pyStr({ a: "x'y", b: null })).toBe(`{'a': "x'y", 'b': None}`);
    expect(pyReprStr("a\tb\\\u0085")).toBe("'a\\tb\\\\\\x85'");
  });
});
