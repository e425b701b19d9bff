import { factsFromIetfSystem, parseXmlFragment } from "@patchbay/netconf";
import { describe, expect, it } from "vitest";
import { factsFromJunosRpcs, parseJunosCliFacts, parseJunosDuration } from "./junos-facts.ts";

describe("parseJunosDuration", () => {
  it("reads weeks, days and a clock, and returns null for text without a duration", () => {
    expect(parseJunosDuration("3w2d 04:17")).toBe(3 * 604_800 + 2 * 86_400 + 4 * 3600 + 17 * 60);
    expect(parseJunosDuration("1d 02:03:04")).toBe(86_400 + 2 * 3600 + 3 * 60 + 4);
    expect(parseJunosDuration("00:15")).toBe(15 * 60);
    expect(parseJunosDuration("never")).toBeNull();
  });
});

describe("parseJunosCliFacts", () => {
  it("takes hostname, model and version from show version, the serial from the Chassis line", () => {
    const facts = parseJunosCliFacts({
      version: "Hostname: mx9\nModel: mx204\nJunos: 22.4R2.8\n",
      hardware:
        "Hardware inventory:\nItem             Version  Part number  Serial number     Description\nChassis                                JN1234ABCDEF      MX204\n",
      uptime: "System booted: 2025-10-31 05:55:00 UTC (1d 01:00 ago)\n",
    });
    expect(facts).toMatchObject({
      hostname: "mx9",
      vendor: "Juniper",
      model: "mx204",
      serial: "JN1234ABCDEF",
      osVersion: "22.4R2.8",
      uptimeSeconds: 90_000,
    });
    expect(Object.keys(facts.raw)).toEqual(["show version", "show chassis hardware", "show system uptime"]);
  });

  it("leaves serial empty and uptime null when those commands failed", () => {
    const facts = parseJunosCliFacts({ version: "Hostname: r\nModel: vsrx\nJunos: 21.1R1\n" });
    expect(facts.serial).toBe("");
    expect(facts.uptimeSeconds).toBeNull();
  });
});

describe("factsFromJunosRpcs", () => {
  it("reads software, chassis and uptime replies of a real Junos (junos:seconds attribute)", () => {
    const software = parseXmlFragment(
      "<software-information><host-name>mx1</host-name><product-model>mx960</product-model><junos-version>23.2R1.13</junos-version></software-information>",
    );
    const chassis = parseXmlFragment(
      "<chassis-inventory><chassis><name>Chassis</name><serial-number>JN11AB</serial-number></chassis></chassis-inventory>",
    );
    const uptime = parseXmlFragment(
      '<system-uptime-information xmlns:junos="http://xml.juniper.net/junos/*/junos"><system-booted-time><date-time>x</date-time><time-length junos:seconds="3600">01:00:00</time-length></system-booted-time></system-uptime-information>',
    );
    expect(factsFromJunosRpcs({ software, chassis, uptime, raw: {} })).toEqual({
      hostname: "mx1",
      vendor: "Juniper",
      model: "mx960",
      serial: "JN11AB",
      osVersion: "23.2R1.13",
      uptimeSeconds: 3600,
      raw: {},
    });
  });
});

describe("factsFromIetfSystem", () => {
  it("reads hostname, platform and the uptime from the boot and current times", () => {
    const ns = "urn:ietf:params:xml:ns:yang:ietf-system";
    const elements = parseXmlFragment(
      `<system xmlns="${ns}"><hostname>r1</hostname></system><system-state xmlns="${ns}"><platform><os-release>5.10</os-release><machine>x86_64</machine></platform><clock><current-datetime>2026-01-01T01:00:00Z</current-datetime><boot-datetime>2026-01-01T00:00:00Z</boot-datetime></clock></system-state>`,
    );
    expect(factsFromIetfSystem(elements, "Juniper", "<raw/>")).toMatchObject({
      hostname: "r1",
      model: "x86_64",
      osVersion: "5.10",
      uptimeSeconds: 3600,
      raw: { "get ietf-system": "<raw/>" },
    });
  });
});
