import { SaxesParser } from "saxes";

/** An attribute with its namespace (`""` for none). */
export interface XmlAttr {
  name: string;
  ns: string;
  /** The prefix it was written with, reused when it is serialized again. */
  prefix: string;
  value: string;
}

/**
 * Content too large to keep as elements (the generated routes): written by a generator straight
 * into the output, and walked entry by entry when a filter reaches into it.
 */
export interface GeneratedContent {
  /** How many entries there are. */
  readonly count: number;
  /** Entry `i` as XML text (no namespace declaration needed: it inherits the parent's). */
  render(i: number): string;
  /** Entry `i` as an element, for filtering. */
  element(i: number): XmlElement;
  /** Entries `start` to `start + count - 1` as UTF-8 bytes, when it can write them faster than `render`. */
  renderBytes?(start: number, count: number): Buffer;
}

/**
 * An element of a NETCONF message or datastore. Elements with child elements drop their text
 * (whitespace between tags); leaves keep theirs as it was written.
 */
export interface XmlElement {
  name: string;
  ns: string;
  attrs: XmlAttr[];
  /** Namespace prefixes declared on this element (prefix → URI), kept so QName values (identities) still resolve. */
  decls: Record<string, string>;
  children: XmlElement[];
  text: string;
  generated?: GeneratedContent;
}

export const NC_NS = "urn:ietf:params:xml:ns:netconf:base:1.0";
const XMLNS_NS = "http://www.w3.org/2000/xmlns/";

/** A new element. */
export function el(
  name: string,
  ns: string,
  children: XmlElement[] = [],
  text = "",
  attrs: XmlAttr[] = [],
): XmlElement {
  return { name, ns, attrs, decls: {}, children, text };
}

/** A leaf (an element with text only). */
export function leaf(name: string, ns: string, text: string): XmlElement {
  return el(name, ns, [], text);
}

/** Thrown for text that is not well-formed XML (or uses a DTD). */
export class XmlSyntaxError extends Error {
  override readonly name = "XmlSyntaxError";
}

/** Parses one XML document into elements with namespaces resolved. Throws {@link XmlSyntaxError}. */
export function parseXml(text: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let failure: Error | undefined;
  parser.on("error", (err) => {
    failure ??= err;
  });
  parser.on("doctype", () => {
    failure ??= new Error("a DOCTYPE is not allowed in NETCONF messages");
  });
  parser.on("opentag", (tag) => {
    const attrs: XmlAttr[] = [];
    const decls: Record<string, string> = {};
    for (const a of Object.values(tag.attributes)) {
      if (a.uri === XMLNS_NS) {
        if (a.prefix === "xmlns") decls[a.local] = a.value;
        continue;
      }
      attrs.push({ name: a.local, ns: a.uri, prefix: a.prefix, value: a.value });
    }
    const node: XmlElement = { name: tag.local, ns: tag.uri, attrs, decls, children: [], text: "" };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(node);
    else root = node;
    stack.push(node);
  });
  const onText = (t: string): void => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  parser.on("closetag", () => {
    const node = stack.pop();
    if (node && node.children.length > 0) node.text = "";
  });
  try {
    parser.write(text).close();
  } catch (err) {
    failure ??= err as Error;
  }
  if (failure) throw new XmlSyntaxError(failure.message.replace(/^undefined:/, "").trim());
  if (root === undefined) throw new XmlSyntaxError("no root element");
  return root;
}

/** Characters XML 1.0 cannot carry at all (C0 controls other than tab, LF, CR; U+FFFE; U+FFFF). */
function isForbidden(code: number): boolean {
  return (
    (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0xfffe || code === 0xffff
  );
}

const SPECIAL = /[&<>\r]/;

/** Escapes text content. Characters XML 1.0 cannot carry at all become U+FFFD. */
export function escapeText(s: string): string {
  let forbidden = false;
  for (let i = 0; i < s.length; i++) {
    if (isForbidden(s.charCodeAt(i))) {
      forbidden = true;
      break;
    }
  }
  if (!forbidden && !SPECIAL.test(s)) return s;
  let out = s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#13;");
  if (forbidden) {
    let clean = "";
    for (const ch of out) clean += isForbidden(ch.charCodeAt(0)) ? "\ufffd" : ch;
    out = clean;
  }
  return out;
}

/** Escapes an attribute value (double-quoted). */
export function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(/\t/g, "&#9;");
}

/** Pieces of at least this many characters are handed to the writer at once. */
const PIECE = 64 * 1024;

/**
 * Serializes elements as a stream of string pieces of roughly {@link PIECE} characters, so a
 * 100 MB reply is never one string. `parentNs` is the default namespace in scope.
 */
export function* serialize(nodes: readonly XmlElement[], parentNs = ""): Generator<string | Buffer> {
  let buf = "";
  const walk = function* (node: XmlElement, inheritedNs: string): Generator<string | Buffer> {
    let open = `<${node.name}`;
    if (node.ns !== inheritedNs) open += ` xmlns="${escapeAttr(node.ns)}"`;
    for (const [prefix, uri] of Object.entries(node.decls)) {
      if (prefix !== "") open += ` xmlns:${prefix}="${escapeAttr(uri)}"`;
    }
    for (const a of node.attrs) {
      if (a.ns === "") open += ` ${a.name}="${escapeAttr(a.value)}"`;
      else {
        const prefix = a.prefix || "a";
        if (node.decls[prefix] !== a.ns) open += ` xmlns:${prefix}="${escapeAttr(a.ns)}"`;
        open += ` ${prefix}:${a.name}="${escapeAttr(a.value)}"`;
      }
    }
    if (node.children.length === 0 && node.text === "" && node.generated === undefined) {
      buf += `${open}/>`;
      return;
    }
    buf += `${open}>`;
    if (node.children.length === 0 && node.generated === undefined) buf += escapeText(node.text);
    for (const child of node.children) {
      yield* walk(child, node.ns);
      if (buf.length >= PIECE) {
        yield buf;
        buf = "";
      }
    }
    const gen = node.generated;
    if (gen?.renderBytes && gen.count > 0) {
      if (buf !== "") yield buf;
      buf = "";
      const per = Math.max(1, Math.floor(PIECE / Math.max(1, gen.render(0).length)));
      for (let i = 0; i < gen.count; i += per) yield gen.renderBytes(i, Math.min(per, gen.count - i));
    } else if (gen) {
      for (let i = 0; i < gen.count; i++) {
        buf += gen.render(i);
        if (buf.length >= PIECE) {
          yield buf;
          buf = "";
        }
      }
    }
    buf += `</${node.name}>`;
  };
  for (const node of nodes) {
    yield* walk(node, parentNs);
    if (buf.length >= PIECE) {
      yield buf;
      buf = "";
    }
  }
  if (buf !== "") yield buf;
}

/** Serializes elements into one string (for small messages). */
export function toXml(nodes: XmlElement | readonly XmlElement[], parentNs = ""): string {
  let out = "";
  for (const piece of serialize(Array.isArray(nodes) ? nodes : [nodes as XmlElement], parentNs))
    out += typeof piece === "string" ? piece : piece.toString("utf8");
  return out;
}

/** A deep copy (generated content is shared: it is immutable). */
export function clone(node: XmlElement): XmlElement {
  const copy: XmlElement = {
    name: node.name,
    ns: node.ns,
    attrs: node.attrs.map((a) => ({ ...a })),
    decls: { ...node.decls },
    children: node.children.map(clone),
    text: node.text,
  };
  if (node.generated) copy.generated = node.generated;
  return copy;
}

/** The first child with this local name (and namespace, when given). */
export function child(node: XmlElement, name: string, ns?: string): XmlElement | undefined {
  return node.children.find((c) => c.name === name && (ns === undefined || c.ns === ns));
}

/** The value of an attribute by local name and namespace (`""` for an unqualified one). */
export function attr(node: XmlElement, name: string, ns = ""): string | undefined {
  return node.attrs.find((a) => a.name === name && a.ns === ns)?.value;
}

/** Whether an element is a leaf (no child elements, no generated content). */
export function isLeaf(node: XmlElement): boolean {
  return node.children.length === 0 && node.generated === undefined;
}
