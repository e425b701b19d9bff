/**
 * Cisco-style command matching: every word may be abbreviated to a unique prefix
 * (`sh ip int br`). Patterns are space-separated words; `<n>` takes a number, `<word>` any word,
 * `<rest>` the rest of the line (zero or more words).
 */
export interface CommandSpec<T> {
  pattern: string;
  value: T;
}

export type MatchResult<T> =
  | { kind: "match"; value: T; args: string[]; pattern: string }
  | { kind: "invalid"; position: number; column: number }
  | { kind: "ambiguous" }
  | { kind: "incomplete" }
  | { kind: "empty" };

interface Compiled<T> {
  words: string[];
  spec: CommandSpec<T>;
}

export class CommandTable<T> {
  readonly #specs: Compiled<T>[];

  constructor(specs: readonly CommandSpec<T>[]) {
    this.#specs = specs.map((spec) => ({ words: spec.pattern.split(/\s+/).filter(Boolean), spec }));
  }

  match(line: string): MatchResult<T> {
    const tokens = tokenize(line);
    if (tokens.length === 0) return { kind: "empty" };
    let candidates = this.#specs;
    const args = new Map<Compiled<T>, string[]>();
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      const lower = token.text.toLowerCase();
      const next: Compiled<T>[] = [];
      const exact: Compiled<T>[] = [];
      const keywords = new Set<string>();
      for (const c of candidates) {
        const word = c.words[i] ?? (c.words[c.words.length - 1] === "<rest>" ? "<rest>" : undefined);
        if (word === undefined) continue;
        if (word === "<rest>") {
          next.push(c);
          continue;
        }
        if (word === "<word>" || (word === "<n>" && /^\d+$/.test(token.text))) {
          next.push(c);
          continue;
        }
        if (word.startsWith("<")) continue;
        if (word === lower) {
          exact.push(c);
          next.push(c);
        } else if (word.startsWith(lower)) {
          next.push(c);
          keywords.add(word);
        }
      }
      if (next.length === 0) return { kind: "invalid", position: i, column: token.column };
      if (exact.length > 0) {
        // An exact keyword wins over longer keywords it is a prefix of (`ip` over `ipv6`).
        candidates = next.filter((c) => exact.includes(c) || !isKeyword(c.words[i]));
      } else {
        if (keywords.size > 1 && !next.some((c) => !isKeyword(c.words[i]))) return { kind: "ambiguous" };
        candidates = next;
      }
      for (const c of candidates) {
        const word = c.words[i] ?? "<rest>";
        if (!isKeyword(word)) args.set(c, [...(args.get(c) ?? []), token.text]);
      }
    }
    const complete = candidates.filter(
      (c) =>
        c.words.length === tokens.length ||
        (c.words[c.words.length - 1] === "<rest>" && tokens.length >= c.words.length - 1),
    );
    if (complete.length === 0) return { kind: "incomplete" };
    // Prefer the most specific pattern: fewest placeholders.
    complete.sort((a, b) => placeholders(a.words) - placeholders(b.words));
    const best = complete[0]!;
    return { kind: "match", value: best.spec.value, args: args.get(best) ?? [], pattern: best.spec.pattern };
  }
}

function isKeyword(word: string | undefined): boolean {
  return word !== undefined && !word.startsWith("<");
}

function placeholders(words: readonly string[]): number {
  return words.filter((w) => w.startsWith("<")).length;
}

export interface Token {
  text: string;
  column: number;
}

export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  const re = /\S+/g;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) tokens.push({ text: m[0], column: m.index });
  return tokens;
}
