import { describe, expect, it } from "vitest";
import { generatedRoutes, MAX_ROUTES, ROUTE_BYTES, routesElement } from "./routes.ts";
import { escapeAttr, escapeText, parseXml, serialize, toXml, XmlSyntaxError } from "./xml.ts";

describe("parseXml", () => {
  it("resolves namespaces of elements and attributes and keeps prefix declarations", () => {
    const root = parseXml(
      '<a xmlns="urn:a" xmlns:b="urn:b" xmlns:t="urn:t"><b:c b:op="x">1</b:c><d>t:value</d></a>',
    );
    expect(root.ns).toBe("urn:a");
    expect(root.decls).toEqual({ b: "urn:b", t: "urn:t" });
    expect(root.children[0]).toMatchObject({ name: "c", ns: "urn:b", text: "1" });
    expect(root.children[0]!.attrs).toEqual([{ name: "op", ns: "urn:b", prefix: "b", value: "x" }]);
  });

  it("drops whitespace between child elements but keeps leaf text as written", () => {
    const root = parseXml("<a>\n  <b> two words </b>\n</a>");
    expect(root.text).toBe("");
    expect(root.children[0]!.text).toBe(" two words ");
  });

  it.each([
    ["unclosed tags", "<a><b></a>"],
    ["undeclared prefixes", "<x:a/>"],
    ["a DOCTYPE", '<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>'],
    ["two roots", "<a/><b/>"],
    ["no element", "   "],
  ])("rejects %s", (_what, text) => {
    expect(() => parseXml(text)).toThrow(XmlSyntaxError);
  });
});

describe("serialization", () => {
  it("escapes markup in text and attributes and replaces characters XML cannot carry", () => {
    expect(escapeText("a<b>&c\r")).toBe("a&lt;b&gt;&amp;c&#13;");
    expect(escapeText("bell\u0007")).toBe("bell\ufffd");
    expect(escapeAttr('say "hi"\n')).toBe("say &quot;hi&quot;&#10;");
  });

  it("round-trips a parsed document", () => {
    const text = '<a xmlns="urn:a"><b xmlns="urn:b" xmlns:p="urn:p">p:v</b><c/><d>&lt;&amp;</d></a>';
    expect(toXml(parseXml(text))).toBe(text);
  });

  it("streams generated content in pieces of bounded size, byte for byte", () => {
    const routes = routesElement(5000);
    let total = 0;
    let pieces = 0;
    let largest = 0;
    let text = "";
    for (const piece of serialize([routes])) {
      text += piece.toString();
      total += piece.length;
      pieces++;
      largest = Math.max(largest, piece.length);
    }
    const wrapper = '<routes xmlns="urn:patchbay:devsim:routes"></routes>'.length;
    expect(total).toBe(5000 * ROUTE_BYTES + wrapper);
    expect(pieces).toBeGreaterThan(5);
    expect(largest).toBeLessThan(70 * 1024);
    // The byte writer and the string renderer agree, entry by entry.
    const gen = routes.generated!;
    let expected = "";
    for (let i = 0; i < 5000; i++) expected += gen.render(i);
    expect(text).toBe(`<routes xmlns="urn:patchbay:devsim:routes">${expected}</routes>`);
  });
});

describe("generated routes", () => {
  it("writes the same bytes as the string renderer far into the range, and distinct prefixes", () => {
    const gen = generatedRoutes(MAX_ROUTES);
    for (const i of [0, 155, 156, 24_335, 24_336, 1_000_000, MAX_ROUTES - 1]) {
      expect(gen.renderBytes!(i, 1).toString("latin1")).toBe(gen.render(i));
      expect(gen.render(i).length).toBe(ROUTE_BYTES);
    }
    expect(gen.render(MAX_ROUTES - 1)).toContain("<prefix>10.255.255.255/32</prefix>");
    expect(() => generatedRoutes(MAX_ROUTES + 1)).toThrow(RangeError);
  });
});
