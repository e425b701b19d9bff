import { escapeXmlAttribute, escapeXmlText, parseXmlFragment, type XmlElement } from "@patchbay/netconf";

/**
 * XML content as indented lines, one element per line (leaves with their text), so that a line diff
 * of two configurations shows the leaves that changed. Namespace declarations and attributes are
 * kept where they were written; text is escaped again.
 */
export function xmlLines(xml: string): string {
  const out: string[] = [];
  for (const element of parseXmlFragment(xml)) write(out, element, 0);
  return out.length === 0 ? "" : `${out.join("\n")}\n`;
}

function write(out: string[], element: XmlElement, depth: number): void {
  const name = element.prefix === "" ? element.name : `${element.prefix}:${element.name}`;
  let open = `${"  ".repeat(depth)}<${name}`;
  for (const [prefix, uri] of Object.entries(element.namespaces)) {
    open += ` ${prefix === "" ? "xmlns" : `xmlns:${prefix}`}="${escapeXmlAttribute(uri)}"`;
  }
  for (const [key, value] of Object.entries(element.attributes))
    open += ` ${key}="${escapeXmlAttribute(value)}"`;
  if (element.children.length === 0) {
    const text = element.text.trim();
    out.push(text === "" ? `${open}/>` : `${open}>${escapeXmlText(text)}</${name}>`);
    return;
  }
  out.push(`${open}>`);
  for (const child of element.children) write(out, child, depth + 1);
  out.push(`${"  ".repeat(depth)}</${name}>`);
}
