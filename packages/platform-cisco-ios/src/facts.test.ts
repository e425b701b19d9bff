import { parseUptime } from "@patchbay/capabilities";
import { describe, expect, it } from "vitest";
import { parseShowVersion } from "./facts.ts";

const CLASSIC = `Cisco IOS Software, C2900 Software (C2900-UNIVERSALK9-M), Version 15.1(4)M4, RELEASE SOFTWARE (fc1)
Technical Support: http://www.cisco.com/techsupport
ROM: System Bootstrap, Version 15.0(1r)M15, RELEASE SOFTWARE (fc1)

branch-7 uptime is 1 year, 12 weeks, 3 days, 1 hour, 5 minutes
System returned to ROM by power-on
System image file is "flash0:c2900-universalk9-mz.SPA.151-4.M4.bin"

Cisco CISCO2911/K9 (revision 1.0) with 491520K/32768K bytes of memory.
Processor board ID FTX1234A5BC
3 Gigabit Ethernet interfaces
`;

describe("parseShowVersion", () => {
  it("reads hostname, model, serial, version and uptime of a classic IOS router", () => {
    const facts = parseShowVersion(CLASSIC);
    expect(facts).toEqual({
      hostname: "branch-7",
      vendor: "Cisco",
      model: "CISCO2911/K9",
      serial: "FTX1234A5BC",
      osVersion: "15.1(4)M4",
      uptimeSeconds: 365 * 86_400 + 12 * 7 * 86_400 + 3 * 86_400 + 3_600 + 5 * 60,
      raw: { "show version": CLASSIC },
    });
  });

  it("leaves what the output does not say empty instead of guessing", () => {
    const facts = parseShowVersion("Cisco IOS XE Software, Version 17.03.05\n");
    expect(facts).toMatchObject({
      hostname: "",
      model: "",
      serial: "",
      osVersion: "17.03.05",
      uptimeSeconds: null,
    });
  });
});

describe("parseUptime", () => {
  it("adds every unit, in the singular, the plural and NX-OS's (s) form", () => {
    expect(parseUptime("2 weeks, 1 day, 3 hours, 1 minute")).toBe(14 * 86_400 + 86_400 + 3 * 3_600 + 60);
    expect(parseUptime("23 day(s), 4 hour(s), 17 minute(s), 33 second(s)")).toBe(
      23 * 86_400 + 4 * 3_600 + 17 * 60 + 33,
    );
    expect(parseUptime("3 weeks, 2 days, 4 hours and 17 minutes")).toBe(23 * 86_400 + 4 * 3_600 + 17 * 60);
    expect(parseUptime("unknown")).toBeNull();
  });
});
