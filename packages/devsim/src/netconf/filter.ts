import { MONITORING_NS } from "./capabilities.ts";
import { keysOf, PREFIXES, shellOf } from "./datastore.ts";
import { RpcError } from "./rpc-error.ts";
import { YANG_MODULES } from "./schemas.ts";
import { clone, isLeaf, NC_NS, type XmlElement } from "./xml.ts";

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

/** Module prefixes and names the server knows, to namespaces. */
const MODULE_PREFIXES = new Map<string, string>([
  ...Object.entries(PREFIXES).map(([uri, prefix]) => [prefix, uri] as [string, string]),
  ...YANG_MODULES.flatMap((m) => [
    [m.prefix, m.namespace] as [string, string],
    [m.name, m.namespace] as [string, string],
  ]),
  ["ietf-netconf-monitoring", MONITORING_NS],
]);

function parseQName(text: string, scope: Record<string, string>): { ns: string | undefined; name: string } {
  const t = text.trim();
  const colon = t.indexOf(":");
  if (colon < 0) return { ns: undefined, name: t };
  const prefix = t.slice(0, colon);
  // Clients (ncclient among them) often leave the prefixes undeclared, meaning YANG module
  // prefixes or names, as servers resolve them.
  const ns = scope[prefix] ?? MODULE_PREFIXES.get(prefix);
  if (ns === undefined)
    throw xpathError(`XPath prefix "${prefix}" is neither declared nor a known module prefix`);
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
