import { describe, expect, it } from "vitest";
import { factsFromNxapiVersion, parseShowVersion } from "./facts.ts";

const N3K = `Cisco Nexus Operating System (NX-OS) Software
Software
  BIOS: version 5.0.0
  NXOS: version 9.3(8)
Hardware
  cisco Nexus 3048 Chassis ("48x1GE + 4x10G Supervisor")
  Intel(R) Celeron(R) CPU        P4505  @ 1.87GHz with 3903284 kB of memory.
  Processor Board ID FOC12345ABC

  Device name: tor-3
Kernel uptime is 412 day(s), 0 hour(s), 2 minute(s), 1 second(s)
`;

describe("parseShowVersion", () => {
  it("reads hostname, model, serial, version and uptime", () => {
    expect(parseShowVersion(N3K)).toEqual({
      hostname: "tor-3",
      vendor: "Cisco",
      model: "Nexus 3048",
      serial: "FOC12345ABC",
      osVersion: "9.3(8)",
      uptimeSeconds: 412 * 86_400 + 2 * 60 + 1,
      raw: { "show version": N3K },
    });
  });

  it("leaves what the output does not say empty", () => {
    expect(parseShowVersion("Cisco Nexus Operating System (NX-OS) Software\n")).toMatchObject({
      hostname: "",
      model: "",
      serial: "",
      osVersion: "",
      uptimeSeconds: null,
    });
  });
});

describe("factsFromNxapiVersion", () => {
  it("maps NX-API's show version fields", () => {
    const body = {
      host_name: "leaf-1",
      chassis_id: "Nexus9000 C9300v Chassis",
      proc_board_id: "9ZQRM3RPT4L",
      nxos_ver_str: "10.3(4a)",
      kern_uptm_days: 1,
      kern_uptm_hrs: 2,
      kern_uptm_mins: 3,
      kern_uptm_secs: 4,
    };
    expect(factsFromNxapiVersion(body, "{}")).toEqual({
      hostname: "leaf-1",
      vendor: "Cisco",
      model: "Nexus9000 C9300v",
      serial: "9ZQRM3RPT4L",
      osVersion: "10.3(4a)",
      uptimeSeconds: 86_400 + 2 * 3_600 + 3 * 60 + 4,
      raw: { "show version": "{}" },
    });
    expect(factsFromNxapiVersion({}, "").uptimeSeconds).toBeNull();
  });
});
