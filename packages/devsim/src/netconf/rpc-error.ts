import { el, leaf, NC_NS, type XmlElement } from "./xml.ts";

/** RFC 6241 section 4.3 error-type. */
export type ErrorType = "transport" | "rpc" | "protocol" | "application";

/** RFC 6241 Appendix A error-tag values. */
export type ErrorTag =
  | "in-use"
  | "invalid-value"
  | "too-big"
  | "missing-attribute"
  | "bad-attribute"
  | "unknown-attribute"
  | "missing-element"
  | "bad-element"
  | "unknown-element"
  | "unknown-namespace"
  | "access-denied"
  | "lock-denied"
  | "resource-denied"
  | "rollback-failed"
  | "data-exists"
  | "data-missing"
  | "operation-not-supported"
  | "operation-failed"
  | "partial-operation"
  | "malformed-message";

/** The error-info children RFC 6241 Appendix A defines, plus any extra elements. */
export interface ErrorInfo {
  sessionId?: number;
  badAttribute?: string;
  badElement?: string;
  badNamespace?: string;
  okElement?: string;
  errElement?: string;
  noopElement?: string;
  extra?: XmlElement[];
}

/** One `<rpc-error>`; thrown by operation handlers and turned into the reply. */
export class RpcError extends Error {
  override readonly name = "RpcError";
  readonly type: ErrorType;
  readonly tag: ErrorTag;
  readonly severity: "error" | "warning";
  /** An absolute XPath to the offending node, with the namespaces its prefixes need. */
  readonly path: { xpath: string; ns: Record<string, string> } | undefined;
  readonly info: ErrorInfo | undefined;

  constructor(
    type: ErrorType,
    tag: ErrorTag,
    message: string,
    extra: { path?: { xpath: string; ns: Record<string, string> }; info?: ErrorInfo } = {},
  ) {
    super(message);
    this.type = type;
    this.tag = tag;
    this.severity = "error";
    this.path = extra.path;
    this.info = extra.info;
  }
}

/** Several errors from one operation (continue-on-error, validation). */
export class RpcErrors extends Error {
  override readonly name = "RpcErrors";
  readonly errors: RpcError[];
  constructor(errors: RpcError[]) {
    super(errors.map((e) => e.message).join("; "));
    this.errors = errors;
  }
}

/** The `<rpc-error>` element of an error. */
export function rpcErrorElement(error: RpcError): XmlElement {
  const children: XmlElement[] = [
    leaf("error-type", NC_NS, error.type),
    leaf("error-tag", NC_NS, error.tag),
    leaf("error-severity", NC_NS, error.severity),
  ];
  if (error.path) {
    const path = leaf("error-path", NC_NS, error.path.xpath);
    path.decls = { ...error.path.ns };
    children.push(path);
  }
  const message = leaf("error-message", NC_NS, error.message);
  message.attrs.push({
    name: "lang",
    ns: "http://www.w3.org/XML/1998/namespace",
    prefix: "xml",
    value: "en",
  });
  children.push(message);
  const info = error.info;
  if (info) {
    const items: XmlElement[] = [];
    if (info.sessionId !== undefined) items.push(leaf("session-id", NC_NS, String(info.sessionId)));
    if (info.badAttribute !== undefined) items.push(leaf("bad-attribute", NC_NS, info.badAttribute));
    if (info.badElement !== undefined) items.push(leaf("bad-element", NC_NS, info.badElement));
    if (info.badNamespace !== undefined) items.push(leaf("bad-namespace", NC_NS, info.badNamespace));
    if (info.okElement !== undefined) items.push(leaf("ok-element", NC_NS, info.okElement));
    if (info.errElement !== undefined) items.push(leaf("err-element", NC_NS, info.errElement));
    if (info.noopElement !== undefined) items.push(leaf("noop-element", NC_NS, info.noopElement));
    items.push(...(info.extra ?? []));
    if (items.length > 0) children.push(el("error-info", NC_NS, items));
  }
  return el("rpc-error", NC_NS, children);
}

/** Shorthands for the errors the server raises most. */
export const errors = {
  missingElement: (parent: string, name: string, type: ErrorType = "protocol"): RpcError =>
    new RpcError(type, "missing-element", `<${parent}> needs a <${name}> element`, {
      info: { badElement: name },
    }),
  unknownElement: (name: string, where: string, type: ErrorType = "protocol"): RpcError =>
    new RpcError(type, "unknown-element", `<${where}> has no element <${name}>`, {
      info: { badElement: name },
    }),
  operationFailed: (message: string, type: ErrorType = "application"): RpcError =>
    new RpcError(type, "operation-failed", message),
};
