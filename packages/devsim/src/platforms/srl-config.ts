import type { ConfigNode } from "../state.ts";

/**
 * SR Linux's configuration as flat paths: one top-level {@link ConfigNode} per path, without the
 * `set / ` prefix (`interface ethernet-1/1 description "to spine1"`), as `info flat` prints them.
 * Rendered as the brace tree `info` prints, and as the JSON the JSON-RPC API returns.
 */

/** List names and the name of their key leaf: the word after a list name is the key's value. */
const SRL_KEYS: Readonly<Record<string, string>> = {
  interface: "name",
  subinterface: "index",
  address: "ip-prefix",
  "network-instance": "name",
  neighbor: "peer-address",
  group: "group-name",
  "ssh-server": "name",
  route: "prefix",
  user: "username",
};

function isList(word: string): boolean {
  return Object.hasOwn(SRL_KEYS, word);
}

/** Splits a path into words, keeping a quoted value as one word (with its quotes). */
export function srlWords(text: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text))
    words.push(m[1] !== undefined ? `"${m[1]}"` : m[2]!);
  return words;
}

/** One step of a path: a container, a list entry (`interface ethernet-1/1`) or a leaf with its value. */
export interface SrlLabel {
  text: string;
  /** The name alone (a leaf's name without its value); equal to `text` for the others. */
  key: string;
  leaf: boolean;
}

/** The steps of a path: list names take the next word as their key; the last two words are a leaf. */
export function srlLabels(words: readonly string[]): SrlLabel[] {
  const out: SrlLabel[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (isList(w) && i + 1 < words.length) {
      out.push({ text: `${w} ${words[i + 1]}`, key: `${w} ${words[i + 1]}`, leaf: false });
      i++;
    } else if (i === words.length - 2) {
      out.push({ text: `${w} ${words[i + 1]}`, key: w, leaf: true });
      i++;
    } else out.push({ text: w, key: w, leaf: false });
  }
  return out;
}

function keys(line: string): string[] {
  return srlLabels(srlWords(line)).map((l) => l.key);
}

function startsWith(long: readonly string[], short: readonly string[]): boolean {
  return short.length <= long.length && short.every((s, i) => long[i] === s);
}

/** Sets a path: a leaf's old value goes, paths it extends go (they are implied), a path it implies is not added. */
export function srlSet(list: ConfigNode[], path: string): void {
  const words = srlWords(path);
  if (words.length === 0) return;
  const text = words.join(" ");
  const mine = keys(text);
  const labels = srlLabels(words);
  const last = labels[labels.length - 1]!;
  for (let i = list.length - 1; i >= 0; i--) {
    const theirs = keys(list[i]!.line);
    const sameLeaf = last.leaf && theirs.length === mine.length && startsWith(theirs, mine);
    if (sameLeaf || (theirs.length < mine.length && startsWith(mine, theirs))) list.splice(i, 1);
  }
  if (list.some((n) => n.line === text || (!last.leaf && startsWith(keys(n.line), mine)))) return;
  list.push({ line: text, children: [] });
}

/** Deletes a path and everything below it (word by word). Returns whether anything was removed. */
export function srlDelete(list: ConfigNode[], path: string): boolean {
  const target = srlWords(path);
  const before = list.length;
  for (let i = list.length - 1; i >= 0; i--) {
    if (startsWith(srlWords(list[i]!.line), target)) list.splice(i, 1);
  }
  return list.length !== before;
}

interface Trie {
  label: SrlLabel;
  children: Trie[];
}

function trie(lines: readonly string[]): Trie[] {
  const root: Trie[] = [];
  for (const line of lines) {
    let level = root;
    for (const label of srlLabels(srlWords(line))) {
      let child = level.find((c) => c.label.text === label.text);
      if (child === undefined) {
        child = { label, children: [] };
        level.push(child);
      }
      level = child.children;
    }
  }
  return root;
}

/** The brace tree `info` prints: four spaces per level, the top level indented once. */
export function renderSrlConfig(lines: readonly string[]): string {
  const out: string[] = [];
  const walk = (nodes: readonly Trie[], depth: number): void => {
    const pad = "    ".repeat(depth);
    for (const n of nodes) {
      if (n.label.leaf) out.push(`${pad}${n.label.text}`);
      else {
        out.push(`${pad}${n.label.text} {`);
        walk(n.children, depth + 1);
        out.push(`${pad}}`);
      }
    }
  };
  walk(trie(lines), 1);
  return out.length === 0 ? "" : `${out.join("\n")}\n`;
}

/** The paths of `lines` under `prefix` (a context's words), with the prefix removed. */
export function srlBelow(lines: readonly string[], prefix: readonly string[]): string[] {
  if (prefix.length === 0) return [...lines];
  const p = prefix.join(" ");
  return lines.filter((l) => l.startsWith(`${p} `)).map((l) => l.slice(p.length + 1));
}

function unquote(word: string): string {
  return /^".*"$/.test(word) ? word.slice(1, -1).replace(/\\(.)/g, "$1") : word;
}

function quote(value: string): string {
  return /^[\w./:-]+$/.test(value) ? value : `"${value.replace(/(["\\])/g, "\\$1")}"`;
}

/** The JSON the JSON-RPC `get` returns for a tree: containers as objects, lists as arrays of entries. */
export function srlJson(lines: readonly string[]): Record<string, unknown> {
  const build = (nodes: readonly Trie[]): Record<string, unknown> => {
    const obj: Record<string, unknown> = {};
    for (const n of nodes) {
      const words = srlWords(n.label.text);
      const name = words[0]!;
      if (n.label.leaf) obj[name] = unquote(words.slice(1).join(" "));
      else if (words.length === 2 && isList(name)) {
        obj[name] ??= [];
        (obj[name] as Record<string, unknown>[]).push({
          [SRL_KEYS[name]!]: unquote(words[1]!),
          ...build(n.children),
        });
      } else obj[name] = build(n.children);
    }
    return obj;
  };
  return build(trie(lines));
}

/** Turns a JSON value set at `prefix` (words) into flat paths. */
export function srlPathsFromJson(prefix: readonly string[], value: unknown): string[] {
  if (value === null || typeof value !== "object") {
    return [[...prefix, quote(String(value))].join(" ")];
  }
  const out: string[] = [];
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    if (Array.isArray(v) && isList(name)) {
      const keyName = SRL_KEYS[name]!;
      for (const entry of v as Record<string, unknown>[]) {
        const { [keyName]: key, ...rest } = entry;
        const base = [...prefix, name, quote(String(key))];
        const below = srlPathsFromJson(base, rest);
        out.push(...(below.length === 0 ? [base.join(" ")] : below));
      }
    } else if (v !== null && typeof v === "object") {
      const below = srlPathsFromJson([...prefix, name], v);
      out.push(...(below.length === 0 ? [[...prefix, name].join(" ")] : below));
    } else out.push([...prefix, name, quote(String(v))].join(" "));
  }
  return out;
}

/**
 * A JSON-RPC path (`/interface[name=ethernet-1/1]/description`) as CLI words
 * (`interface ethernet-1/1 description`); undefined when it is malformed.
 */
export function srlPathWords(path: string): string[] | undefined {
  if (!path.startsWith("/")) return undefined;
  const words: string[] = [];
  const re = /\/([\w\-:]+)((?:\[[\w-]+=[^\]]*\])*)/gy;
  let at = 0;
  if (path === "/") return [];
  for (let m = re.exec(path); m !== null; m = re.exec(path)) {
    words.push(m[1]!.replace(/^[\w-]+:/, ""));
    for (const k of m[2]!.matchAll(/\[[\w-]+=([^\]]*)\]/g)) words.push(quote(k[1]!));
    at = re.lastIndex;
  }
  return at === path.length ? words : undefined;
}
