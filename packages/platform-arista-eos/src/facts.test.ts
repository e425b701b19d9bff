import { describe, expect, it } from "vitest";
import { factsFromEapi, parseShowVersion } from "./facts.ts";
import { cleanEosConfig } from "./internal/session.ts";

const DCS = `Arista DCS-7050TX-64-R
Hardware version: 01.11
Serial number: JPE12345678
System MAC address: 001c.7300.0001

Software image version: 4.28.3M
Architecture: i686

Uptime: 1 week, 0 days, 2 hours and 1 minute
`;

describe("parseShowVersion", () => {
  it("reads model, serial, version and uptime, and the hostname from show hostname", () => {
    const hostname = "Hostname: spine-2\nFQDN:     spine-2.example.net\n";
    expect(parseShowVersion(DCS, hostname)).toEqual({
      hostname: "spine-2",
      vendor: "Arista",
      model: "DCS-7050TX-64-R",
      serial: "JPE12345678",
      osVersion: "4.28.3M",
      uptimeSeconds: 7 * 86_400 + 2 * 3_600 + 60,
      raw: { "show version": DCS, "show hostname": hostname },
    });
  });

  it("leaves an empty serial empty", () => {
    expect(parseShowVersion("Arista vEOS\nSerial number: \nSoftware image version: 4.31.2F\n").serial).toBe(
      "",
    );
  });
});

describe("factsFromEapi", () => {
  it("maps eAPI's show version and show hostname, uptime in whole seconds", () => {
    const facts = factsFromEapi(
      { modelName: "vEOS-lab", serialNumber: "SN1", version: "4.31.2F", uptime: 99.7 },
      { hostname: "leaf1", fqdn: "leaf1.lab" },
      { "show version": "{}" },
    );
    expect(facts).toEqual({
      hostname: "leaf1",
      vendor: "Arista",
      model: "vEOS-lab",
      serial: "SN1",
      osVersion: "4.31.2F",
      uptimeSeconds: 99,
      raw: { "show version": "{}" },
    });
    expect(factsFromEapi({ bootupTimestamp: 1000.5, currentTime: 1100 }, {}, {}).uptimeSeconds).toBe(99);
    expect(factsFromEapi({}, {}, {}).uptimeSeconds).toBeNull();
  });
});

describe("session helpers", () => {
  it("drops the header comments that differ between running and session configurations", () => {
    expect(cleanEosConfig("! Command: show session-config\n! device: R1 (vEOS)\n!\nhostname R1\n")).toBe(
      "! device: R1 (vEOS)\n!\nhostname R1\n",
    );
  });
});
