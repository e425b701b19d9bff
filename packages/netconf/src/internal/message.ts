import type { RpcErrorInfo } from "../errors.ts";
import type { ContentSource } from "../reply.ts";
import { parseXmlFragment, type XmlElement } from "../xml.ts";
import { type ChildSpan, type ScannedMessage, sliceMessage } from "./scanner.ts";

export const BASE_NS = "urn:ietf:params:xml:ns:netconf:base:1.0";
export const NOTIFICATION_NS = "urn:ietf:params:xml:ns:netconf:notification:1.0";

export type IncomingMessage =
  | { kind: "hello"; sessionId: string | undefined; capabilities: string[] }
  | {
      kind: "rpc-reply";
      messageId: string | undefined;
      ok: boolean;
      errors: RpcErrorInfo[];
      hasData: boolean;
      attributes: Record<string, string>;
      source: ContentSource;
      /** The whole `<rpc-reply>` element's text, joined on call. */
      raw: () => string;
    }
  | { kind: "notification"; eventTime: string; source: ContentSource };

/** The local name of the element whose start tag begins at `span.start`. */
function localNameAt(message: ScannedMessage, span: ChildSpan): string {
  const head = sliceMessage(message, span.start + 1, Math.min(span.tagEnd, span.start + 256));
  const qname = /^[^\s/>]+/.exec(head)?.[0] ?? "";
  const colon = qname.indexOf(":");
  return colon === -1 ? qname : qname.slice(colon + 1);
}

/** The root's local name, to know which children the envelope keeps. */
const KEPT: Record<string, ReadonlySet<string> | "all"> = {
  hello: "all",
  "rpc-reply": new Set(["rpc-error", "ok"]),
  notification: new Set(["eventTime"]),
};

/**
 * Turns a scanned message into what the session dispatches. Only the envelope is parsed here (by
 * saxes, strictly); the content of other children stays text for `XmlContent`. Throws `Error`s that
 * say what is wrong.
 */
export function decodeMessage(message: ScannedMessage, stripNamespaces: boolean): IncomingMessage {
  const rootName = localNameAt(message, message.root);
  const kept = KEPT[rootName];
  if (kept === undefined) throw new Error(`unexpected message <${rootName}>`);
  const names = message.children.map((c) => localNameAt(message, c));
  // The envelope: the root without the content of the children it does not keep. The prolog (XML
  // declaration, comments, whitespace, which servers put before or after a newline) is left out.
  const parts: string[] = [];
  let at = message.root.start;
  message.children.forEach((child, i) => {
    if (kept === "all" || kept.has(names[i] ?? "") || child.closeStart === child.tagEnd) return;
    parts.push(sliceMessage(message, at, child.tagEnd));
    at = child.closeStart;
  });
  parts.push(sliceMessage(message, at, message.root.end));
  const [root, ...extra] = parseXmlFragment(parts.join(""));
  if (root === undefined || extra.length > 0) throw new Error("expected exactly one root element");

  if (rootName === "hello") return decodeHello(root);

  const rootScope = { ...root.namespaces };
  if (rootName === "notification") {
    if (root.namespace !== NOTIFICATION_NS)
      throw new Error(`<notification> in namespace "${root.namespace}"`);
    const eventTime = root.children.find((c) => c.name === "eventTime")?.text.trim() ?? "";
    const ranges = message.children
      .filter((_, i) => names[i] !== "eventTime")
      .map((c) => [c.start, c.end] as const);
    return {
      kind: "notification",
      eventTime,
      source: { message, ranges, namespaces: rootScope, stripNamespaces },
    };
  }

  if (root.namespace !== BASE_NS) throw new Error(`<rpc-reply> in namespace "${root.namespace}"`);
  const attributes = { ...root.attributes };
  const errors: RpcErrorInfo[] = [];
  let ok = false;
  let dataIndex = -1;
  message.children.forEach((_, i) => {
    const el = root.children[i];
    if (el === undefined) return;
    if (el.namespace === BASE_NS && el.name === "rpc-error") errors.push(rpcErrorInfo(el));
    else if (el.namespace === BASE_NS && el.name === "ok") ok = true;
    else if (el.name === "data" && dataIndex === -1) dataIndex = i;
  });
  let ranges: Array<readonly [number, number]>;
  let namespaces = rootScope;
  const data = dataIndex === -1 ? undefined : message.children[dataIndex];
  if (data !== undefined) {
    ranges = [[data.tagEnd, data.closeStart]];
    namespaces = { ...rootScope, ...root.children[dataIndex]?.namespaces };
  } else {
    ranges = message.children
      .filter((_, i) => {
        const el = root.children[i];
        return !(el?.namespace === BASE_NS && (el.name === "rpc-error" || el.name === "ok"));
      })
      .map((c) => [c.start, c.end] as const);
  }
  return {
    kind: "rpc-reply",
    messageId: attributes["message-id"],
    ok,
    errors,
    hasData: data !== undefined,
    attributes: Object.fromEntries(Object.entries(attributes).filter(([k]) => k !== "message-id")),
    source: { message, ranges, namespaces, stripNamespaces },
    raw: () => sliceMessage(message, message.root.start, message.root.end),
  };
}

function decodeHello(root: XmlElement): IncomingMessage {
  if (root.namespace !== BASE_NS) throw new Error(`<hello> in namespace "${root.namespace}"`);
  const caps = root.children.find((c) => c.name === "capabilities");
  const capabilities = (caps?.children ?? [])
    .filter((c) => c.name === "capability")
    .map((c) => c.text.trim())
    .filter((c) => c !== "");
  const sessionId = root.children.find((c) => c.name === "session-id")?.text.trim();
  return { kind: "hello", sessionId, capabilities };
}

function rpcErrorInfo(el: XmlElement): RpcErrorInfo {
  const child = (name: string): XmlElement | undefined => el.children.find((c) => c.name === name);
  const text = (name: string): string | undefined => child(name)?.text.trim();
  const info: Record<string, string> = {};
  const infoEl = child("error-info");
  for (const c of infoEl?.children ?? []) info[c.name] = c.text.trim();
  const out: RpcErrorInfo = {
    type: text("error-type") ?? "",
    tag: text("error-tag") ?? "",
    severity: text("error-severity") ?? "error",
    info,
    infoXml: infoEl ? serialize(infoEl.children) : "",
  };
  const appTag = text("error-app-tag");
  if (appTag !== undefined) out.appTag = appTag;
  const path = text("error-path");
  if (path !== undefined) out.path = path;
  const msg = child("error-message")?.text;
  if (msg !== undefined) out.message = msg.trim();
  return out;
}

/**
 * A compact re-serialisation of small elements (error-info): each element declares its namespace
 * where the enclosing output has not, so the text stands alone.
 */
function serialize(elements: readonly XmlElement[], scope: Readonly<Record<string, string>> = {}): string {
  const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return elements
    .map((e) => {
      const name = e.prefix ? `${e.prefix}:${e.name}` : e.name;
      const inner: Record<string, string> = { ...scope };
      let decls = "";
      if ((scope[e.prefix] ?? "") !== e.namespace) {
        decls = ` ${e.prefix ? `xmlns:${e.prefix}` : "xmlns"}="${esc(e.namespace)}"`;
        inner[e.prefix] = e.namespace;
      }
      // Prefixes declared here may be used in attribute or text values (QNames): keep them.
      for (const [p, uri] of Object.entries(e.namespaces)) {
        if (p === e.prefix || inner[p] === uri) continue;
        decls += ` ${p ? `xmlns:${p}` : "xmlns"}="${esc(uri)}"`;
        inner[p] = uri;
      }
      const attrs = Object.entries(e.attributes)
        .map(([k, v]) => ` ${k}="${esc(v)}"`)
        .join("");
      return `<${name}${decls}${attrs}>${esc(e.text.trim() === "" && e.children.length > 0 ? "" : e.text)}${serialize(e.children, inner)}</${name}>`;
    })
    .join("");
}
