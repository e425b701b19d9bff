import { RpcError } from "./rpc-error.ts";
import { attr, clone, el, isLeaf, NC_NS, type XmlElement } from "./xml.ts";

/** The configuration datastores the server keeps. */
export type DatastoreName = "running" | "candidate" | "startup";

/**
 * Keys of the lists the simulator knows, by element name. Without YANG schemas the server cannot
 * tell a list from a container; an entry of any other list is matched by a `name` child leaf when
 * it has one, and otherwise the element is treated as a container (one instance).
 */
const LIST_KEYS: Record<string, readonly string[]> = {
  interface: ["name"],
  address: ["ip"],
  neighbor: ["ip"],
  route: ["prefix"],
  user: ["name"],
  server: ["name"],
  "authorized-key": ["name"],
  schema: ["identifier", "version", "format"],
  session: ["session-id"],
};

/** Well-known prefixes, used in error-path and netconf-config-change targets. */
export const PREFIXES: Record<string, string> = {
  "urn:ietf:params:xml:ns:yang:ietf-interfaces": "if",
  "urn:ietf:params:xml:ns:yang:ietf-ip": "ip",
  "urn:ietf:params:xml:ns:yang:ietf-system": "sys",
  "urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring": "ncm",
  [NC_NS]: "nc",
  "urn:patchbay:devsim:routes": "rt",
};

export type EditOperation = "merge" | "replace" | "create" | "delete" | "remove";
export type DefaultOperation = "merge" | "replace" | "none";
export type ErrorOption = "stop-on-error" | "continue-on-error" | "rollback-on-error";
const OPERATIONS = new Set(["merge", "replace", "create", "delete", "remove"]);

/** One applied change, for netconf-config-change notifications. */
export interface EditRecord {
  target: InstancePath;
  operation: EditOperation;
}

/** A step of an instance identifier. */
export interface PathStep {
  name: string;
  ns: string;
  keys: { name: string; ns: string; value: string }[];
}
export type InstancePath = PathStep[];

/** The key leaves of a list entry, or undefined for containers and leaves. */
export function keysOf(node: XmlElement): readonly string[] | undefined {
  if (isLeaf(node)) return undefined;
  const known = LIST_KEYS[node.name];
  if (known) return known;
  return node.children.some((c) => c.name === "name" && isLeaf(c)) ? ["name"] : undefined;
}

function keyValue(node: XmlElement, key: string): string | undefined {
  const c = node.children.find((x) => x.name === key && isLeaf(x));
  return c?.text.trim();
}

function sameNode(a: XmlElement, b: XmlElement): boolean {
  if (a.name !== b.name || a.ns !== b.ns) return false;
  const keys = keysOf(b) ?? (isLeaf(b) ? undefined : keysOf(a));
  if (keys === undefined) return true;
  return keys.every((k) => keyValue(a, k) === keyValue(b, k));
}

/** The step for `node` in an instance identifier. */
export function stepOf(node: XmlElement): PathStep {
  const keys = keysOf(node) ?? [];
  return {
    name: node.name,
    ns: node.ns,
    keys: keys.flatMap((k) => {
      const v = keyValue(node, k);
      return v === undefined ? [] : [{ name: k, ns: node.ns, value: v }];
    }),
  };
}

/** Renders an instance identifier with prefixes (`/if:interfaces/if:interface[if:name='x']`). */
export function renderPath(path: InstancePath): { xpath: string; ns: Record<string, string> } {
  const ns: Record<string, string> = {};
  const byUri = new Map<string, string>();
  const prefixOf = (uri: string): string => {
    if (uri === "") return "";
    let p = byUri.get(uri);
    if (p === undefined) {
      p = PREFIXES[uri] ?? `n${byUri.size + 1}`;
      byUri.set(uri, p);
      ns[p] = uri;
    }
    return `${p}:`;
  };
  let xpath = "";
  for (const step of path) {
    xpath += `/${prefixOf(step.ns)}${step.name}`;
    for (const k of step.keys) {
      const quote = k.value.includes("'") ? '"' : "'";
      xpath += `[${prefixOf(k.ns)}${k.name}=${quote}${k.value}${quote}]`;
    }
  }
  return { xpath: xpath || "/", ns };
}

/** The `operation` attribute of an edit node, validated. */
function operationOf(node: XmlElement, path: InstancePath): EditOperation | undefined {
  const value = attr(node, "operation", NC_NS);
  if (value === undefined) return undefined;
  if (!OPERATIONS.has(value))
    throw new RpcError("protocol", "bad-attribute", `operation="${value}" is not a NETCONF edit operation`, {
      path: renderPath(path),
      info: { badAttribute: "operation", badElement: node.name },
    });
  return value as EditOperation;
}

/** A copy of edit data without `operation` attributes and without delete/remove nodes. */
export function stripOperations(node: XmlElement): XmlElement {
  const copy = clone(node);
  const walk = (n: XmlElement): void => {
    n.attrs = n.attrs.filter((a) => !(a.name === "operation" && a.ns === NC_NS));
    dropBaseDecls(n);
    n.children = n.children.filter((c) => {
      const op = attr(c, "operation", NC_NS);
      return op !== "delete" && op !== "remove";
    });
    for (const c of n.children) walk(c);
  };
  walk(copy);
  return copy;
}

/** Drops declarations of the base namespace's prefix: they only served the operation attributes. */
function dropBaseDecls(n: XmlElement): void {
  for (const [prefix, uri] of Object.entries(n.decls))
    if (uri === NC_NS && prefix !== "") delete n.decls[prefix];
}

function hasOperation(node: XmlElement, ops: ReadonlySet<string>): boolean {
  const op = attr(node, "operation", NC_NS);
  if (op !== undefined && ops.has(op)) return true;
  return node.children.some((c) => hasOperation(c, ops));
}
const WRITES = new Set(["merge", "replace", "create"]);
const DELETES = new Set(["delete"]);

/** Outcome of {@link applyEdit}: what changed and the errors met. */
export interface EditResult {
  edits: EditRecord[];
  errors: RpcError[];
}

/**
 * Applies an edit-config `<config>` to `root` (the datastore's top element, whose children are the
 * top-level nodes) in place. With stop-on-error it stops at the first error (changes made before
 * stay, RFC 6241 7.2); with continue-on-error it goes on; the caller discards the copy for
 * rollback-on-error.
 */
export function applyEdit(
  root: XmlElement,
  config: XmlElement,
  defaultOperation: DefaultOperation,
  errorOption: ErrorOption,
): EditResult {
  const result: EditResult = { edits: [], errors: [] };
  const stopOnError = errorOption === "stop-on-error";
  class Stop extends Error {}
  const fail = (error: RpcError): void => {
    result.errors.push(error);
    if (stopOnError || errorOption === "rollback-on-error") throw new Stop();
  };
  const record = (path: InstancePath, operation: EditOperation): void => {
    if (result.edits.length < 100) result.edits.push({ target: path, operation });
  };

  const walk = (target: XmlElement, edit: XmlElement, parentOp: EditOperation | "none", at: InstancePath) => {
    for (const node of edit.children) {
      const path = [...at, stepOf(node)];
      let op: EditOperation | "none";
      try {
        op = operationOf(node, path) ?? parentOp;
      } catch (err) {
        fail(err as RpcError);
        continue;
      }
      const stray = node.attrs.find((a) => a.ns === "");
      if (stray !== undefined) {
        // Usually an `operation` written without the base namespace prefix, which would be ignored.
        fail(
          new RpcError(
            "application",
            "unknown-attribute",
            `<${node.name}> has an unknown attribute "${stray.name}"`,
            {
              path: renderPath(path),
              info: { badAttribute: stray.name, badElement: node.name },
            },
          ),
        );
        continue;
      }
      if (target.generated !== undefined) {
        fail(
          new RpcError(
            "application",
            "operation-not-supported",
            `<${target.name}> is generated content: replace or delete it as a whole`,
            { path: renderPath(at) },
          ),
        );
        continue;
      }
      const index = target.children.findIndex((c) => sameNode(c, node));
      const existing = index >= 0 ? target.children[index] : undefined;
      switch (op) {
        case "create":
          if (existing) {
            fail(
              new RpcError("application", "data-exists", `${renderPath(path).xpath} already exists`, {
                path: renderPath(path),
              }),
            );
            break;
          }
          target.children.push(stripOperations(node));
          record(path, op);
          break;
        case "delete":
        case "remove":
          if (!existing) {
            if (op === "delete")
              fail(
                new RpcError("application", "data-missing", `${renderPath(path).xpath} does not exist`, {
                  path: renderPath(path),
                }),
              );
            break;
          }
          target.children.splice(index, 1);
          record(path, op);
          break;
        case "replace":
          if (existing) target.children[index] = stripOperations(node);
          else target.children.push(stripOperations(node));
          record(path, op);
          break;
        case "merge":
          if (isLeaf(node)) {
            if (existing && isLeaf(existing) && existing.text === node.text) break;
            const copy = stripOperations(node);
            if (existing) target.children[index] = copy;
            else target.children.push(copy);
            record(path, op);
          } else if (existing) {
            if (existing.generated !== undefined && node.children.length === 0) break;
            walk(existing, node, "merge", path);
          } else {
            const shell = shellOf(node);
            target.children.push(shell);
            record(path, "merge");
            walk(shell, node, "merge", path);
          }
          break;
        case "none":
          if (isLeaf(node)) break;
          if (existing) walk(existing, node, "none", path);
          else if (hasOperation(node, DELETES))
            fail(
              new RpcError("application", "data-missing", `${renderPath(path).xpath} does not exist`, {
                path: renderPath(path),
              }),
            );
          else if (hasOperation(node, WRITES)) {
            const shell = shellOf(node);
            target.children.push(shell);
            walk(shell, node, "none", path);
          }
          break;
      }
    }
  };

  try {
    if (defaultOperation === "replace") {
      // The <config> replaces the whole datastore (RFC 6241 7.2, default-operation replace).
      for (const node of root.children) record([stepOf(node)], "delete");
      root.children = [];
      walk(root, config, "replace", []);
    } else {
      walk(root, config, defaultOperation, []);
    }
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
  }
  return result;
}

/** An empty element with the same identity (name, namespace, key leaves) as `node`. */
export function shellOf(node: XmlElement): XmlElement {
  const shell = el(node.name, node.ns);
  shell.attrs = node.attrs.filter((a) => !(a.name === "operation" && a.ns === NC_NS)).map((a) => ({ ...a }));
  shell.decls = { ...node.decls };
  dropBaseDecls(shell);
  return shell;
}
