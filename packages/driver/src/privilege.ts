import { escapeRegExp } from "./internal/regex.ts";
import type { PrivilegeLevel } from "./platform.ts";

const HOSTNAME_GROUP = "(?<hostname>";

/**
 * The shortest list of level names from `from` to `to` (both included), moving along the
 * escalate (previousPriv -> level) and deescalate (level -> previousPriv) edges; undefined if none.
 */
export function findPrivilegePath(
  levels: readonly PrivilegeLevel[],
  from: string,
  to: string,
): string[] | undefined {
  const edges = new Map<string, string[]>();
  const link = (a: string, b: string): void => {
    const list = edges.get(a) ?? [];
    list.push(b);
    edges.set(a, list);
  };
  for (const level of levels) {
    if (level.previousPriv === undefined) continue;
    if (level.escalate !== undefined) link(level.previousPriv, level.name);
    if (level.deescalate !== undefined) link(level.name, level.previousPriv);
  }
  const previous = new Map<string, string | undefined>([[from, undefined]]);
  const queue = [from];
  while (queue.length > 0) {
    const at = queue.shift() as string;
    if (at === to) {
      const path: string[] = [];
      for (let n: string | undefined = to; n !== undefined; n = previous.get(n)) path.unshift(n);
      return path;
    }
    for (const next of edges.get(at) ?? []) {
      if (!previous.has(next)) {
        previous.set(next, at);
        queue.push(next);
      }
    }
  }
  return undefined;
}

/** The level whose pattern matches `prompt` (and whose notContains strings it lacks). */
export function privilegeLevelOf(
  levels: readonly PrivilegeLevel[],
  prompt: string,
): PrivilegeLevel | undefined {
  const text = prompt.trim();
  for (const level of levels) {
    if (level.notContains.some((s) => text.includes(s))) continue;
    if (level.pattern.test(text) || level.pattern.test(prompt)) return level;
  }
  return undefined;
}

/** The hostname captured by the first level pattern with a `hostname` group that matches `prompt`. */
export function hostnameFromPrompt(levels: readonly PrivilegeLevel[], prompt: string): string | undefined {
  const text = prompt.trim();
  for (const level of levels) {
    if (level.notContains.some((s) => text.includes(s))) continue;
    const m = level.pattern.exec(text) ?? level.pattern.exec(prompt);
    const hostname = m?.groups?.hostname;
    if (hostname !== undefined) return hostname;
  }
  return undefined;
}

/** `pattern` with its `(?<hostname>...)` group replaced by the literal hostnames. */
export function anchorHostname(pattern: RegExp, hostnames: readonly string[]): RegExp {
  const source = pattern.source;
  const start = source.indexOf(HOSTNAME_GROUP);
  if (start === -1 || hostnames.length === 0) return pattern;
  const end = closingParen(source, start);
  const literal = hostnames.map(escapeRegExp).join("|");
  return new RegExp(
    `${source.slice(0, start)}${HOSTNAME_GROUP}${literal})${source.slice(end + 1)}`,
    pattern.flags,
  );
}

/** One pattern matching any of the levels' prompts (named groups made plain, as JS forbids duplicates). */
export function unionPattern(levels: readonly { pattern: RegExp }[]): RegExp {
  const parts = levels.map((l) => `(?:${l.pattern.source.replace(/\(\?<[A-Za-z_]\w*>/g, "(?:")})`);
  const insensitive = levels.some((l) => l.pattern.flags.includes("i"));
  return new RegExp(parts.join("|"), insensitive ? "im" : "m");
}

function closingParen(source: string, open: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") inClass = true;
    else if (c === "(") depth++;
    else if (c === ")") {
      depth--;
      if (depth === 0) return i;
    }
  }
  return source.length - 1;
}
