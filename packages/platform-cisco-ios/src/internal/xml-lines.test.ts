import { describe, expect, it } from "vitest";
import { parseUptimeSince } from "./boot-time.ts";
import { xmlLines } from "./xml-lines.ts";

describe("xmlLines", () => {
  it("puts one element per line, indented, keeping namespaces, attributes and escaped text", () => {
    const xml =
      '<system xmlns="urn:x"><hostname>R&amp;1</hostname><ntp a="1"><enabled/></ntp></system><t xmlns:p="urn:p">p:v</t>';
    expect(xmlLines(xml)).toBe(
      [
        '<system xmlns="urn:x">',
        "  <hostname>R&amp;1</hostname>",
        '  <ntp a="1">',
        "    <enabled/>",
        "  </ntp>",
        "</system>",
        '<t xmlns:p="urn:p">p:v</t>',
        "",
      ].join("\n"),
    );
  });

  it("is empty for empty content", () => {
    expect(xmlLines("")).toBe("");
  });
});

describe("parseUptimeSince", () => {
  it("counts whole seconds from boot to the device's time, or to now", () => {
    expect(parseUptimeSince("2026-11-20T10:00:00+00:00", "2026-11-20T11:00:30.5+00:00")).toBe(3630);
    expect(parseUptimeSince("2026-11-20T10:00:00Z", "", new Date("2026-11-20T10:01:00Z"))).toBe(60);
    expect(parseUptimeSince("", "")).toBeNull();
    expect(parseUptimeSince("yesterday", "")).toBeNull();
  });
});
