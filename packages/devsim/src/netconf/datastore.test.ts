import { describe, expect, it } from "vitest";
import { applyEdit, renderPath } from "./datastore.ts";
import { parseXml, toXml, type XmlElement } from "./xml.ts";

const NC = "urn:ietf:params:xml:ns:netconf:base:1.0";
const X = "urn:x";

function store(inner: string): XmlElement {
  return parseXml(`<data xmlns="${NC}">${inner}</data>`);
}
function config(inner: string): XmlElement {
  return parseXml(`<config xmlns="${NC}" xmlns:nc="${NC}">${inner}</config>`);
}
const body = (root: XmlElement): string => toXml(root.children, NC);

const base = `<top xmlns="${X}"><item><name>a</name><v>1</v></item><item><name>b</name><v>2</v></item><leaf>x</leaf></top>`;

describe("applyEdit", () => {
  it("merges into list entries matched by key and replaces leaf values", () => {
    const root = store(base);
    const r = applyEdit(
      root,
      config(`<top xmlns="${X}"><item><name>b</name><v>3</v><w>4</w></item></top>`),
      "merge",
      "stop-on-error",
    );
    expect(r.errors).toEqual([]);
    expect(body(root)).toBe(
      `<top xmlns="${X}"><item><name>a</name><v>1</v></item><item><name>b</name><v>3</v><w>4</w></item><leaf>x</leaf></top>`,
    );
    expect(r.edits.map((e) => [renderPath(e.target).xpath, e.operation])).toEqual([
      ["/n1:top/n1:item[n1:name='b']/n1:v", "merge"],
      ["/n1:top/n1:item[n1:name='b']/n1:w", "merge"],
    ]);
  });

  it("creates missing parents on merge", () => {
    const root = store("");
    applyEdit(root, config(`<top xmlns="${X}"><item><name>z</name></item></top>`), "merge", "stop-on-error");
    expect(body(root)).toBe(`<top xmlns="${X}"><item><name>z</name></item></top>`);
  });

  it("create fails with data-exists; delete fails with data-missing; remove does not", () => {
    const root = store(base);
    const created = applyEdit(
      root,
      config(`<top xmlns="${X}"><item nc:operation="create"><name>a</name></item></top>`),
      "merge",
      "stop-on-error",
    );
    expect(created.errors.map((e) => e.tag)).toEqual(["data-exists"]);
    expect(created.errors[0]?.path?.xpath).toBe("/n1:top/n1:item[n1:name='a']");
    const deleted = applyEdit(
      root,
      config(`<top xmlns="${X}"><item nc:operation="delete"><name>q</name></item></top>`),
      "merge",
      "stop-on-error",
    );
    expect(deleted.errors.map((e) => e.tag)).toEqual(["data-missing"]);
    const removed = applyEdit(
      root,
      config(`<top xmlns="${X}"><item nc:operation="remove"><name>q</name></item></top>`),
      "merge",
      "stop-on-error",
    );
    expect(removed.errors).toEqual([]);
    expect(body(root)).toBe(
      store(base)
        .children.map((c) => toXml(c, NC))
        .join(""),
    );
  });

  it("replace swaps the node and drops its old children", () => {
    const root = store(base);
    applyEdit(
      root,
      config(`<top xmlns="${X}"><item nc:operation="replace"><name>a</name><w>9</w></item></top>`),
      "merge",
      "stop-on-error",
    );
    expect(body(root)).toContain("<item><name>a</name><w>9</w></item>");
    expect(body(root)).not.toContain("<v>1</v>");
  });

  it("default-operation replace replaces the datastore, leaving out delete and remove nodes", () => {
    const root = store(base);
    applyEdit(
      root,
      config(`<other xmlns="${X}"><k>1</k><gone nc:operation="remove"/></other>`),
      "replace",
      "stop-on-error",
    );
    expect(body(root)).toBe(`<other xmlns="${X}"><k>1</k></other>`);
  });

  it("default-operation none only applies explicit operations and reports missing parents of deletes", () => {
    const root = store(base);
    const r = applyEdit(
      root,
      config(
        `<top xmlns="${X}"><leaf>ignored</leaf><item><name>a</name><v nc:operation="delete"/></item></top>`,
      ),
      "none",
      "stop-on-error",
    );
    expect(r.errors).toEqual([]);
    expect(body(root)).toContain("<leaf>x</leaf>");
    expect(body(root)).toContain("<item><name>a</name></item>");
    const missing = applyEdit(
      root,
      config(`<nowhere xmlns="${X}"><v nc:operation="delete"/></nowhere>`),
      "none",
      "stop-on-error",
    );
    expect(missing.errors.map((e) => e.tag)).toEqual(["data-missing"]);
  });

  it("stop-on-error stops at the first error, continue-on-error collects them all", () => {
    const edit = `<top xmlns="${X}"><item nc:operation="create"><name>a</name></item><leaf>y</leaf><item nc:operation="create"><name>b</name></item></top>`;
    const stopped = store(base);
    const s = applyEdit(stopped, config(edit), "merge", "stop-on-error");
    expect(s.errors).toHaveLength(1);
    expect(body(stopped)).toContain("<leaf>x</leaf>");
    const continued = store(base);
    const c = applyEdit(continued, config(edit), "merge", "continue-on-error");
    expect(c.errors).toHaveLength(2);
    expect(body(continued)).toContain("<leaf>y</leaf>");
  });

  it("rejects an operation value outside the five with bad-attribute", () => {
    const r = applyEdit(
      store(base),
      config(`<top xmlns="${X}" nc:operation="upsert"/>`),
      "merge",
      "stop-on-error",
    );
    expect(r.errors.map((e) => [e.tag, e.info?.badAttribute])).toEqual([["bad-attribute", "operation"]]);
  });

  it("rejects attributes without a namespace (an operation written without its prefix)", () => {
    const r = applyEdit(
      store(base),
      config(`<top xmlns="${X}" operation="delete"/>`),
      "merge",
      "stop-on-error",
    );
    expect(r.errors.map((e) => [e.tag, e.info?.badAttribute])).toEqual([["unknown-attribute", "operation"]]);
  });

  it("stores edited nodes without operation attributes or the base namespace declaration", () => {
    const root = store("");
    applyEdit(
      root,
      config(`<top xmlns="${X}" nc:operation="create"><leaf>1</leaf></top>`),
      "merge",
      "stop-on-error",
    );
    expect(body(root)).toBe(`<top xmlns="${X}"><leaf>1</leaf></top>`);
  });
});
