import { isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { InventoryError, type InventoryIssue } from "../errors.ts";

/**
 * Deepest nesting of mappings and lists a fleet file may have. Real fleet files stay under ten
 * levels; the limit keeps every later step (merging, resolving references) far from the stack limit.
 */
export const MAX_NESTING = 64;
/**
 * How many times aliases may expand nodes (yaml's `maxAliasCount`): enough for anchors shared by a
 * few groups, far too few for an alias bomb ("billion laughs").
 */
export const MAX_ALIAS_COUNT = 1_000;

type Path = readonly (string | number)[];

/** A parsed fleet file: its value, and where each path is in the text. */
export interface FleetDocument {
  readonly root: unknown;
  /** 1-based line and column of the node at `path` (its key with `atKey`); the nearest ancestor found. */
  position(path: Path, atKey?: boolean): { line?: number; column?: number };
  /** Whether `path` is written in the file. */
  has(path: Path): boolean;
}

/**
 * Parses fleet-file YAML. Every failure (syntax, duplicate keys, unresolved or excessive aliases,
 * nesting deeper than {@link MAX_NESTING}) is an `InventoryError` with the file and line.
 */
export function readFleetDocument(text: string, file: string): FleetDocument {
  const flowTooDeep = deepFlowOffset(text);
  if (flowTooDeep !== undefined) {
    const line = text.slice(0, flowTooDeep).split("\n").length;
    const message = `mappings and lists nest more than ${MAX_NESTING} levels deep`;
    throw new InventoryError({ issues: [{ file, line, column: 1, key: "(yaml)", message }] });
  }
  const lines = new LineCounter();
  // uniqueKeys is checked below with a set: yaml's own check compares every key with every
  // earlier one, which took 54 s for a mapping of 50,000 hosts.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: false });
  const fail = (issues: InventoryIssue[]): never => {
    throw new InventoryError({ issues });
  };
  const here = (offset: number | undefined): { line?: number; column?: number } => {
    if (offset === undefined) return {};
    const pos = lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  if (doc.errors.length > 0) {
    fail(
      doc.errors.map((error) => ({
        file,
        line: error.linePos?.[0]?.line,
        column: error.linePos?.[0]?.col,
        key: "(yaml)",
        // The first line of yaml's message ends with a colon before its excerpt.
        message: (error.message.split("\n")[0] ?? error.message).replace(/:\s*$/, ""),
      })),
    );
  }
  const contents = doc.contents as Node | null;
  const { problems: structural, hasAlias } = checkStructure(contents);
  if (structural.length > 0)
    fail(structural.map((s) => ({ file, ...here(s.offset), key: s.key, message: s.message })));
  let root: unknown;
  try {
    root = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // ReferenceError (unresolved or excessive aliases) or RangeError: name the first alias.
    const alias = firstAlias(contents);
    fail([
      {
        file,
        ...here(alias?.range?.[0] ?? 0),
        key: "(yaml)",
        message:
          error instanceof ReferenceError
            ? `${error.message.replace(/\.$/, "")} (at most ${MAX_ALIAS_COUNT} alias expansions)`
            : `the file cannot be read: ${error instanceof Error ? error.message : String(error)}`,
      },
    ]);
  }
  // Only aliases can make the data deeper than the document, which checkStructure measured.
  const height = hasAlias ? heightOf(root) : 0;
  if (height > MAX_NESTING) {
    const alias = firstAlias(contents);
    fail([
      {
        file,
        ...here(alias?.range?.[0] ?? 0),
        key: "(yaml)",
        message:
          height === Number.POSITIVE_INFINITY
            ? "an alias refers to the node that holds it (endless nesting)"
            : `aliases nest the data more than ${MAX_NESTING} levels deep`,
      },
    ]);
  }
  const index = new WeakMap<object, Map<unknown, { key: Node; value: Node | null }>>();
  const pairsOf = (node: Node): Map<unknown, { key: Node; value: Node | null }> => {
    let map = index.get(node);
    if (map === undefined) {
      map = new Map();
      if (isMap(node))
        for (const pair of node.items) {
          const key = keyValue(pair.key);
          if (!map.has(key)) map.set(key, { key: pair.key as Node, value: pair.value as Node | null });
        }
      index.set(node, map);
    }
    return map;
  };
  /** The node at `path`, or the nearest ancestor, and whether the whole path was found. */
  const walk = (path: Path, atKey: boolean): { node: Node | undefined; found: boolean } => {
    let node: Node | null | undefined = contents;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i];
      if (isMap(node)) {
        const pair = pairsOf(node).get(segment);
        if (pair === undefined) return { node, found: false };
        if (i === path.length - 1 && atKey) return { node: pair.key, found: true };
        if (pair.value === null) return { node: pair.key, found: i === path.length - 1 };
        node = pair.value;
      } else if (isSeq(node) && typeof segment === "number") {
        const item = node.items[segment] as Node | undefined;
        if (item === undefined) return { node, found: false };
        node = item;
      } else return { node: node ?? undefined, found: false };
    }
    return { node: node ?? undefined, found: true };
  };
  return {
    root,
    position: (path, atKey = false) => here(walk(path, atKey).node?.range?.[0]),
    has: (path) => walk(path, false).found,
  };
}

/**
 * Where `[` and `{` nest deeper than {@link MAX_NESTING}, outside quotes and comments, if they do.
 * yaml's parser survives deep flow nesting by catching stack overflows, at a cost of seconds for
 * 10,000 levels; this linear scan refuses such a file first. (A bracket inside a plain scalar is
 * counted too: only a file with dozens of unclosed ones could be refused wrongly.)
 */
function deepFlowOffset(text: string): number | undefined {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote !== undefined) {
      if (ch === "\\" && quote === '"') i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "#" && (i === 0 || text[i - 1] === " " || text[i - 1] === "\t" || text[i - 1] === "\n")) {
      const end = text.indexOf("\n", i);
      i = end === -1 ? text.length : end;
    } else if (ch === "[" || ch === "{") {
      if (++depth > MAX_NESTING) return i;
    } else if ((ch === "]" || ch === "}") && depth > 0) depth--;
  }
  return undefined;
}

function keyValue(key: unknown): unknown {
  return isScalar(key) ? key.value : key;
}

/** Duplicate keys and nesting depth, found without recursion (the input may be hostile). */
function checkStructure(root: Node | null): {
  problems: { offset: number | undefined; key: string; message: string }[];
  hasAlias: boolean;
} {
  let hasAlias = false;
  const problems: { offset: number | undefined; key: string; message: string }[] = [];
  const stack: { node: Node; depth: number }[] = root ? [{ node: root, depth: 1 }] : [];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: Node; depth: number };
    if (isAlias(node)) hasAlias = true;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > MAX_NESTING) {
      problems.push({
        offset: node.range?.[0],
        key: "(yaml)",
        message: `mappings and lists nest more than ${MAX_NESTING} levels deep`,
      });
      return { problems, hasAlias };
    }
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = keyValue(pair.key);
        if (seen.has(key)) {
          problems.push({
            offset: (pair.key as Node | null)?.range?.[0],
            key: String(key),
            message: "is defined twice in the same mapping",
          });
        }
        seen.add(key);
        if (pair.value) stack.push({ node: pair.value as Node, depth: depth + 1 });
      }
    } else for (const item of node.items) if (item) stack.push({ node: item as Node, depth: depth + 1 });
  }
  return { problems, hasAlias };
}

function firstAlias(root: Node | null): Node | undefined {
  const stack: Node[] = root ? [root] : [];
  let first: Node | undefined;
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (isAlias(node)) {
      if (first === undefined || (node.range?.[0] ?? 0) < (first.range?.[0] ?? 0)) first = node;
    } else if (isMap(node)) {
      for (const pair of node.items) {
        if (pair.value) stack.push(pair.value as Node);
        if (pair.key && typeof pair.key === "object") stack.push(pair.key as Node);
      }
    } else if (isSeq(node)) for (const item of node.items) if (item) stack.push(item as Node);
  }
  return first;
}

/**
 * The nesting height of plain data, without recursion; objects shared through aliases are measured
 * once, so an alias bomb that got past the alias limit costs its unique objects, not its expansion.
 */
function heightOf(value: unknown): number {
  if (typeof value !== "object" || value === null) return 0;
  const height = new Map<object, number>();
  const open = new Set<object>();
  const stack: object[] = [value];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as object;
    const children = Object.values(top).filter((v): v is object => typeof v === "object" && v !== null);
    if (!open.has(top)) {
      open.add(top);
      for (const child of children) {
        // An alias inside its own anchor makes a cycle: endless depth.
        if (open.has(child) && !height.has(child)) return Number.POSITIVE_INFINITY;
        if (!height.has(child)) stack.push(child);
      }
      continue;
    }
    stack.pop();
    if (height.has(top)) continue;
    let h = 0;
    for (const child of children) h = Math.max(h, height.get(child) ?? 0);
    height.set(top, h + 1);
    if (h + 1 > MAX_NESTING) return h + 1;
  }
  return height.get(value) ?? 0;
}
