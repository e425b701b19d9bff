import { describe, expect, it } from "vitest";
import { CommandTable } from "./matcher.ts";

const table = new CommandTable([
  { pattern: "show version", value: "version" },
  { pattern: "show ip route", value: "route" },
  { pattern: "show ip interface brief", value: "brief" },
  { pattern: "show ipv6 route", value: "route6" },
  { pattern: "show interfaces", value: "interfaces" },
  { pattern: "show inventory", value: "inventory" },
  { pattern: "show generated <n>", value: "generated" },
  { pattern: "terminal length <n>", value: "length" },
]);

describe("CommandTable", () => {
  it("matches unique abbreviations of every word", () => {
    expect(table.match("sh ver")).toMatchObject({ kind: "match", value: "version" });
    expect(table.match("sh ip int br")).toMatchObject({ kind: "match", value: "brief" });
  });

  it("prefers an exact keyword over a longer one it prefixes (ip over ipv6)", () => {
    expect(table.match("show ip route")).toMatchObject({ kind: "match", value: "route" });
  });

  it("reports an ambiguous abbreviation", () => {
    expect(table.match("show in")).toEqual({ kind: "ambiguous" });
  });

  it("reports an incomplete command", () => {
    expect(table.match("show ip")).toEqual({ kind: "incomplete" });
    expect(table.match("terminal length")).toEqual({ kind: "incomplete" });
  });

  it("reports the column of the first invalid word", () => {
    expect(table.match("show  bogus")).toEqual({ kind: "invalid", position: 1, column: 6 });
    expect(table.match("show generated abc")).toMatchObject({ kind: "invalid", position: 2 });
  });

  it("passes numeric arguments through", () => {
    expect(table.match("show generated 1000")).toMatchObject({
      kind: "match",
      value: "generated",
      args: ["1000"],
    });
  });
});
