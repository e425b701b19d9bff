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
