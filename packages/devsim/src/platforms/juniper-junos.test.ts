import { describe, expect, it } from "vitest";
import type { ConfigNode } from "../state.ts";
import { junosDelete, junosSet, renderJunosConfig } from "./juniper-junos.ts";

describe("Junos configuration", () => {
  it("renders set paths as the curly-brace hierarchy", () => {
    const text = renderJunosConfig([
      "system host-name R1",
      "system services ssh",
      "interfaces ge-0/0/0 unit 0 family inet address 10.0.0.1/24",
      "routing-options static route 0.0.0.0/0 next-hop 10.0.0.254",
    ]);
    expect(text).toBe(
      [
        "system {",
        "    host-name R1;",
        "    services ssh;",
        "}",
        "interfaces {",
        "    ge-0/0/0 {",
        "        unit 0 {",
        "            family inet {",
        "                address 10.0.0.1/24;",
        "            }",
        "        }",
        "    }",
        "}",
        "routing-options {",
        "    static {",
        "        route 0.0.0.0/0 next-hop 10.0.0.254;",
        "    }",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("replaces single-valued leaves, adds list values and deletes subtrees", () => {
    const list: ConfigNode[] = [];
    junosSet(list, "system host-name R1");
    junosSet(list, "system host-name R2");
    junosSet(list, "interfaces lo0 unit 0 family inet address 1.1.1.1/32");
    junosSet(list, "interfaces lo0 unit 0 family inet address 2.2.2.2/32");
    expect(list.map((n) => n.line)).toEqual([
      "system host-name R2",
      "interfaces lo0 unit 0 family inet address 1.1.1.1/32",
      "interfaces lo0 unit 0 family inet address 2.2.2.2/32",
    ]);
    expect(junosDelete(list, "interfaces lo0")).toBe(true);
    expect(list.map((n) => n.line)).toEqual(["system host-name R2"]);
  });
});
