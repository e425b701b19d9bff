// Python `re` pattern -> JavaScript RegExp with the same matches and the same captures, or a
// PyRegexError naming the construct that has no faithful translation. JavaScript and Python differ
// in more than syntax; each difference handled here has a reason next to it.
import { type Node, PyRegexError, parsePyRegex, type SetItem } from "./py-regex-parse.ts";
import { PY_DIGIT, PY_SPACE, PY_WORD } from "./unicode-sets.ts";

export { PyRegexError };

export interface TranslatedRegex {
  /**
   * The JavaScript RegExp, sticky: `exec` at lastIndex 0 is Python's `re.match`. Built on first use:
   * Python's Unicode classes make it slow to construct.
   */
  readonly regex: RegExp;
  /** The same pattern for strings without non-ASCII characters (small classes, fast to build). */
  readonly ascii: RegExp;
  /** Number of Python capturing groups. */
  groups: number;
  /** JavaScript capture index of each Python group (index 0 unused). */
  jsIndex: number[];
  /** Named groups in Python group order: [name, JavaScript capture index]. */
  names: Array<[string, number]>;
}

function hexRanges(spec: string): string {
  return spec
    .split(",")
    .map((part) => {
      const [lo, hi] = part.split("-");
      return hi === undefined ? `\\u{${lo}}` : `\\u{${lo}}-\\u{${hi}}`;
    })
    .join("");
}

// Python 3's \w, \d, \s are Unicode-aware with its own tables (str patterns); JavaScript's are
// ASCII (and its \s differs: no \x1c-\x1f or \x85, but \ufeff). Spell Python's sets out.
// The third table is the Unicode sets restricted to ASCII: exact for subjects that are pure ASCII.
type ClassTable = { d: string; w: string; s: string };
let unicodeTable: ClassTable | null = null;
const ASCII_FLAG_TABLE: ClassTable = { d: "0-9", w: "a-zA-Z0-9_", s: "\\t\\n\\v\\f\\r " };
const ASCII_SUBJECT_TABLE: ClassTable = { d: "0-9", w: "a-zA-Z0-9_", s: "\\t-\\r\\x1c-\\x20" };
function unicodeClasses(): ClassTable {
  unicodeTable ??= { d: hexRanges(PY_DIGIT), w: hexRanges(PY_WORD), s: hexRanges(PY_SPACE) };
  return unicodeTable;
}

function catBody(c: string, ascii: boolean, table: ClassTable): { body: string; neg: boolean } {
  const set = ascii ? ASCII_FLAG_TABLE : table;
  const lower = c.toLowerCase() as "d" | "w" | "s";
  return { body: set[lower], neg: c !== lower };
}

function lit(cp: number): string {
  if ((cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || cp === 0x5f)
    return String.fromCodePoint(cp);
  return `\\u{${cp.toString(16)}}`;
}

// Python's case-insensitive matching makes I, i, U+0130 (dotted capital I) and U+0131 (dotless
// small i) one class (its lower-case mapping sends U+0130 to i); JavaScript's simple case folding
// does not. The other way round, JavaScript folds letters added after Unicode 14 (Python 3.11's
// tables) that Python does not know; a pattern would have to contain such a letter to differ.
const DOTTED_I = [0x49, 0x69, 0x130, 0x131];

function withDottedI(items: SetItem[]): SetItem[] {
  const covers = items.some((it) =>
    it.k === "lit"
      ? DOTTED_I.includes(it.cp)
      : it.k === "range" && DOTTED_I.some((c) => c >= it.lo && c <= it.hi),
  );
  return covers ? [...items, ...DOTTED_I.map((cp): SetItem => ({ k: "lit", cp }))] : items;
}

/**
 * A Python character set in JavaScript's `u` mode (faster than `v` mode in V8), which cannot nest
 * classes: complemented categories (\\D, \\W, \\S) inside a set become alternatives or lookaheads.
 */
function emitSet(neg: boolean, items: SetItem[], ascii: boolean, table: ClassTable): string {
  let pos = "";
  const negs: string[] = [];
  for (const item of items) {
    if (item.k === "lit") pos += lit(item.cp);
    else if (item.k === "range") pos += `${lit(item.lo)}-${lit(item.hi)}`;
    else {
      const { body, neg: complement } = catBody(item.c, ascii, table);
      if (complement) negs.push(body);
      else pos += body;
    }
  }
  if (negs.length === 0) return `[${neg ? "^" : ""}${pos}]`;
  if (!neg) return `(?:${[...(pos ? [`[${pos}]`] : []), ...negs.map((b) => `[^${b}]`)].join("|")})`;
  // Not (pos or not N1 or not N2 ...) = not pos, and N1, and N2 ...
  const last = negs[negs.length - 1] as string;
  return `(?:${pos ? `(?![${pos}])` : ""}${negs
    .slice(0, -1)
    .map((b) => `(?=[${b}])`)
    .join("")}[${last}])`;
}

interface Width {
  lo: number;
  hi: number;
}

/** Compiles a Python pattern. Throws PyRegexError where Python refuses it or JS cannot match it. */
export function translatePyRegex(pattern: string): TranslatedRegex {
  const parsed = parsePyRegex(pattern);
  let groupWidth: Width[] = [];
  let optionalPath: string[][] = [];
  let containerId = 0;
  // Phase 1 finds what Python refuses (so that is the error reported), phase 2 what JS cannot do.
  let phase = 1;
  const unsupported = (message: string): void => {
    if (phase === 2) throw new PyRegexError(message, true);
  };

  // Pass 1: the differences between the engines that no rewrite fixes become errors.
  const check = (
    alt: Node[][],
    path: string[],
    repeats: Array<{ depth: number; emptyBody: boolean }>,
    behind: boolean,
  ): void => {
    const branchy = alt.length > 1;
    const id = containerId++;
    alt.forEach((seq, b) => {
      const p = branchy ? [...path, `${id}.${b}`] : path;
      for (const node of seq) checkNode(node, p, repeats, behind);
    });
  };
  const checkNode = (
    node: Node,
    path: string[],
    repeats: Array<{ depth: number; emptyBody: boolean }>,
    behind: boolean,
  ): void => {
    switch (node.k) {
      case "group":
        if (node.n !== null) {
          for (const r of repeats) {
            // Python keeps a group's value from an earlier iteration when a later one skips it, and
            // runs one extra empty iteration when the body can match nothing; JavaScript clears the
            // group at each iteration. Same match, different captured value: refuse.
            if (r.emptyBody)
              unsupported(
                `capturing group ${node.n} inside a repetition whose body can match an empty string (Python and JavaScript capture different values)`,
              );
            if (path.length > r.depth)
              unsupported(
                `capturing group ${node.n} that a repetition's later iteration may skip (Python keeps the earlier value, JavaScript clears it)`,
              );
          }
          optionalPath[node.n] = path;
        }
        check(node.body, path, repeats, behind);
        if (node.n !== null) groupWidth[node.n] = widthOf(node.body, groupWidth);
        return;
      case "atomic":
        if (behind) unsupported("atomic group (?>...) inside a lookbehind");
        check(node.body, path, repeats, behind);
        return;
      case "look":
        if (node.behind) {
          check(node.body, path, repeats, true);
          const w = widthOf(node.body, groupWidth);
          if (w.lo !== w.hi) throw new PyRegexError("look-behind requires fixed-width pattern");
        } else check(node.body, path, repeats, behind);
        return;
      case "ref": {
        // A back-reference to a group that did not take part fails in Python and matches the empty
        // string in JavaScript; allow it only where the group surely took part.
        const gp = optionalPath[node.n] ?? [];
        if (!gp.every((c) => path.includes(c)))
          unsupported(
            `back-reference to group ${node.n}, which may not have taken part in the match (Python fails, JavaScript matches empty)`,
          );
        return;
      }
      case "rep": {
        if (node.mode === "possessive" && behind) unsupported("possessive quantifier inside a lookbehind");
        // CPython 3.11.2 (the reference) mis-matches a possessive repeat around a lazy quantifier:
        // a+?((?:\w*? )*+) matches "bc" of "abc}". Refuse rather than differ from it or copy it.
        // (?![\W\d])*+ consumes "}" of "}_" there too: a possessive body that can match empty.
        if (
          node.mode === "possessive" &&
          node.max > 1 &&
          (hasLazy(node.item) || widthOf([[node.item]], groupWidth).lo === 0)
        )
          unsupported(
            "a possessive repetition around a lazy quantifier or an empty-matching body (CPython 3.11 matches it wrongly)",
          );
        const optional = node.min === 0 ? [...path, `r${containerId++}`] : path;
        // Iterations beyond the minimum that match nothing: Python ends the loop there and keeps
        // them, JavaScript rejects them and backtracks into the body for a longer match.
        const emptyBody = node.max > 1 && node.max > node.min && widthOf([[node.item]], groupWidth).lo === 0;
        if (emptyBody && prefersEmpty([[node.item]], groupWidth))
          unsupported(
            "a repetition whose body prefers to match the empty string (lazy or empty-first alternative inside)",
          );
        const inner = node.max > 1 ? [...repeats, { depth: optional.length, emptyBody }] : repeats;
        checkNode(node.item, optional, inner, behind);
        return;
      }
      default:
        return;
    }
  };
  check(parsed.body, [], [], false);
  const ignoreCase = checkCase(parsed.body);
  phase = 2;
  groupWidth = [];
  optionalPath = [];
  containerId = 0;
  check(parsed.body, [], [], false);

  // Pass 2: emit. JavaScript capture indexes follow opening parentheses, like Python's, plus one
  // extra group per atomic group or possessive quantifier.
  const flags = ignoreCase ? "uyi" : "uy";
  const build = (table: ClassTable): { regex: RegExp; jsIndex: number[] } => {
    const out = emitPattern(parsed.body, table, ignoreCase);
    try {
      return { regex: new RegExp(out.source, flags), jsIndex: out.jsIndex };
    } catch (error) {
      throw new PyRegexError(`no JavaScript equivalent (${(error as Error).message})`, true);
    }
  };
  const asciiBuilt = build(ASCII_SUBJECT_TABLE);
  const jsIndex = asciiBuilt.jsIndex;
  let full: RegExp | null = null;
  const names = parsed.names.map(([name, n]): [string, number] => [name, jsIndex[n] as number]);
  return {
    get regex(): RegExp {
      full ??= build(unicodeClasses()).regex;
      return full;
    },
    ascii: asciiBuilt.regex,
    groups: parsed.groups,
    jsIndex,
    names,
  };
}

function emitPattern(
  body: Node[][],
  table: ClassTable,
  ignoreCase: boolean,
): { source: string; jsIndex: number[] } {
  const jsIndex: number[] = [0];
  let nextJs = 1;
  const emitAlt = (alt: Node[][]): string => alt.map((seq) => seq.map(emit).join("")).join("|");
  const atomic = (inner: () => string): string => {
    const n = nextJs++;
    return `(?:(?=(${inner()}))\\${n}(?:))`;
  };
  const emit = (node: Node): string => {
    switch (node.k) {
      case "lit":
        return ignoreCase && DOTTED_I.includes(node.cp) ? `[${DOTTED_I.map(lit).join("")}]` : lit(node.cp);
      case "any":
        return node.s ? "[\\s\\S]" : "[^\\n]";
      case "set":
        return emitSet(node.neg, ignoreCase ? withDottedI(node.items) : node.items, node.a, table);
      case "at": {
        const w = `[${node.a ? ASCII_FLAG_TABLE.w : table.w}]`;
        switch (node.at) {
          case "bos":
            return "(?<![\\s\\S])";
          case "eos":
            return "(?![\\s\\S])";
          case "bol":
            return node.m ? "(?<![^\\n])" : "(?<![\\s\\S])";
          case "eol":
            // Python's $ also matches before a newline that ends the string.
            return node.m ? "(?![^\\n])" : "(?=\\n?(?![\\s\\S]))";
          case "b":
            return `(?:(?<=${w})(?!${w})|(?<!${w})(?=${w}))`;
          default:
            // Python's \B never matches inside an empty string.
            return `(?:(?<=${w})(?=${w})|(?<!${w})(?!${w})(?:(?<=[\\s\\S])|(?=[\\s\\S])))`;
        }
      }
      case "group":
        if (node.n === null) return `(?:${emitAlt(node.body)})`;
        jsIndex[node.n] = nextJs++;
        return `(${emitAlt(node.body)})`;
      case "atomic":
        return atomic(() => emitAlt(node.body));
      case "look":
        return `(?${node.behind ? "<" : ""}${node.neg ? "!" : "="}${emitAlt(node.body)})`;
      case "ref":
        return `\\${jsIndex[node.n]}(?:)`;
      case "rep": {
        const q =
          node.min === 0 && node.max === Number.POSITIVE_INFINITY
            ? "*"
            : node.min === 1 && node.max === Number.POSITIVE_INFINITY
              ? "+"
              : node.min === 0 && node.max === 1
                ? "?"
                : node.max === Number.POSITIVE_INFINITY
                  ? `{${node.min},}`
                  : node.min === node.max
                    ? `{${node.min}}`
                    : `{${node.min},${node.max}}`;
        // X? is "X, else nothing" in both engines when written as an alternation; as a quantifier
        // JavaScript would reject an X that matched empty (and drop its captures).
        if (node.min === 0 && node.max === 1) {
          const inner = (): string => {
            const x = emit(node.item);
            return node.mode === "lazy" ? `(?:|${x})` : `(?:${x}|)`;
          };
          return node.mode === "possessive" ? atomic(inner) : inner();
        }
        const body = (): string => {
          const inner = emit(node.item);
          // JavaScript's Unicode mode refuses quantified assertions; Python repeats them.
          const wrapped = node.item.k === "look" || node.item.k === "ref" ? `(?:${inner})` : inner;
          return `${wrapped}${q}${node.mode === "lazy" ? "?" : ""}`;
        };
        return node.mode === "possessive" ? atomic(body) : body();
      }
    }
  };
  // The regex always runs at index 0 (sticky), where a leading ^ or \\A always holds.
  const top = body.map((seq) => {
    const first = seq[0];
    return first?.k === "at" && (first.at === "bol" || first.at === "bos") ? seq.slice(1) : seq;
  });
  return { source: top.map((seq) => seq.map(emit).join("")).join("|"), jsIndex };
}

function hasLazy(n: Node): boolean {
  if (n.k === "rep") return n.mode === "lazy" || hasLazy(n.item);
  if (n.k === "group" || n.k === "atomic" || n.k === "look") return n.body.some((seq) => seq.some(hasLazy));
  return false;
}

/** True when matching the body may choose an empty match over a longer one. */
function prefersEmpty(alt: Node[][], groupWidth: Width[]): boolean {
  if (alt.length > 1 && alt.slice(0, -1).some((seq) => widthOf([seq], groupWidth).lo === 0)) return true;
  return alt.some((seq) =>
    seq.some((n) => {
      if (n.k === "rep") return (n.mode === "lazy" && n.min === 0) || prefersEmpty([[n.item]], groupWidth);
      if (n.k === "group" || n.k === "atomic") return prefersEmpty(n.body, groupWidth);
      return false;
    }),
  );
}

function widthOf(alt: Node[][], groupWidth: Width[]): Width {
  let lo = Number.POSITIVE_INFINITY;
  let hi = 0;
  for (const seq of alt) {
    let l = 0;
    let h = 0;
    for (const node of seq) {
      const w = nodeWidth(node, groupWidth);
      l += w.lo;
      h += w.hi;
    }
    lo = Math.min(lo, l);
    hi = Math.max(hi, h);
  }
  return { lo: lo === Number.POSITIVE_INFINITY ? 0 : lo, hi };
}

function nodeWidth(node: Node, groupWidth: Width[]): Width {
  switch (node.k) {
    case "lit":
    case "any":
    case "set":
      return { lo: 1, hi: 1 };
    case "at":
    case "look":
      return { lo: 0, hi: 0 };
    case "group":
    case "atomic":
      return widthOf(node.body, groupWidth);
    case "ref":
      return groupWidth[node.n] ?? { lo: 0, hi: Number.POSITIVE_INFINITY };
    case "rep": {
      const w = nodeWidth(node.item, groupWidth);
      return { lo: w.lo * node.min, hi: w.hi === 0 ? 0 : w.hi * node.max };
    }
  }
}

/** True when case-insensitive matching can change what the node matches. */
function cased(n: Node): boolean {
  const hasCase = (lo: number, hi: number): boolean => {
    if (hi - lo > 4096) return true;
    for (let cp = lo; cp <= hi; cp++) {
      const ch = String.fromCodePoint(cp);
      if (ch.toLowerCase() !== ch || ch.toUpperCase() !== ch) return true;
    }
    return false;
  };
  if (n.k === "ref") return true;
  if (n.k === "lit") return hasCase(n.cp, n.cp);
  if (n.k === "set")
    return n.items.some((it) =>
      it.k === "lit" ? hasCase(it.cp, it.cp) : it.k === "range" ? hasCase(it.lo, it.hi) : false,
    );
  return false;
}

/** Whether the pattern is case-insensitive as a whole; refuses mixes and ASCII-only folding. */
function checkCase(body: Node[][]): boolean {
  let on = false;
  let off = false;
  let asciiFold = false;
  const visit = (alt: Node[][]): void => {
    for (const seq of alt) for (const n of seq) node(n);
  };
  const node = (n: Node): void => {
    switch (n.k) {
      case "lit":
      case "ref":
      case "set":
        if (!cased(n)) return;
        if (n.i) on = true;
        else off = true;
        if (n.i && n.a) asciiFold = true;
        return;
      case "group":
      case "atomic":
      case "look":
        visit(n.body);
        return;
      case "rep":
        node(n.item);
        return;
      default:
        return;
    }
  };
  visit(body);
  if (on && off)
    throw new PyRegexError(
      "case-insensitive flag (?i) applied to part of the pattern only (scoped (?i:...) or (?-i:...))",
      true,
    );
  // Python's ASCII mode folds ASCII letters only; JavaScript also folds e.g. the Kelvin sign to k.
  if (on && asciiFold)
    throw new PyRegexError("case-insensitive matching together with the ASCII flag (?a)", true);
  return on;
}
