/** A copy of `pattern` usable with `exec` from any position: no `g`/`y` state, with the `m` flag. */
export function searchable(pattern: RegExp): RegExp {
  const flags = pattern.flags.replace(/[gy]/g, "");
  return new RegExp(pattern.source, flags.includes("m") ? flags : `${flags}m`);
}

/** `text` with regular expression metacharacters escaped. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}
