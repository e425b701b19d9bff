import { parseXmlFragment } from "@patchbay/netconf";
import { describe, expect, it } from "vitest";
import { factsFromNetconf } from "./netconf-facts.ts";

const HW = "http://cisco.com/ns/yang/Cisco-IOS-XE-device-hardware-oper";

describe("factsFromNetconf", () => {
  it("reads hostname, version, chassis part number and serial, and uptime from IOS-XE data", () => {
    const config = parseXmlFragment(
      '<native xmlns="http://cisco.com/ns/yang/Cisco-IOS-XE-native"><hostname>edge-1</hostname></native>',
    );
    const state = parseXmlFragment(
      `<device-hardware-data xmlns="${HW}"><device-hardware>
        <device-inventory><hw-type>hw-type-module</hw-type><part-number>NIM-ES2-4</part-number><serial-number>M1</serial-number></device-inventory>
        <device-inventory><hw-type>hw-type-chassis</hw-type><part-number>C8300-1N1S-4T2X</part-number><serial-number>FDO2513M0AB</serial-number></device-inventory>
        <device-system-data>
          <boot-time>2026-11-01T00:00:00+00:00</boot-time>
          <current-time>2026-11-02T01:00:05+00:00</current-time>
          <software-version>Cisco IOS XE Software, Version 17.09.04a
Cisco IOS Software [Cupertino], ...</software-version>
        </device-system-data>
      </device-hardware></device-hardware-data>`,
    );
    expect(factsFromNetconf(config, state, { a: "b" })).toEqual({
      hostname: "edge-1",
      vendor: "Cisco",
      model: "C8300-1N1S-4T2X",
      serial: "FDO2513M0AB",
      osVersion: "17.09.04a",
      uptimeSeconds: 86_400 + 3_600 + 5,
      raw: { a: "b" },
    });
  });

  it("falls back to ietf-system and leaves the rest empty", () => {
    const config = parseXmlFragment(
      '<system xmlns="urn:ietf:params:xml:ns:yang:ietf-system"><hostname>R1</hostname></system>',
    );
    const state = parseXmlFragment(
      '<system-state xmlns="urn:ietf:params:xml:ns:yang:ietf-system"><platform><os-version>17.3.1</os-version></platform></system-state>',
    );
    expect(factsFromNetconf(config, state, {})).toMatchObject({
      hostname: "R1",
      model: "",
      serial: "",
      osVersion: "17.3.1",
      uptimeSeconds: null,
    });
  });
});
