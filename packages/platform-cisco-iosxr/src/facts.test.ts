import { describe, expect, it } from "vitest";
import { parseCiscoUptime, parseIosxrFacts } from "./facts.ts";

describe("parseIosxrFacts", () => {
  it("takes the version and uptime from show version, the chassis PID and serial from show inventory", () => {
    const facts = parseIosxrFacts({
      version:
        "Cisco IOS XR Software, Version 7.9.2\ncisco IOS-XRv 9000 () processor\nSystem uptime is 1 week 2 days 3 hours 4 minutes\n",
      inventory:
        'NAME: "0/RP0/CPU0", DESCR: "RP"\nPID: R-IOSXRV9000-RP-C, VID: V01, SN: RP123\n\nNAME: "Rack 0", DESCR: "Chassis"\nPID: R-IOSXRV9000-CC, VID: V01, SN: CH456\n',
      hostname: "xr1",
    });
    expect(facts).toMatchObject({
      hostname: "xr1",
      vendor: "Cisco",
      model: "R-IOSXRV9000-CC",
      serial: "CH456",
      osVersion: "7.9.2",
      uptimeSeconds: 604_800 + 2 * 86_400 + 3 * 3600 + 4 * 60,
    });
  });

  it("falls back to the processor line for the model, and leaves serial empty without an inventory", () => {
    const facts = parseIosxrFacts({
      version: "Cisco IOS XR Software, Version 24.1.1\ncisco 8000 (Intel) processor\n",
      hostname: "p1",
    });
    expect(facts.model).toBe("8000");
    expect(facts.serial).toBe("");
    expect(facts.uptimeSeconds).toBeNull();
    expect(parseCiscoUptime("no idea")).toBeNull();
  });
});
