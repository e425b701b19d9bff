import { suggestKey } from "@patchbay/core";
import { InventoryError, type InventoryIssue } from "../errors.ts";
import { compileGlob, isGlob } from "./glob.ts";

/** The tokens of a `--limit`: comma-separated, as one string or a list. */
export function limitTokens(limit: string | readonly string[] | undefined): string[] {
  return (typeof limit === "string" ? [limit] : (limit ?? []))
    .flatMap((t) => t.split(","))
    .map((t) => t.trim())
    .filter(Boolean);
}

/**
 * The names `limit` selects among `names` (in their order): group names, host names and globs.
 * Undefined when the limit is empty (everything). An entry that matches nothing is an
 * `InventoryError` with the closest group or host name.
 */
export function selectNames(
  limit: string | readonly string[] | undefined,
  names: readonly string[],
  groups: ReadonlyMap<string, readonly string[]>,
  file: string,
): Set<string> | undefined {
  const tokens = limitTokens(limit);
  if (tokens.length === 0) return undefined;
  const known = new Set(names);
  const chosen = new Set<string>();
  const unmatched: InventoryIssue[] = [];
  for (const token of tokens) {
    let matched = false;
    const members = groups.get(token);
    if (members !== undefined) {
      matched = true;
      for (const h of members) chosen.add(h);
    }
    if (isGlob(token)) {
      const match = compileGlob(token);
      for (const h of names)
        if (match(h)) {
          chosen.add(h);
          matched = true;
        }
    } else if (known.has(token)) {
      chosen.add(token);
      matched = true;
    }
    if (!matched) {
      unmatched.push({
        file,
        key: "limit",
        message: `${JSON.stringify(token)} matches no host or group`,
        suggestion: suggestKey(token, [...groups.keys(), ...(names.length <= 10_000 ? names : [])]),
      });
    }
  }
  if (unmatched.length > 0) throw new InventoryError({ issues: unmatched });
  return chosen;
}
