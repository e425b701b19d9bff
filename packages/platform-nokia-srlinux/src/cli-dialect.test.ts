import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { negateSrlinuxLine, srlinuxDialect } from "./cli-dialect.ts";

describe("srlinuxDialect", () => {
  it("removes a leaf by its name and a list entry by its key", () => {
    expect(negateSrlinuxLine('set / interface ethernet-1/1 description "to spine 1"')).toBe(
      "delete / interface ethernet-1/1 description",
    );
    expect(negateSrlinuxLine("set / interface ethernet-1/1 subinterface 0 ipv4 address 10.0.0.1/30")).toBe(
      "delete / interface ethernet-1/1 subinterface 0 ipv4 address 10.0.0.1/30",
    );
    expect(negateSrlinuxLine("set / network-instance default interface ethernet-1/1.0")).toBe(
      "delete / network-instance default interface ethernet-1/1.0",
    );
  });

  it("stages set and delete lines only, skipping blanks and comments", () => {
    expect(srlinuxDialect.split!("# leaf\r\nset / a b\n\n  delete / c\n")).toEqual([
      "set / a b",
      "delete / c",
    ]);
    expect(srlinuxDialect.checkLine!("set / a b")).toBeUndefined();
    expect(srlinuxDialect.checkLine!("commit now")).toMatch(/not a configuration statement/);
    expect(srlinuxDialect.checkLine!("discard now")).toMatch(/not a configuration statement/);
  });
});

describe("negateSrlinuxLine (property, fixed seed)", () => {
  it("deletes a prefix of the same path: all of it for a list entry, all but the value for a leaf", () => {
    const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 2, maxLength: 8 }), (path) => {
        const line = `set / ${path.join(" ")}`;
        const out = negateSrlinuxLine(line).split(" ");
        const words = line.split(" ");
        expect(out[0]).toBe("delete");
        expect(out.slice(1)).toEqual(words.slice(1, out.length));
        expect(out.length === words.length || out.length === words.length - 1).toBe(true);
      }),
      { seed: 1405, numRuns: 300 },
    );
  });
});
