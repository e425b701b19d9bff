import type { ConfigDialect } from "@patchbay/driver/ssh";

/** Configuration statements `loadConfig` accepts; anything else (commit, discard, enter...) is refused. */
const STATEMENT = /^(set|delete)\s+\S/;

/** Lists whose entries are named by their key (`address 10.0.0.1/30`): removing one keeps the key. */
const LISTS = new Set([
  "interface",
  "subinterface",
  "address",
  "network-instance",
  "neighbor",
  "group",
  "route",
  "user",
  "ssh-server",
]);

function words(line: string): string[] {
  return line.match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
}

/**
 * The removal of a flat `set / ...` line: a list entry by its key (`delete / interface ethernet-1/1
 * subinterface 0 ipv4 address 10.0.0.1/30`), a leaf by its name without the value (`delete /
 * interface ethernet-1/1 description`).
 */
export function negateSrlinuxLine(line: string): string {
  const w = words(line.trim());
  w[0] = "delete";
  const keyed = w.length >= 2 && LISTS.has(w[w.length - 2]!);
  return (keyed || w.length <= 3 ? w : w.slice(0, -1)).join(" ");
}

/**
 * SR Linux has a candidate: `enter candidate`, the flat `set / ...` and `delete / ...` lines, then
 * `commit now` (which commits and returns to running mode) in one visit; a rejected line or a
 * failed commit ends the visit with `discard now`, so nothing is applied. The preview is `info from
 * candidate` inside the visit. A replace deletes the running lines the new configuration lacks.
 */
export const srlinuxDialect: ConfigDialect = {
  entry: "candidate",
  format: "set",
  split: (config) =>
    config
      .replace(/\r\n?/g, "\n")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l !== "" && !l.startsWith("#")),
  checkLine: (line) =>
    STATEMENT.test(line) ? undefined : "is not a configuration statement (set or delete)",
  showCandidate: "info from candidate",
  abort: ["discard now"],
  commit: () => ["commit now"],
  committed: /All changes have been committed/,
  replace: {
    how: "diff",
    flat: true,
    runningFormat: "set",
    negate: negateSrlinuxLine,
    keep: /^#/,
  },
  save: { command: "save startup", ok: /Saved current running configuration/ },
};
