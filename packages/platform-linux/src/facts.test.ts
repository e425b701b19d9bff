import { describe, expect, it } from "vitest";
import { parseFacts, parseOsRelease, parseSections } from "./facts.ts";

const OUTPUT = [
  "@@hostname",
  "web1",
  "@@kernel",
  "6.1.0-18-amd64",
  "@@machine",
  "x86_64",
  "@@os-release",
  'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"',
  "ID=debian",
  "@@uptime",
  "12345.67 23456.78",
  "@@model",
  "",
  "@@serial",
  "",
].join("\n");

describe("facts parsing", () => {
  it("splits the script output into sections", () => {
    expect(parseSections(OUTPUT).kernel).toBe("6.1.0-18-amd64");
  });

  it("reads os-release values, quoted or not", () => {
    expect(parseOsRelease('NAME="A \\"quoted\\" name"\nID=debian\n# comment')).toEqual({
      NAME: 'A "quoted" name',
      ID: "debian",
    });
  });

  it("falls back to the machine type without a DMI model, and keeps the raw sections", () => {
    const facts = parseFacts(OUTPUT);
    expect(facts).toMatchObject({
      hostname: "web1",
      vendor: "Linux",
      model: "x86_64",
      serial: "",
      osVersion: "Debian GNU/Linux 12 (bookworm) (kernel 6.1.0-18-amd64)",
      uptimeSeconds: 12345,
    });
    expect(facts.raw.machine).toBe("x86_64");
  });

  it("reports an unknown uptime as null", () => {
    expect(parseFacts("@@hostname\nh\n@@uptime\n").uptimeSeconds).toBeNull();
  });
});
