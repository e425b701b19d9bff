import { describe, expect, it } from "vitest";
import { parseShowVersionFields, srlinuxFacts } from "./facts.ts";

const SHOW_VERSION = `-----------------------------------------------------------------
Hostname             : leaf1
Chassis Type         : 7220 IXR-D3L
Serial Number        : NK2137F0042
Software Version     : v24.10.1
Last Booted          : 2026-12-01T10:00:00.000Z
Total Memory         : 24052875 kB
-----------------------------------------------------------------
`;

describe("srlinuxFacts", () => {
  it("reads hostname, model, serial, version and the uptime from the boot time", () => {
    const fields = parseShowVersionFields(SHOW_VERSION);
    const facts = srlinuxFacts(fields, { "show version": SHOW_VERSION }, new Date("2026-12-02T10:00:30Z"));
    expect(facts).toEqual({
      hostname: "leaf1",
      vendor: "Nokia",
      model: "7220 IXR-D3L",
      serial: "NK2137F0042",
      osVersion: "v24.10.1",
      uptimeSeconds: 86_430,
      raw: { "show version": SHOW_VERSION },
    });
  });

  it("leaves what the output lacks empty, and the uptime null without a boot time", () => {
    const facts = srlinuxFacts(parseShowVersionFields("Hostname : x\nLast Booted : never\n"), {});
    expect(facts).toMatchObject({ hostname: "x", model: "", serial: "", osVersion: "", uptimeSeconds: null });
  });
});
