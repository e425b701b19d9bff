import { describe, expect, it } from "vitest";
import { buildXml, escapeXmlAttribute, escapeXmlText, parseXmlFragment, toObject } from "./xml.ts";

describe("escaping", () => {
  it("escapes text so that no markup and no ]]> survive", () => {
    expect(escapeXmlText("a<b>&c]]>")).toBe("a&lt;b&gt;&amp;c]]&gt;");
  });

  it("escapes attribute values for both quote styles and keeps whitespace as references", () => {
    expect(escapeXmlAttribute(`a"b'c<&>\t\n\r`)).toBe("a&quot;b&apos;c&lt;&amp;&gt;&#9;&#10;&#13;");
  });
});

describe("buildXml", () => {
  it("builds nested elements, repeated elements, attributes, namespaces and empty selection nodes", () => {
    expect(
      buildXml({
        interfaces: {
          "@xmlns": "urn:if",
          interface: [
            { name: "a", enabled: true },
            { name: "b", mtu: 1500 },
          ],
          extra: null,
          note: {
            "@xc:operation": "delete",
            "@xmlns:xc": "urn:ietf:params:xml:ns:netconf:base:1.0",
            "#text": "x",
          },
        },
      }),
    ).toBe(
      '<interfaces xmlns="urn:if"><interface><name>a</name><enabled>true</enabled></interface><interface><name>b</name><mtu>1500</mtu></interface><extra/><note xc:operation="delete" xmlns:xc="urn:ietf:params:xml:ns:netconf:base:1.0">x</note></interfaces>',
    );
  });

  it("escapes every text and attribute value", () => {
    expect(buildXml({ a: { "@v": '"><script>', b: "</a><evil/>" } })).toBe(
      '<a v="&quot;&gt;&lt;script&gt;"><b>&lt;/a&gt;&lt;evil/&gt;</b></a>',
    );
  });

  it("refuses names that are not XML names", () => {
    expect(() => buildXml({ "a><b": "x" })).toThrow(/invalid XML element name/);
    expect(() => buildXml({ a: { '@x="1" y': "2" } })).toThrow(/invalid XML attribute name/);
    expect(() => buildXml({ "@top": "x" })).toThrow(/top level/);
  });
});

describe("parseXmlFragment and toObject", () => {
  it("parses a fragment with prefixes declared outside it", () => {
    const [el] = parseXmlFragment("<if:a><if:b>1</if:b></if:a>", { namespaces: { if: "urn:if" } });
    expect(el?.namespace).toBe("urn:if");
    expect(el?.children[0]).toMatchObject({ name: "b", prefix: "if", namespace: "urn:if", text: "1" });
  });

  it("throws on malformed XML and undeclared prefixes", () => {
    expect(() => parseXmlFragment("<a><b></a>")).toThrow();
    expect(() => parseXmlFragment("<x:a/>")).toThrow(/prefix/);
  });

  it("turns repeated names into arrays, attributes into @keys and leaves with attributes into #text", () => {
    const els = parseXmlFragment('<r xmlns="urn:r"><i>1</i><i>2</i><l u="m">5</l><e/><c>\n  </c></r>');
    expect(toObject(els)).toEqual({ r: { i: ["1", "2"], l: { "@u": "m", "#text": "5" }, e: "", c: "" } });
  });
});
