/**
 * `--limit` globs: `*` is any run of characters, `?` one character, everything else itself.
 *
 * Not a RegExp, and not picomatch: picomatch compiles `*a*a*a*a*a*a*a*a*a*a*c` to
 * `^(?:[^/]*?a[^/]*?a...c)$`, which V8 matches by backtracking; against a name of 28 `a`s that took
 * 45 ms and grows by about 7x for every 4 more characters (measured while writing this). Glob
 * matching needs no backtracking: the pattern splits at `*` into pieces, the first must start the
 * name, the last must end it, and each middle piece is best taken at its leftmost place after the
 * previous one (taking it later can only leave less room for the rest). That is at most
 * (name length x pattern length) character comparisons, for any pattern: linear in the name.
 */
export interface GlobMatcher {
  (name: string): boolean;
  /** Character comparisons made so far (for tests of the bound). */
  readonly steps: number;
}

/** True when `pattern` has a wildcard. */
export function isGlob(pattern: string): boolean {
  return pattern.includes("*") || pattern.includes("?");
}

/** A matcher for `pattern`. */
export function compileGlob(pattern: string): GlobMatcher {
  const pieces = pattern.split("*");
  const anchoredStart = pieces[0] as string;
  const anchoredEnd = pieces.length > 1 ? (pieces.at(-1) as string) : undefined;
  const middle = pieces.slice(1, -1).filter((p) => p !== "");
  let steps = 0;
  /** Whether `piece` matches `name` at `at` (`?` matches any one character). */
  const fits = (name: string, piece: string, at: number): boolean => {
    if (at < 0 || at + piece.length > name.length) return false;
    for (let i = 0; i < piece.length; i++) {
      steps++;
      const p = piece.charCodeAt(i);
      if (p !== 63 /* ? */ && p !== name.charCodeAt(at + i)) return false;
    }
    return true;
  };
  const match = ((name: string): boolean => {
    if (anchoredEnd === undefined) return name.length === pattern.length && fits(name, pattern, 0);
    if (!fits(name, anchoredStart, 0)) return false;
    let from = anchoredStart.length;
    const endAt = name.length - anchoredEnd.length;
    for (const piece of middle) {
      let at = from;
      while (at + piece.length <= endAt && !fits(name, piece, at)) at++;
      if (at + piece.length > endAt) return false;
      from = at + piece.length;
    }
    return endAt >= from && fits(name, anchoredEnd, endAt);
  }) as GlobMatcher;
  Object.defineProperty(match, "steps", { get: () => steps });
  return match;
}
