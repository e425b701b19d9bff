import fc from "fast-check";
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

describe("parseShowVersionFields (property, fixed seed)", () => {
  it("reads back every field whatever the padding, line endings and surrounding rules", () => {
    const key = fc.stringMatching(/^[A-Z][a-zA-Z]{0,8}( [A-Z][a-zA-Z]{0,8}){0,2}$/);
    const value = fc.stringMatching(/^[\w.:\-/]([\w.:\-/ ]{0,20}[\w.:\-/])?$/);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(key, value), { selector: ([k]) => k, maxLength: 8 }),
        fc.integer({ min: 0, max: 8 }),
        fc.boolean(),
        (fields, pad, crlf) => {
          const eol = crlf ? "\r\n" : "\n";
          const text = [
            "-".repeat(20),
            ...fields.map(([k, v]) => `${k}${" ".repeat(pad)} : ${v}`),
            "-".repeat(20),
          ]
            .map((l) => l + eol)
            .join("");
          expect(parseShowVersionFields(text)).toEqual(Object.fromEntries(fields));
        },
      ),
      { seed: 1404, numRuns: 300 },
    );
  });
});
