// A parser for Python 3.11 `re` syntax (str patterns), following the rules of CPython's
// re/_parser.py: it accepts what Python accepts, refuses what Python refuses, and yields a small
// tree that py-regex.ts turns into a JavaScript RegExp.

export class PyRegexError extends Error {
  /** True when Python accepts the construct but JavaScript has no faithful translation of it. */
  readonly unsupported: boolean;
  constructor(message: string, unsupported = false) {
    super(message);
    this.name = "PyRegexError";
    this.unsupported = unsupported;
  }
}

export type Category = "d" | "D" | "w" | "W" | "s" | "S";
export type SetItem =
  | { k: "lit"; cp: number }
  | { k: "range"; lo: number; hi: number }
  | { k: "cat"; c: Category };

export interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  x: boolean;
  a: boolean;
}

export type Node =
  | { k: "lit"; cp: number; i: boolean; a: boolean }
  | { k: "any"; s: boolean }
  | { k: "set"; neg: boolean; items: SetItem[]; i: boolean; a: boolean }
  | { k: "at"; at: "bol" | "eol" | "bos" | "eos" | "b" | "B"; m: boolean; a: boolean }
  | { k: "group"; n: number | null; body: Node[][] }
  | { k: "atomic"; body: Node[][] }
  | { k: "look"; behind: boolean; neg: boolean; body: Node[][] }
  | { k: "ref"; n: number; i: boolean; a: boolean }
  | { k: "rep"; min: number; max: number; mode: "greedy" | "lazy" | "possessive"; item: Node };

export interface ParsedPattern {
  body: Node[][];
  /** Number of capturing groups. */
  groups: number;
  /** Group names in group-number order. */
  names: Array<[string, number]>;
}

const MAXREPEAT = 4294967295;
const SPECIAL = new Set([".", "\\", "[", "{", "(", ")", "*", "+", "?", "^", "$", "|"]);
const WHITESPACE = new Set([" ", "\t", "\n", "\r", "\v", "\f"]);
const ASCII_LETTER = /^[A-Za-z]$/;
const DIGIT = /^[0-9]$/;
const OCT = /^[0-7]$/;
const HEX = /^[0-9a-fA-F]$/;
const IDENT = /^[\p{XID_Start}_][\p{XID_Continue}]*$/u;
const CATEGORIES: Record<string, Category> = { d: "d", D: "D", w: "w", W: "W", s: "s", S: "S" };
const ESCAPES: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11, "\\": 92 };

export function parsePyRegex(pattern: string): ParsedPattern {
  return new Parser(pattern).run();
}

class Parser {
  private readonly src: string[];
  private pos = 0;
  private flags: Flags = { i: false, m: false, s: false, x: false, a: false };
  private sawUnicodeFlag = false;
  private groupCount = 0;
  private readonly closed: boolean[] = [false];
  private readonly names = new Map<string, number>();
  private lookbehindGroups: number | null = null;

  constructor(pattern: string) {
    this.src = Array.from(pattern);
  }

  run(): ParsedPattern {
    const body = this.parseSub(this.flags, this.flags.x, 0);
    if (this.pos < this.src.length) throw new PyRegexError("unbalanced parenthesis");
    if (this.flags.a && this.sawUnicodeFlag)
      throw new PyRegexError("ASCII and UNICODE flags are incompatible");
    const names = [...this.names.entries()].sort((x, y) => x[1] - y[1]);
    return { body, groups: this.groupCount, names };
  }

  private get next(): string | undefined {
    return this.src[this.pos];
  }
  private get(): string | undefined {
    return this.src[this.pos++];
  }
  private match(ch: string): boolean {
    if (this.src[this.pos] === ch) {
      this.pos++;
      return true;
    }
    return false;
  }
  private getWhile(n: number, re: RegExp): string {
    let out = "";
    while (out.length < n && this.next !== undefined && re.test(this.next)) out += this.get();
    return out;
  }
  private getUntil(term: string, what: string): string {
    let out = "";
    for (;;) {
      const c = this.next;
      if (c === undefined) throw new PyRegexError(`missing ${term}, unterminated name`);
      if (c === term) {
        if (out === "") throw new PyRegexError(`missing ${what}`);
        this.pos++;
        return out;
      }
      out += c;
      this.pos++;
    }
  }

  private parseSub(flags: Flags, verbose: boolean, nested: number): Node[][] {
    const items: Node[][] = [];
    let v = verbose;
    for (;;) {
      items.push(this.parseSeq(flags, v, nested + 1, nested === 0 && items.length === 0));
      if (!this.match("|")) break;
      if (nested === 0) v = this.flags.x;
    }
    return items;
  }

  private parseSeq(scoped: Flags, verboseIn: boolean, nested: number, first: boolean): Node[] {
    const seq: Node[] = [];
    let verbose = verboseIn;
    // Global flags may be set by the first items; scoped flags come from the enclosing group.
    const f = (): Flags => (nested === 1 ? this.flags : scoped);
    for (;;) {
      const c = this.next;
      if (c === undefined || c === "|" || c === ")") break;
      this.pos++;
      if (verbose) {
        if (WHITESPACE.has(c)) continue;
        if (c === "#") {
          for (;;) {
            const d = this.get();
            if (d === undefined || d === "\n") break;
          }
          continue;
        }
      }
      if (c === "\\") {
        seq.push(this.escape(f()));
      } else if (!SPECIAL.has(c)) {
        seq.push({ k: "lit", cp: c.codePointAt(0) as number, i: f().i, a: f().a });
      } else if (c === "[") {
        seq.push(this.charSet(f()));
      } else if (c === "*" || c === "+" || c === "?" || c === "{") {
        let min: number;
        let max: number;
        if (c === "?") [min, max] = [0, 1];
        else if (c === "*") [min, max] = [0, Number.POSITIVE_INFINITY];
        else if (c === "+") [min, max] = [1, Number.POSITIVE_INFINITY];
        else {
          if (this.next === "}") {
            seq.push({ k: "lit", cp: 0x7b, i: f().i, a: f().a });
            continue;
          }
          const here = this.pos;
          let lo = "";
          let hi = "";
          while (this.next !== undefined && DIGIT.test(this.next)) lo += this.get();
          if (this.match(",")) {
            while (this.next !== undefined && DIGIT.test(this.next)) hi += this.get();
          } else hi = lo;
          if (!this.match("}")) {
            seq.push({ k: "lit", cp: 0x7b, i: f().i, a: f().a });
            this.pos = here;
            continue;
          }
          min = 0;
          max = Number.POSITIVE_INFINITY;
          if (lo) {
            min = Number(lo);
            if (min >= MAXREPEAT) throw new PyRegexError("the repetition number is too large");
          }
          if (hi) {
            max = Number(hi);
            if (max >= MAXREPEAT) throw new PyRegexError("the repetition number is too large");
            if (max < min) throw new PyRegexError("min repeat greater than max repeat");
          }
        }
        const item = seq[seq.length - 1];
        if (item === undefined || item.k === "at") throw new PyRegexError("nothing to repeat");
        if (item.k === "rep") throw new PyRegexError("multiple repeat");
        const mode = this.match("?") ? "lazy" : this.match("+") ? "possessive" : "greedy";
        seq[seq.length - 1] = { k: "rep", min, max, mode, item };
      } else if (c === ".") {
        seq.push({ k: "any", s: f().s });
      } else if (c === "(") {
        const node = this.group(f(), verbose, nested, first && seq.length === 0);
        if (node === "global") {
          verbose = this.flags.x;
          continue;
        }
        if (node !== null) seq.push(node);
      } else if (c === "^") {
        seq.push({ k: "at", at: "bol", m: f().m, a: f().a });
      } else if (c === "$") {
        seq.push({ k: "at", at: "eol", m: f().m, a: f().a });
      }
    }
    return seq;
  }

  private group(flags: Flags, verbose: boolean, nested: number, first: boolean): Node | null | "global" {
    let capture = true;
    let atomic = false;
    let name: string | null = null;
    let sub = flags;
    let subVerbose = verbose;
    if (this.match("?")) {
      const ch = this.get();
      if (ch === undefined) throw new PyRegexError("unexpected end of pattern");
      if (ch === "P") {
        if (this.match("<")) {
          name = this.getUntil(">", "group name");
          this.checkName(name);
        } else if (this.match("=")) {
          const ref = this.getUntil(")", "group name");
          this.checkName(ref);
          const gid = this.names.get(ref);
          if (gid === undefined) throw new PyRegexError(`unknown group name '${ref}'`);
          this.checkRef(gid);
          return { k: "ref", n: gid, i: flags.i, a: flags.a };
        } else {
          const d = this.get();
          if (d === undefined) throw new PyRegexError("unexpected end of pattern");
          throw new PyRegexError(`unknown extension ?P${d}`);
        }
      } else if (ch === ":") {
        capture = false;
      } else if (ch === "#") {
        for (;;) {
          if (this.next === undefined) throw new PyRegexError("missing ), unterminated comment");
          if (this.get() === ")") break;
        }
        return null;
      } else if (ch === "=" || ch === "!" || ch === "<") {
        let kind = ch;
        let behind = false;
        let saved: number | null = null;
        if (ch === "<") {
          const d = this.get();
          if (d === undefined) throw new PyRegexError("unexpected end of pattern");
          if (d !== "=" && d !== "!") throw new PyRegexError(`unknown extension ?<${d}`);
          kind = d;
          behind = true;
          saved = this.lookbehindGroups;
          if (saved === null) this.lookbehindGroups = this.groupCount + 1;
        }
        const body = this.parseSub(flags, verbose, nested + 1);
        if (behind && saved === null) this.lookbehindGroups = null;
        if (!this.match(")")) throw new PyRegexError("missing ), unterminated subpattern");
        return { k: "look", behind, neg: kind === "!", body };
      } else if (ch === "(") {
        throw new PyRegexError("conditional group (?(...)yes|no) has no JavaScript equivalent", true);
      } else if (ch === ">") {
        capture = false;
        atomic = true;
      } else if ("iLmsxatu-".includes(ch)) {
        const parsed = this.parseFlags(ch);
        if (parsed === null) {
          if (!first) throw new PyRegexError("global flags not at the start of the expression");
          return "global";
        }
        const [add, del, typeFlag] = parsed;
        sub = { ...flags };
        for (const k of add) sub[k] = true;
        for (const k of del) sub[k] = false;
        if (typeFlag === "u") sub.a = false;
        subVerbose = (verbose || add.includes("x")) && !del.includes("x");
        capture = false;
      } else {
        throw new PyRegexError(`unknown extension ?${ch}`);
      }
    }
    let n: number | null = null;
    if (capture) {
      n = ++this.groupCount;
      this.closed[n] = false;
      if (name !== null) {
        const old = this.names.get(name);
        if (old !== undefined)
          throw new PyRegexError(`redefinition of group name '${name}' as group ${n}; was group ${old}`);
        this.names.set(name, n);
      }
    }
    const body = this.parseSub(sub, subVerbose, nested + 1);
    if (!this.match(")")) throw new PyRegexError("missing ), unterminated subpattern");
    if (n !== null) this.closed[n] = true;
    if (atomic) return { k: "atomic", body };
    return { k: "group", n, body };
  }

  private parseFlags(first: string): [Array<keyof Flags>, Array<keyof Flags>, string | null] | null {
    const add: Array<keyof Flags> = [];
    const del: Array<keyof Flags> = [];
    let ch: string | undefined = first;
    const flagOf = (c: string): keyof Flags | "u" => {
      if (c === "L") throw new PyRegexError("bad inline flags: cannot use 'L' flag with a str pattern");
      if (c === "t") throw new PyRegexError("the TEMPLATE flag (?t) is not supported", true);
      return c as keyof Flags | "u";
    };
    let typeFlag: string | null = null;
    if (ch !== "-") {
      for (;;) {
        const fl = flagOf(ch as string);
        if (fl === "a" || fl === "u") {
          if (typeFlag !== null && typeFlag !== fl)
            throw new PyRegexError("bad inline flags: flags 'a', 'u' and 'L' are incompatible");
          typeFlag = fl;
          if (fl === "u") this.sawUnicodeFlag = true;
        }
        if (fl !== "u") add.push(fl);
        ch = this.get();
        if (ch === undefined) throw new PyRegexError("missing -, : or )");
        if (ch === ")" || ch === "-" || ch === ":") break;
        if (!"iLmsxatu".includes(ch))
          throw new PyRegexError(/\p{L}/u.test(ch) ? "unknown flag" : "missing -, : or )");
      }
    }
    if (ch === ")") {
      for (const k of add) this.flags[k] = true;
      return null;
    }
    if (ch === "-") {
      ch = this.get();
      if (ch === undefined) throw new PyRegexError("missing flag");
      if (!"iLmsxatu".includes(ch))
        throw new PyRegexError(/\p{L}/u.test(ch) ? "unknown flag" : "missing flag");
      for (;;) {
        const fl = flagOf(ch as string);
        if (fl === "a" || fl === "u")
          throw new PyRegexError("bad inline flags: cannot turn off flags 'a', 'u' and 'L'");
        del.push(fl);
        ch = this.get();
        if (ch === undefined) throw new PyRegexError("missing :");
        if (ch === ":") break;
        if (!"iLmsxatu".includes(ch))
          throw new PyRegexError(/\p{L}/u.test(ch) ? "unknown flag" : "missing :");
      }
    }
    if (add.some((k) => del.includes(k))) throw new PyRegexError("bad inline flags: flag turned on and off");
    return [add, del, typeFlag];
  }

  private checkName(name: string): void {
    if (!IDENT.test(name)) throw new PyRegexError(`bad character in group name '${name}'`);
  }

  private checkRef(gid: number): void {
    if (!this.closed[gid]) throw new PyRegexError("cannot refer to an open group");
    if (this.lookbehindGroups !== null && gid >= this.lookbehindGroups)
      throw new PyRegexError("cannot refer to group defined in the same lookbehind subpattern");
  }

  private escape(flags: Flags): Node {
    const c = this.get();
    if (c === undefined) throw new PyRegexError("bad escape (end of pattern)");
    const lit = (cp: number): Node => ({ k: "lit", cp, i: flags.i, a: flags.a });
    if (c === "A") return { k: "at", at: "bos", m: flags.m, a: flags.a };
    if (c === "Z") return { k: "at", at: "eos", m: flags.m, a: flags.a };
    if (c === "b") return { k: "at", at: "b", m: flags.m, a: flags.a };
    if (c === "B") return { k: "at", at: "B", m: flags.m, a: flags.a };
    const cat = CATEGORIES[c];
    if (cat) return { k: "set", neg: false, items: [{ k: "cat", c: cat }], i: flags.i, a: flags.a };
    const esc = ESCAPES[c];
    if (esc !== undefined) return lit(esc);
    const hex = this.hexEscape(c);
    if (hex !== null) return lit(hex);
    if (c === "0") return lit(Number.parseInt(`0${this.getWhile(2, OCT)}`, 8));
    if (DIGIT.test(c)) {
      let digits = c;
      if (this.next !== undefined && DIGIT.test(this.next)) {
        digits += this.get();
        if (
          OCT.test(digits[0] as string) &&
          OCT.test(digits[1] as string) &&
          this.next !== undefined &&
          OCT.test(this.next)
        ) {
          digits += this.get();
          const v = Number.parseInt(digits, 8);
          if (v > 0o377) throw new PyRegexError(`octal escape value \\${digits} outside of range 0-0o377`);
          return lit(v);
        }
      }
      const gid = Number(digits);
      if (gid <= this.groupCount) {
        this.checkRef(gid);
        return { k: "ref", n: gid, i: flags.i, a: flags.a };
      }
      throw new PyRegexError(`invalid group reference ${gid}`);
    }
    if (ASCII_LETTER.test(c)) throw new PyRegexError(`bad escape \\${c}`);
    return lit(c.codePointAt(0) as number);
  }

  /** \x, \u, \U and \N escapes (the same inside and outside classes); null when c is none of them. */
  private hexEscape(c: string): number | null {
    if (c === "x" || c === "u" || c === "U") {
      const want = c === "x" ? 2 : c === "u" ? 4 : 8;
      const digits = this.getWhile(want, HEX);
      if (digits.length !== want) throw new PyRegexError(`incomplete escape \\${c}${digits}`);
      const v = Number.parseInt(digits, 16);
      if (v > 0x10ffff) throw new PyRegexError(`bad escape \\${c}${digits}`);
      return v;
    }
    if (c === "N") throw new PyRegexError("named character escapes \\N{...} are not supported", true);
    return null;
  }

  private classEscape(c: string): SetItem {
    const cat = CATEGORIES[c];
    if (cat) return { k: "cat", c: cat };
    if (c === "b") return { k: "lit", cp: 8 };
    const esc = ESCAPES[c];
    if (esc !== undefined) return { k: "lit", cp: esc };
    const hex = this.hexEscape(c);
    if (hex !== null) return { k: "lit", cp: hex };
    if (OCT.test(c)) {
      const digits = c + this.getWhile(2, OCT);
      const v = Number.parseInt(digits, 8);
      if (v > 0o377) throw new PyRegexError(`octal escape value \\${digits} outside of range 0-0o377`);
      return { k: "lit", cp: v };
    }
    if (DIGIT.test(c) || ASCII_LETTER.test(c)) throw new PyRegexError(`bad escape \\${c}`);
    return { k: "lit", cp: c.codePointAt(0) as number };
  }

  private charSet(flags: Flags): Node {
    const items: SetItem[] = [];
    const neg = this.match("^");
    for (;;) {
      let c = this.get();
      if (c === undefined) throw new PyRegexError("unterminated character set");
      if (c === "]" && items.length > 0) break;
      let first: SetItem;
      if (c === "\\") {
        const e = this.get();
        if (e === undefined) throw new PyRegexError("bad escape (end of pattern)");
        first = this.classEscape(e);
        c = `\\${e}`;
      } else first = { k: "lit", cp: c.codePointAt(0) as number };
      if (this.match("-")) {
        let that = this.get();
        if (that === undefined) throw new PyRegexError("unterminated character set");
        if (that === "]") {
          items.push(first, { k: "lit", cp: 0x2d });
          break;
        }
        let second: SetItem;
        if (that === "\\") {
          const e = this.get();
          if (e === undefined) throw new PyRegexError("bad escape (end of pattern)");
          second = this.classEscape(e);
          that = `\\${e}`;
        } else second = { k: "lit", cp: that.codePointAt(0) as number };
        if (first.k !== "lit" || second.k !== "lit" || second.cp < first.cp)
          throw new PyRegexError(`bad character range ${c}-${that}`);
        items.push({ k: "range", lo: first.cp, hi: second.cp });
      } else items.push(first);
    }
    return { k: "set", neg, items, i: flags.i, a: flags.a };
  }
}
