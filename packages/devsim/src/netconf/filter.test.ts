import { describe, expect, it } from "vitest";
import { subtreeFilter, xpathFilter } from "./filter.ts";
import { parseXml, toXml, type XmlElement } from "./xml.ts";

const NC = "urn:ietf:params:xml:ns:netconf:base:1.0";
const X = "urn:x";

function store(inner: string): XmlElement {
  return parseXml(`<data xmlns="${NC}">${inner}</data>`);
}

const base = `<top xmlns="${X}"><item><name>a</name><v>1</v></item><item><name>b</name><v>2</v></item><leaf>x</leaf></top>`;

describe("subtreeFilter", () => {
  const filter = (inner: string): XmlElement => parseXml(`<filter xmlns="${NC}">${inner}</filter>`);

  it("returns whole subtrees for selection nodes", () => {
    expect(toXml(subtreeFilter(store(base), filter(`<top xmlns="${X}"/>`)), NC)).toBe(base);
  });

  it("returns list entries whose content match nodes match, with the selected siblings", () => {
    const out = subtreeFilter(store(base), filter(`<top xmlns="${X}"><item><name>b</name><v/></item></top>`));
    expect(toXml(out, NC)).toBe(`<top xmlns="${X}"><item><name>b</name><v>2</v></item></top>`);
  });

  it("returns all of an entry when only content match nodes are given", () => {
    const out = subtreeFilter(store(base), filter(`<top xmlns="${X}"><item><name>a</name></item></top>`));
    expect(toXml(out, NC)).toBe(`<top xmlns="${X}"><item><name>a</name><v>1</v></item></top>`);
  });

  it("selects nothing for a namespace that does not match, and matches any namespace without one", () => {
    expect(subtreeFilter(store(base), filter(`<top xmlns="urn:other"/>`))).toEqual([]);
    expect(subtreeFilter(store(base), parseXml(`<filter><top/></filter>`))).toHaveLength(1);
  });
});

describe("xpathFilter", () => {
  it("selects a node with its ancestors and their keys", () => {
    const out = xpathFilter(store(base), "/x:top/x:item[x:name='b']/x:v", { x: X });
    expect(toXml(out, NC)).toBe(`<top xmlns="${X}"><item><name>b</name><v>2</v></item></top>`);
  });

  it("rejects relative paths and undeclared prefixes", () => {
    expect(() => xpathFilter(store(base), "top", {})).toThrow(/absolute/);
    expect(() => xpathFilter(store(base), "/y:top", {})).toThrow(/prefix "y"/);
  });

  it("resolves undeclared prefixes that are YANG module prefixes or names", () => {
    const root = store(
      `<system xmlns="urn:ietf:params:xml:ns:yang:ietf-system"><hostname>R1</hostname></system>`,
    );
    expect(xpathFilter(root, "/sys:system/sys:hostname", {})).toHaveLength(1);
    expect(xpathFilter(root, "/ietf-system:system", {})).toHaveLength(1);
  });
});
