import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ConfigNode } from "../state.ts";
import { renderSrlConfig, srlDelete, srlJson, srlPathsFromJson, srlPathWords, srlSet } from "./srl-config.ts";

const lines = (list: ConfigNode[]): string[] => list.map((n) => n.line);

describe("SR Linux flat configuration", () => {
  it("replaces a leaf's value, drops the paths a longer one implies, and ignores an implied path", () => {
    const list: ConfigNode[] = [];
    srlSet(list, "interface ethernet-1/1");
    srlSet(list, 'interface ethernet-1/1 description "a b"');
    srlSet(list, 'interface ethernet-1/1 description "c"');
    srlSet(list, "interface ethernet-1/1 admin-state enable");
    srlSet(list, "interface ethernet-1/1");
    expect(lines(list)).toEqual([
      'interface ethernet-1/1 description "c"',
      "interface ethernet-1/1 admin-state enable",
    ]);
  });

  it("deletes word by word: a leaf by its name, a list entry with what is below it, not ethernet-1/10", () => {
    const list: ConfigNode[] = [
      { line: "interface ethernet-1/1 description x", children: [] },
      { line: "interface ethernet-1/1 admin-state enable", children: [] },
      { line: "interface ethernet-1/10 admin-state enable", children: [] },
    ];
    expect(srlDelete(list, "interface ethernet-1/1 description")).toBe(true);
    expect(lines(list)).toEqual([
      "interface ethernet-1/1 admin-state enable",
      "interface ethernet-1/10 admin-state enable",
    ]);
    expect(srlDelete(list, "interface ethernet-1/1")).toBe(true);
    expect(lines(list)).toEqual(["interface ethernet-1/10 admin-state enable"]);
    expect(srlDelete(list, "interface ethernet-1/1")).toBe(false);
  });

  it("renders the brace tree info prints, list entries with their key and empty entries with braces", () => {
    const text = renderSrlConfig([
      'interface ethernet-1/1 description "to spine"',
      "interface ethernet-1/1 subinterface 0 ipv4 address 10.0.0.1/30",
      "system name host-name srl1",
    ]);
    expect(text).toBe(
      [
        "    interface ethernet-1/1 {",
        '        description "to spine"',
        "        subinterface 0 {",
        "            ipv4 {",
        "                address 10.0.0.1/30 {",
        "                }",
        "            }",
        "        }",
        "    }",
        "    system {",
        "        name {",
        "            host-name srl1",
        "        }",
        "    }",
        "",
      ].join("\n"),
    );
  });

  it("turns JSON-RPC paths into words and refuses malformed ones", () => {
    expect(srlPathWords("/interface[name=ethernet-1/1]/description")).toEqual([
      "interface",
      "ethernet-1/1",
      "description",
    ]);
    expect(srlPathWords("/srl_nokia-system:system/name")).toEqual(["system", "name"]);
    expect(srlPathWords("/")).toEqual([]);
    expect(srlPathWords("interface")).toBeUndefined();
    expect(srlPathWords("/interface[name=e1")).toBeUndefined();
  });

  it("round-trips flat paths through JSON (property, fixed seed)", () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/);
    const value = fc.oneof(fc.stringMatching(/^[a-z0-9./-]{1,8}$/), fc.constant("two words"));
    const path = fc
      .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 2 }), name, value)
      .map(([port, sub, leaf, v]) =>
        sub === 0
          ? `interface ethernet-1/${port} ${leaf} ${v.includes(" ") ? `"${v}"` : v}`
          : `interface ethernet-1/${port} subinterface ${sub} ${leaf} ${v.includes(" ") ? `"${v}"` : v}`,
      );
    fc.assert(
      fc.property(fc.array(path, { maxLength: 12 }), (paths) => {
        const list: ConfigNode[] = [];
        for (const p of paths) srlSet(list, p);
        const back: ConfigNode[] = [];
        for (const p of srlPathsFromJson([], srlJson(lines(list)))) srlSet(back, p);
        expect(new Set(lines(back))).toEqual(new Set(lines(list)));
      }),
      { seed: 14, numRuns: 200 },
    );
  });
});
