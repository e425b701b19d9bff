import { parseXmlFragment } from "@patchbay/netconf";
import { describe, expect, it } from "vitest";
import { formatXml } from "./config-plugin.ts";

describe("formatXml", () => {
  it("puts one element per line, indents by depth, and declares a namespace only where it changes", () => {
    const xml = `<interfaces xmlns="urn:a">
        <interface><name>ge-0/0/0</name><description>a &amp; b</description><enabled/></interface>
      </interfaces><system xmlns="urn:b"><hostname>r1</hostname></system>`;
    expect(formatXml(parseXmlFragment(xml))).toBe(
      [
        '<interfaces xmlns="urn:a">',
        "  <interface>",
        "    <name>ge-0/0/0</name>",
        "    <description>a &amp; b</description>",
        "    <enabled/>",
        "  </interface>",
        "</interfaces>",
        '<system xmlns="urn:b">',
        "  <hostname>r1</hostname>",
        "</system>",
        "",
      ].join("\n"),
    );
  });

  it("gives the same text for the same data whatever the server's indentation, and nothing for nothing", () => {
    const a = formatXml(parseXmlFragment("<a xmlns='urn:x'><b>1</b><c>\n  </c></a>"));
    const b = formatXml(parseXmlFragment('<a xmlns="urn:x">\n  <b>1</b>\n  <c/>\n</a>'));
    expect(a).toBe(b);
    expect(formatXml([])).toBe("");
  });
});
