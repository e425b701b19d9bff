import { describe, expect, it } from "vitest";
import { parseFrrVersion, parseUptime } from "./facts.ts";

describe("parseFrrVersion", () => {
  it("reads the version and hostname of FRR 8.4's show version, and leaves what it does not print empty", () => {
    const output =
      "FRRouting 8.4.4 (frr1) on Linux(6.1.0-18-amd64).\nCopyright 1996-2005 Kunihiro Ishiguro, et al.\nconfigured with:\n    '--prefix=/usr'\n";
    const facts = parseFrrVersion(output, "ignored");
    expect(facts).toEqual({
      hostname: "frr1",
      vendor: "FRRouting",
      model: "",
      serial: "",
      osVersion: "8.4.4",
      uptimeSeconds: null,
      raw: { "show version": output },
    });
  });

  it("falls back to the prompt's hostname when show version does not name the router", () => {
    const facts = parseFrrVersion("some unexpected banner\n", "r9");
    expect(facts.hostname).toBe("r9");
    expect(facts.osVersion).toBe("");
  });
});

describe("parseUptime", () => {
  it("adds up clock and unit parts, and returns null when nothing is recognised", () => {
    expect(parseUptime("3 days, 04:17:33")).toBe(3 * 86_400 + 4 * 3600 + 17 * 60 + 33);
    expect(parseUptime("1d02h")).toBe(86_400 + 7200);
    expect(parseUptime("2 weeks")).toBe(1_209_600);
    expect(parseUptime("unknown")).toBeNull();
  });
});
