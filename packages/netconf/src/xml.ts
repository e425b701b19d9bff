import { SaxesParser, type SaxesTagNS } from "saxes";

/** One parsed XML element. */
export interface XmlElement {
  /** Local name, without prefix. */
  readonly name: string;
  /** Namespace URI, or "" when none. */
  readonly namespace: string;
  /** The prefix as written ("" for none). */
  readonly prefix: string;
  /** Attributes by qualified name as written (`xc:operation`), namespace declarations excluded. */
  readonly attributes: Readonly<Record<string, string>>;
  /** Child elements in document order. */
  readonly children: readonly XmlElement[];
  /** The element's own text (its direct text and CDATA, concatenated; entities decoded). */
  readonly text: string;
  /** Namespace declarations made on this element, by prefix ("" for the default namespace). */
  readonly namespaces: Readonly<Record<string, string>>;
}

/** A value of `toObject`: leaf text, a nested object, or an array for repeated names. */
export type XmlValue = string | XmlObject | XmlValue[];
/** A plain object built from elements (see `toObject`). */
export interface XmlObject {
  [key: string]: XmlValue;
}

/** Options of `parseXmlFragment`. */
export interface ParseXmlOptions {
  /** Namespace prefixes in scope where the fragment sits (declared on enclosing elements). */
  namespaces?: Readonly<Record<string, string>>;
}

interface MutableElement {
  name: string;
  namespace: string;
  prefix: string;
  attributes: Record<string, string>;
  children: MutableElement[];
  text: string;
  namespaces: Record<string, string>;
}

/**
 * Parses XML (a document or a fragment with several top-level elements) with saxes, strictly:
 * malformed XML or an undeclared prefix throws an `Error` saying where.
 */
export function parseXmlFragment(xml: string, options: ParseXmlOptions = {}): XmlElement[] {
  return parseXmlContent(xml, options, false).elements;
}

/** Like `parseXmlFragment`, and with `withText`, text outside elements is collected, not refused. */
export function parseXmlContent(
  xml: string,
  options: ParseXmlOptions,
  withText: boolean,
): { elements: XmlElement[]; text: string } {
  let topText = "";
  const parser = new SaxesParser({
    xmlns: true,
    fragment: true,
    position: true,
    ...(options.namespaces ? { additionalNamespaces: { ...options.namespaces } } : {}),
  });
  const top: MutableElement[] = [];
  const stack: MutableElement[] = [];
  let failure: Error | undefined;
  parser.on("error", (err) => {
    failure ??= err;
  });
  parser.on("opentag", (tag: SaxesTagNS) => {
    const attributes: Record<string, string> = {};
    for (const attr of Object.values(tag.attributes)) {
      if (attr.prefix === "xmlns" || attr.name === "xmlns") continue;
      attributes[attr.name] = attr.value;
    }
    const el: MutableElement = {
      name: tag.local,
      namespace: tag.uri,
      prefix: tag.prefix,
      attributes,
      children: [],
      text: "",
      namespaces: { ...tag.ns },
    };
    const parent = stack.at(-1);
    if (parent) parent.children.push(el);
    else top.push(el);
    stack.push(el);
  });
  parser.on("closetag", () => {
    stack.pop();
  });
  const onText = (text: string): void => {
    const current = stack.at(-1);
    if (current) current.text += text;
    else if (withText) topText += text;
    else if (text.trim() !== "" && failure === undefined) {
      failure = new Error(`text outside any element: ${JSON.stringify(text.trim().slice(0, 40))}`);
    }
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  parser.write(xml);
  if (failure === undefined) parser.close();
  if (failure !== undefined) throw failure;
  return { elements: top, text: topText };
}

/** Options of `toObject`. */
export interface ToObjectOptions {
  /**
   * Keys are local names. With false, an element whose namespace differs from its parent's is keyed
   * `{namespace}name` (Clark notation), so same-named nodes of different modules stay apart.
   * @default true
   */
  stripNamespaces?: boolean;
}

/**
 * Plain objects from elements: an element with children becomes an object, a leaf its text (a leaf
 * with attributes an object with `#text`), attributes are `@name` keys, a name that repeats becomes an
 * array. Mixed content keeps only the child elements.
 */
export function toObject(elements: readonly XmlElement[], options: ToObjectOptions = {}): XmlObject {
  return membersOf(elements, "", options.stripNamespaces ?? true);
}

function membersOf(elements: readonly XmlElement[], parentNs: string, strip: boolean): XmlObject {
  const out: XmlObject = {};
  for (const el of elements) {
    const key =
      strip || el.namespace === parentNs || el.namespace === "" ? el.name : `{${el.namespace}}${el.name}`;
    const value = elementValue(el, strip);
    const prev = out[key];
    // Element values are never arrays, so an array here is a name seen before.
    if (prev === undefined) out[key] = value;
    else if (Array.isArray(prev)) prev.push(value);
    else out[key] = [prev, value];
  }
  return out;
}

function elementValue(el: XmlElement, strip: boolean): XmlValue {
  const attrs = Object.entries(el.attributes);
  // Whitespace alone is indentation (an empty container, pretty-printed), not a value.
  const text = el.text.trim() === "" ? "" : el.text;
  if (el.children.length === 0 && attrs.length === 0) return text;
  const obj: XmlObject = {};
  for (const [name, value] of attrs) obj[`@${name}`] = value;
  if (el.children.length === 0) {
    obj["#text"] = text;
    return obj;
  }
  const members = membersOf(el.children, el.namespace, strip);
  for (const [k, v] of Object.entries(members)) obj[k] = v;
  return obj;
}

const TEXT_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };
const ATTR_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  "\t": "&#9;",
  "\n": "&#10;",
  "\r": "&#13;",
};

/** Escapes text content (`&`, `<`, `>`; `>` too, so `]]>` never appears). */
export function escapeXmlText(text: string): string {
  return text.replace(/[&<>]/g, (c) => TEXT_ESCAPES[c] ?? c);
}

/** Escapes an attribute value for either quote style (whitespace kept as character references). */
export function escapeXmlAttribute(value: string): string {
  return value.replace(/[&<>"'\t\n\r]/g, (c) => ATTR_ESCAPES[c] ?? c);
}

const NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/;

/** Throws unless `name` is a plain XML name (optionally prefixed). */
export function assertXmlName(name: string, what = "element name"): string {
  if (!NAME.test(name)) throw new Error(`invalid XML ${what} ${JSON.stringify(name)}`);
  return name;
}

/**
 * A subtree given as an object, for filters and config: keys are element names (`prefix:name` allowed),
 * `@name` keys are attributes (`@xmlns` sets the namespace), `#text` is text; a string value is the
 * element's text, `""` or `null` an empty element (a selection node), an array repeats the element.
 * Everything is escaped.
 */
export type XmlInput = { [key: string]: XmlInputValue };
export type XmlInputValue = string | number | boolean | null | XmlInput | readonly XmlInputValue[];

/** Serialises `XmlInput` to XML text, escaping every name, attribute and text. */
export function buildXml(input: XmlInput): string {
  const out: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (key.startsWith("@") || key === "#text") {
      throw new Error(`attribute or text key ${JSON.stringify(key)} at the top level of an XML object`);
    }
    element(out, key, value);
  }
  return out.join("");
}

function element(out: string[], name: string, value: XmlInputValue): void {
  assertXmlName(name);
  if (Array.isArray(value)) {
    for (const item of value as readonly XmlInputValue[]) element(out, name, item);
    return;
  }
  if (value === null || value === "") {
    out.push(`<${name}/>`);
    return;
  }
  if (typeof value !== "object") {
    out.push(`<${name}>${escapeXmlText(String(value))}</${name}>`);
    return;
  }
  const obj = value as XmlInput;
  let open = `<${name}`;
  const body: string[] = [];
  for (const [key, v] of Object.entries(obj)) {
    if (key.startsWith("@")) {
      open += ` ${assertXmlName(key.slice(1), "attribute name")}="${escapeXmlAttribute(String(v ?? ""))}"`;
    } else if (key === "#text") {
      body.push(escapeXmlText(String(v ?? "")));
    } else {
      element(body, key, v);
    }
  }
  out.push(body.length === 0 ? `${open}/>` : `${open}>${body.join("")}</${name}>`);
}
