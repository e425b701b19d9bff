/**
 * The streaming stage of reply parsing: finds the element boundaries of one NETCONF message at
 * depth 1 and 2 (the root and its children) as text arrives, without building anything.
 *
 * Why not a full XML parser on the whole stream: on a generated 100 MB `<data>` reply on this
 * project's 2-core machine, saxes (strict, namespaces) parsed 19 MB/s (29 without namespaces),
 * htmlparser2 in xmlMode 37-47 MB/s, fast-xml-parser 5 MB/s (and it needs the whole document as one
 * string), while the raw SSH subsystem floor was about 270 MB/s. Even this scanner, which only counts
 * depth (handling comments, CDATA, processing instructions and quoted attribute values, which may
 * hold `<` and `>`), managed about 100 MB/s on route-dense data (a tag every 13 bytes). So the
 * content of `<rpc-reply><data>` is stored without being looked at, and its end is found from the
 * message's tail once framing says the message is complete (a full scan remains the fallback). The
 * envelope (the root's start tag, `<ok/>`, `<rpc-error>`s, `<eventTime>`) is then parsed strictly by
 * saxes, and the bulk content only when the caller asks for it as elements or objects (`RpcReply`).
 */

/** One element at depth 2 (a child of the root), as absolute offsets into the message text. */
export interface ChildSpan {
  /** Offset of its `<`. */
  start: number;
  /** Offset after the `>` of its start tag. */
  tagEnd: number;
  /** Offset of the `<` of its end tag (equals `tagEnd` and `end` when self-closing). */
  closeStart: number;
  /** Offset after its end tag. */
  end: number;
}

/** A complete, scanned message. */
export interface ScannedMessage {
  /** The message text, in the pieces it arrived in. */
  pieces: string[];
  /** Absolute offset of each piece. */
  starts: number[];
  length: number;
  /** The root element: offsets of its `<`, after its start tag, of its end tag's `<`, after it. */
  root: ChildSpan;
  children: ChildSpan[];
}

enum State {
  Text,
  StartTag,
  EndTag,
  /** Skipping to a terminator (`-->`, `]]>`, `?>` or `>`). */
  Seek,
}

const GT = 0x3e;
const SLASH = 0x2f;
const QUOT = 0x22;
const APOS = 0x27;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Scans one message; `feed` its text pieces in order, then `finish`. Throws `Error` on garbage. */
export class MessageScanner {
  readonly #pieces: string[] = [];
  readonly #starts: number[] = [];
  #length = 0;
  #work = 0;
  #carry = "";
  #state: State = State.Text;
  #depth = 0;
  #quote = 0;
  #last = 0;
  #tagStart = 0;
  #terminator = "";
  #root: ChildSpan | undefined;
  #rootDone = false;
  readonly #children: ChildSpan[] = [];
  #child: ChildSpan | undefined;
  #rootName = "";
  #skipData: boolean;
  /** Set while the content of `<rpc-reply><data>` is stored without scanning. */
  #skip: { from: number; name: string; children: number } | undefined;

  /**
   * @param skipData Store the content of `<rpc-reply><data>` without scanning it; `finish` finds
   * its end from the message's tail (falling back to a full scan when the tail is not plain).
   */
  constructor(skipData = true) {
    this.#skipData = skipData;
  }

  get length(): number {
    return this.#length;
  }

  /**
   * Characters looked at so far (scanned, searched or sliced for the tail), to prove by counting
   * that the work stays linear in the message's length.
   */
  get work(): number {
    return this.#work;
  }

  /** The first `n` characters fed so far. */
  head(n: number): string {
    return sliceMessage({ pieces: this.#pieces, starts: this.#starts }, 0, Math.min(n, this.#length));
  }

  /** The text fed so far (a rope of the pieces: no copy until it is flattened). */
  text(): string {
    let out = "";
    for (const piece of this.#pieces) out += piece;
    return out;
  }

  /** True while `<rpc-reply><data>` content is being stored without scanning. */
  get skipping(): boolean {
    return this.#skip !== undefined;
  }

  /** Scans the next piece of the message's text. */
  feed(piece: string): void {
    if (piece.length === 0) return;
    const pieceStart = this.#length;
    this.#pieces.push(piece);
    this.#starts.push(pieceStart);
    this.#length += piece.length;
    if (this.#skip !== undefined) return;
    const text = this.#carry.length > 0 ? this.#carry + piece : piece;
    const base = pieceStart - this.#carry.length;
    this.#carry = "";
    this.#scan(text, base);
  }

  #scan(text: string, base: number): void {
    this.#work += text.length;
    let i = 0;
    const n = text.length;
    while (i < n && this.#skip === undefined) {
      switch (this.#state) {
        case State.Text: {
          const lt = text.indexOf("<", i);
          if (this.#depth === 0) this.#checkOutside(text, i, lt === -1 ? n : lt);
          if (lt === -1) return;
          const next = text.charCodeAt(lt + 1);
          if (next === SLASH) {
            // The hot path of bulk data: an end tag.
            const gt = text.indexOf(">", lt + 2);
            this.#tagStart = base + lt;
            if (gt === -1) {
              this.#state = State.EndTag;
              return;
            }
            if (this.#depth <= 2) this.#closeTag(base + gt + 1);
            else this.#depth--;
            i = gt + 1;
            break;
          }
          if (next === 0x21 /* ! */ || next === 0x3f /* ? */ || Number.isNaN(next)) {
            // Up to 9 characters decide what follows `<` (`<![CDATA[`): wait for them if needed.
            if (n - lt < 9 && !this.#classify(text, lt, base, true)) {
              this.#carry = text.slice(lt);
              return;
            }
            i = this.#classify(text, lt, base, false) as number;
            break;
          }
          // The other hot path: a start tag. Scan to its `>`, outside quoted attribute values.
          if (this.#rootDone && this.#depth === 0) throw new Error("a second root element");
          this.#tagStart = base + lt;
          let k = lt + 1;
          let last = 0;
          for (; k < n; k++) {
            const c = text.charCodeAt(k);
            if (c === GT) break;
            if (c === QUOT || c === APOS) break;
            if (c > 0x20) last = c;
          }
          if (k < n && text.charCodeAt(k) === GT) {
            const selfClosing = last === SLASH;
            if (this.#depth <= 1) this.#openTag(base + k + 1, selfClosing);
            else if (!selfClosing) this.#depth++;
            i = k + 1;
            break;
          }
          // A quoted value or the end of the piece: continue in the general start-tag state.
          this.#quote = 0;
          this.#last = last;
          this.#state = State.StartTag;
          i = k;
          break;
        }
        case State.StartTag: {
          let quote = this.#quote;
          let last = this.#last;
          let k = i;
          for (; k < n; k++) {
            const c = text.charCodeAt(k);
            if (quote !== 0) {
              if (c === quote) quote = 0;
            } else if (c === QUOT || c === APOS) {
              quote = c;
            } else if (c === GT) {
              break;
            } else if (!isSpace(c)) {
              last = c;
            }
          }
          this.#quote = quote;
          this.#last = last;
          if (k === n) return;
          const selfClosing = last === SLASH;
          if (this.#depth <= 1) this.#openTag(base + k + 1, selfClosing);
          else if (!selfClosing) this.#depth++;
          this.#state = State.Text;
          i = k + 1;
          break;
        }
        case State.EndTag: {
          const gt = text.indexOf(">", i);
          if (gt === -1) return;
          if (this.#depth <= 2) this.#closeTag(base + gt + 1);
          else this.#depth--;
          this.#state = State.Text;
          i = gt + 1;
          break;
        }
        case State.Seek: {
          const at = text.indexOf(this.#terminator, i);
          if (at === -1) {
            const keep = Math.min(this.#terminator.length - 1, n - i);
            this.#carry = text.slice(n - keep);
            return;
          }
          this.#state = State.Text;
          i = at + this.#terminator.length;
          break;
        }
      }
    }
  }

  #checkOutside(text: string, from: number, to: number): void {
    for (let k = from; k < to; k++) {
      if (!isSpace(text.charCodeAt(k))) {
        throw new Error(
          this.#rootDone
            ? "content after the root element"
            : `text before the root element: ${JSON.stringify(text.slice(k, k + 40))}`,
        );
      }
    }
  }

  /**
   * Looks at the markup starting at `lt`. With `probe`, only says whether there are enough
   * characters to decide; otherwise switches state and returns where scanning continues.
   */
  #classify(text: string, lt: number, base: number, probe: boolean): number | boolean {
    const next = text.charCodeAt(lt + 1);
    if (Number.isNaN(next)) return probe ? false : lt;
    if (next === SLASH || next === 0x3f /* ? */) {
      if (probe) return true;
      if (next === SLASH) {
        this.#tagStart = base + lt;
        this.#state = State.EndTag;
        return lt + 2;
      }
      this.#terminator = "?>";
      this.#state = State.Seek;
      return lt + 2;
    }
    if (next === 0x21 /* ! */) {
      if (text.startsWith("<!--", lt)) {
        if (probe) return true;
        this.#terminator = "-->";
        this.#state = State.Seek;
        return lt + 4;
      }
      if (text.startsWith("<![CDATA[", lt)) {
        if (probe) return true;
        if (this.#depth === 0) throw new Error("CDATA outside the root element");
        this.#terminator = "]]>";
        this.#state = State.Seek;
        return lt + 9;
      }
      // A prefix of `<![CDATA[` or `<!--` that may still complete.
      const rest = text.slice(lt);
      if (probe) return !("<![CDATA[".startsWith(rest) || "<!--".startsWith(rest));
      this.#terminator = ">";
      this.#state = State.Seek;
      return lt + 2;
    }
    if (probe) return true;
    if (this.#rootDone && this.#depth === 0) throw new Error("a second root element");
    this.#tagStart = base + lt;
    this.#quote = 0;
    this.#last = 0;
    this.#state = State.StartTag;
    return lt + 1;
  }

  #openTag(tagEnd: number, selfClosing: boolean): void {
    const span: ChildSpan = {
      start: this.#tagStart,
      tagEnd,
      closeStart: selfClosing ? tagEnd : -1,
      end: selfClosing ? tagEnd : -1,
    };
    if (this.#depth === 0) {
      this.#root = span;
      this.#rootName = this.#qname(span);
      if (selfClosing) this.#rootDone = true;
    } else if (this.#depth === 1) {
      this.#children.push(span);
      if (!selfClosing) {
        this.#child = span;
        const name = this.#qname(span);
        if (this.#skipData && localName(this.#rootName) === "rpc-reply" && localName(name) === "data") {
          this.#skip = { from: tagEnd, name, children: this.#children.length };
        }
      }
    }
    if (!selfClosing) this.#depth++;
  }

  #qname(span: ChildSpan): string {
    const head = sliceMessage(
      { pieces: this.#pieces, starts: this.#starts },
      span.start + 1,
      Math.min(span.tagEnd, span.start + 256),
    );
    return /^[^\s/>]+/.exec(head)?.[0] ?? "";
  }

  #closeTag(end: number): void {
    this.#depth--;
    if (this.#depth < 0) throw new Error("an end tag without a start tag");
    const span = this.#depth === 0 ? this.#root : this.#depth === 1 ? this.#child : undefined;
    if (span !== undefined) {
      span.closeStart = this.#tagStart;
      span.end = end;
    }
    if (this.#depth === 0) this.#rootDone = true;
    if (this.#depth === 1) this.#child = undefined;
  }

  /** The state as it was when skipping began, to scan again from there. */
  #restore(skip: { from: number; children: number }): void {
    this.#state = State.Text;
    this.#depth = 2;
    this.#carry = "";
    this.#rootDone = false;
    this.#children.length = skip.children;
    const data = this.#children[skip.children - 1];
    if (data) {
      data.closeStart = -1;
      data.end = -1;
    }
    this.#child = data;
    if (this.#root) {
      this.#root.closeStart = -1;
      this.#root.end = -1;
    }
  }

  /**
   * Finds the end of the skipped `<data>` from the message's tail: the last `</data>` end tag, if
   * what follows it is plain markup (no comment, CDATA, processing instruction or quoted value, nor
   * the end of one, so the end tag cannot be inside one) that closes the root exactly. Returns
   * false when it cannot tell.
   */
  #resolveTail(skip: { from: number; name: string; children: number }): boolean {
    const message = { pieces: this.#pieces, starts: this.#starts };
    const needle = `</${skip.name}`;
    for (let window = 4096; ; window *= 4) {
      const from = Math.max(skip.from, this.#length - window);
      const tail = sliceMessage(message, from, this.#length);
      this.#work += tail.length;
      const at = tail.lastIndexOf(needle);
      if (at === -1) {
        if (from === skip.from) return false;
        continue;
      }
      const rest = tail.slice(at);
      // A construct that began before `at` (comment, CDATA, PI, quoted value) and hides this end
      // tag would end in `rest`: its terminator or quote would show.
      if (/<[!?]|["']|-->|]]>|\?>/.test(rest)) return false;
      // The last end tag closes the first `<data>` only if no other one comes before it: with
      // `<data>a</data><rpc-error/><data>b</data>` it closes the second, and taking it would merge
      // the rpc-error into the data. Any other end tag of that name, or any mention of rpc-error,
      // sends the message through the full scan (a search, far cheaper than a scan).
      if (this.#mentions(skip.from, from + at, skip.name)) return false;
      try {
        this.#scan(rest, from + at);
      } catch {
        this.#restore(skip);
        return false;
      }
      const data = this.#children[skip.children - 1];
      if (this.#depth !== 0 || !this.#rootDone || data === undefined || data.end === -1) {
        this.#restore(skip);
        return false;
      }
      return true;
    }
  }

  /**
   * Whether [from, to) holds an end tag `</name` or the text `rpc-error`, searched piece by piece
   * with an overlap for matches across piece boundaries. A name cut at a piece's end counts (a rare
   * false alarm that only costs the full scan).
   */
  #mentions(from: number, to: number, name: string): boolean {
    const pattern = new RegExp(`</${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w.:-])|rpc-error`);
    const overlap = Math.max(name.length + 2, "rpc-error".length);
    let carry = "";
    for (let p = 0; p < this.#pieces.length; p++) {
      const start = this.#starts[p] ?? 0;
      const piece = this.#pieces[p] ?? "";
      if (start + piece.length <= from) continue;
      if (start >= to) break;
      const text = carry + piece.slice(Math.max(0, from - start), Math.min(piece.length, to - start));
      this.#work += text.length;
      if (pattern.test(text)) return true;
      carry = text.slice(Math.max(0, text.length - overlap));
    }
    return false;
  }

  /** Scans the skipped content after all (the slow, always correct path). */
  #rescan(skip: { from: number; children: number }): void {
    this.#restore(skip);
    // A later `<data>` (after an rpc-error, say) is scanned too, not skipped again.
    this.#skipData = false;
    for (let p = 0; p < this.#pieces.length; p++) {
      const start = this.#starts[p] ?? 0;
      const piece = this.#pieces[p] ?? "";
      if (start + piece.length <= skip.from) continue;
      const own = start < skip.from ? piece.slice(skip.from - start) : piece;
      const ownStart = Math.max(start, skip.from);
      const text = this.#carry.length > 0 ? this.#carry + own : own;
      const base = ownStart - this.#carry.length;
      this.#carry = "";
      this.#scan(text, base);
    }
  }

  /** The scanned message; throws when it ended inside markup or without a root element. */
  finish(): ScannedMessage {
    const skip = this.#skip;
    if (skip !== undefined) {
      this.#skip = undefined;
      if (!this.#resolveTail(skip)) this.#rescan(skip);
    }
    if (this.#carry.length > 0 || this.#state !== State.Text || this.#depth !== 0) {
      throw new Error("the message ended inside an element");
    }
    if (this.#root === undefined || !this.#rootDone) throw new Error("the message has no root element");
    return {
      pieces: this.#pieces,
      starts: this.#starts,
      length: this.#length,
      root: this.#root,
      children: this.#children,
    };
  }
}

function localName(qname: string): string {
  const colon = qname.indexOf(":");
  return colon === -1 ? qname : qname.slice(colon + 1);
}

/**
 * The text between two absolute offsets of a scanned message. Many pieces are concatenated with
 * `+`, which V8 keeps as a rope: no copy of a 100 MB range until its first flattening use.
 */
export function sliceMessage(
  message: Pick<ScannedMessage, "pieces" | "starts">,
  from: number,
  to: number,
): string {
  if (to <= from) return "";
  const { pieces, starts } = message;
  // Binary search for the piece holding `from`.
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= from) lo = mid;
    else hi = mid - 1;
  }
  const parts: string[] = [];
  for (let p = lo; p < pieces.length; p++) {
    const start = starts[p] ?? 0;
    if (start >= to) break;
    const piece = pieces[p] ?? "";
    parts.push(piece.slice(Math.max(0, from - start), Math.min(piece.length, to - start)));
  }
  let out = "";
  for (const part of parts) out += part;
  return out;
}
