import { RpcError } from "./rpc-error.ts";
import { attr, clone, el, isLeaf, NC_NS, type XmlElement } from "./xml.ts";

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
const PREFIXES: Record<string, string> = {
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
function shellOf(node: XmlElement): XmlElement {
  const shell = el(node.name, node.ns);
  shell.attrs = node.attrs.filter((a) => !(a.name === "operation" && a.ns === NC_NS)).map((a) => ({ ...a }));
  shell.decls = { ...node.decls };
  dropBaseDecls(shell);
  return shell;
}

// ---------------------------------------------------------------------------------------------
// Subtree filtering (RFC 6241 section 6)

function filterMatches(filter: XmlElement, data: XmlElement): boolean {
  if (filter.name !== data.name) return false;
  // A filter element without a namespace matches every namespace.
  if (filter.ns !== "" && filter.ns !== data.ns) return false;
  // Attribute match expressions.
  for (const a of filter.attrs) {
    if (a.ns === NC_NS) continue;
    if (!data.attrs.some((d) => d.name === a.name && d.ns === a.ns && d.value === a.value)) return false;
  }
  return true;
}

function isContentMatch(f: XmlElement): boolean {
  return f.children.length === 0 && f.text.trim() !== "";
}

function* dataChildren(node: XmlElement): Generator<XmlElement> {
  yield* node.children;
  const gen = node.generated;
  if (gen) for (let i = 0; i < gen.count; i++) yield gen.element(i);
}

/** Filters one data node against a filter node that matches it; undefined when nothing is selected. */
function filterNode(data: XmlElement, filter: XmlElement): XmlElement | undefined {
  if (filter.children.length === 0) {
    // Selection node: the whole subtree. (Content match nodes are handled by the parent.)
    return clone(data);
  }
  const contentMatches = filter.children.filter(isContentMatch);
  for (const cm of contentMatches) {
    const ok = data.children.some(
      (d) => filterMatches(cm, d) && isLeaf(d) && d.text.trim() === cm.text.trim(),
    );
    if (!ok) return undefined;
  }
  const others = filter.children.filter((f) => !isContentMatch(f));
  if (others.length === 0) return clone(data);
  const out = shellOf(data);
  out.attrs = data.attrs.map((a) => ({ ...a }));
  let selected = false;
  for (const d of dataChildren(data)) {
    if (contentMatches.some((cm) => filterMatches(cm, d))) {
      out.children.push(clone(d));
      continue;
    }
    for (const f of others) {
      if (!filterMatches(f, d)) continue;
      const r = filterNode(d, f);
      if (r !== undefined) {
        out.children.push(r);
        selected = true;
        break;
      }
    }
  }
  if (!selected && contentMatches.length === 0) return undefined;
  return out;
}

/** Applies a subtree filter to the datastore's top-level nodes. An empty filter selects nothing. */
export function subtreeFilter(root: XmlElement, filter: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (const d of root.children) {
    for (const f of filter.children) {
      if (!filterMatches(f, d)) continue;
      if (isContentMatch(f)) {
        if (isLeaf(d) && d.text.trim() === f.text.trim()) out.push(clone(d));
        break;
      }
      const r = filterNode(d, f);
      if (r !== undefined) {
        out.push(r);
        break;
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// XPath filtering: absolute location paths with name tests and key predicates, joined by `|`.

interface XStep {
  ns: string | undefined;
  name: string;
  predicates: { ns: string | undefined; name: string; value: string }[];
}

function xpathError(message: string): RpcError {
  return new RpcError("protocol", "invalid-value", message, {
    info: { badAttribute: "select", badElement: "filter" },
  });
}

function splitTopLevel(expr: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = "";
  let start = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i]!;
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "[") depth++;
    else if (c === "]") depth--;
    else if (depth === 0 && expr.startsWith(sep, i)) {
      parts.push(expr.slice(start, i));
      start = i + sep.length;
    }
  }
  parts.push(expr.slice(start));
  return parts;
}

function parseQName(text: string, scope: Record<string, string>): { ns: string | undefined; name: string } {
  const t = text.trim();
  const colon = t.indexOf(":");
  if (colon < 0) return { ns: undefined, name: t };
  const prefix = t.slice(0, colon);
  const ns = scope[prefix];
  if (ns === undefined) throw xpathError(`XPath prefix "${prefix}" is not declared`);
  return { ns, name: t.slice(colon + 1) };
}

function parseXPath(expr: string, scope: Record<string, string>): XStep[] {
  const path = expr.trim();
  if (!path.startsWith("/") || path.startsWith("//"))
    throw xpathError(`only absolute location paths are supported, got "${expr}"`);
  const steps: XStep[] = [];
  for (const raw of splitTopLevel(path.slice(1), "/")) {
    const m = /^\s*([^[\s]+)\s*((?:\[[^\]]*\]\s*)*)$/.exec(raw);
    if (!m) throw xpathError(`unsupported XPath step "${raw}"`);
    const qname = m[1]!;
    if (!/^([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*|\*)$/.test(qname))
      throw xpathError(`unsupported XPath step "${raw}"`);
    const { ns, name } = parseQName(qname, scope);
    const predicates: XStep["predicates"] = [];
    for (const pm of (m[2] ?? "").matchAll(/\[([^\]]*)\]/g)) {
      for (const cond of splitTopLevel(pm[1]!, " and ")) {
        const c = /^\s*([A-Za-z_][\w.:-]*)\s*=\s*(?:'([^']*)'|"([^"]*)")\s*$/.exec(cond);
        if (!c) throw xpathError(`unsupported XPath predicate "[${pm[1]}]"`);
        const q = parseQName(c[1]!, scope);
        predicates.push({ ...q, value: c[2] ?? c[3] ?? "" });
      }
    }
    steps.push({ ns, name, predicates });
  }
  return steps;
}

function stepMatches(step: XStep, node: XmlElement): boolean {
  if (step.name !== "*" && step.name !== node.name) return false;
  if (step.ns !== undefined && step.ns !== node.ns) return false;
  return step.predicates.every((p) =>
    node.children.some(
      (c) =>
        c.name === p.name && (p.ns === undefined || p.ns === c.ns) && isLeaf(c) && c.text.trim() === p.value,
    ),
  );
}

/**
 * Selects nodes by an XPath of absolute location paths (`/if:interfaces/if:interface[if:name='x']`,
 * several joined by `|`) and returns them with their ancestors (and the ancestors' keys).
 * `scope` maps the prefixes in scope of the `select` attribute to namespaces.
 */
export function xpathFilter(root: XmlElement, expr: string, scope: Record<string, string>): XmlElement[] {
  const out: XmlElement[] = [];
  const copies = new Map<XmlElement, XmlElement>();
  const included = new Set<XmlElement>();
  for (const part of splitTopLevel(expr, "|")) {
    const steps = parseXPath(part, scope);
    let frontier: { node: XmlElement; chain: XmlElement[] }[] = [{ node: root, chain: [] }];
    for (const step of steps) {
      const next: typeof frontier = [];
      for (const { node, chain } of frontier) {
        for (const c of dataChildren(node)) {
          if (stepMatches(step, c)) next.push({ node: c, chain: [...chain, c] });
        }
      }
      frontier = next;
    }
    for (const { chain } of frontier) {
      let parentCopy: XmlElement | undefined;
      for (let i = 0; i < chain.length; i++) {
        const original = chain[i]!;
        const last = i === chain.length - 1;
        if (included.has(original)) break;
        let copy = copies.get(original);
        if (copy === undefined) {
          if (last) {
            copy = clone(original);
            included.add(original);
          } else {
            copy = shellOf(original);
            for (const k of keysOf(original) ?? []) {
              const kc = original.children.find((c) => c.name === k);
              if (kc) copy.children.push(clone(kc));
            }
          }
          copies.set(original, copy);
          if (parentCopy) parentCopy.children.push(copy);
          else out.push(copy);
        } else if (last) {
          // An ancestor shell selected later in full.
          const full = clone(original);
          copy.children = full.children;
          copy.generated = full.generated;
          included.add(original);
        }
        parentCopy = copy;
      }
    }
  }
  return out;
}
