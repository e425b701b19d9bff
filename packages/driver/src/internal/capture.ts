const BLOCK_BYTES = 1 << 20;
// The block an operation starts with; an idle channel keeps no more than this.
const FIRST_BLOCK_BYTES = 64 * 1024;

/**
 * The cleaned text received and not yet consumed by an operation, and the tail that finders search.
 *
 * Frozen pieces, then the newest text in a block: ASCII text (nearly all output) is copied into a
 * reused buffer outside the JS heap (64 KiB, then 1 MiB for bulk output), and the block becomes one
 * string when full. Those strings go to V8's large-object space, which the young-generation collector
 * never copies, and each chunk's own string dies young (bulk output kept as thousands of 32 KiB
 * strings spent more time in the collector than in the driver).
 */
export class CaptureBuffer {
  #capture: string[] = [];
  #length = 0;
  #block: Buffer | undefined;
  #blockLen = 0;
  // The newest chunk plus up to `window` characters before it: the only text ever searched. Kept in
  // two parts so bulk output is never copied to build it.
  #tailPrev = "";
  #tailNew = "";
  /** How many characters before the newest chunk are kept for searching. */
  window: number;
  readonly depth: number;
  // What the current operation consumed, for the partial output of its errors.
  #opText: string[] = [];

  constructor(depth: number) {
    this.depth = depth;
    this.window = depth;
  }

  /** Characters unread. */
  get length(): number {
    return this.#length;
  }

  /** The searched text (joined: small during echoes, avoid on bulk output). */
  get tail(): string {
    return this.#tailNew === "" ? this.#tailPrev : this.#tailPrev + this.#tailNew;
  }

  /** The newest chunk's text. */
  get newest(): string {
    return this.#tailNew;
  }

  get tailLength(): number {
    return this.#tailPrev.length + this.#tailNew.length;
  }

  /** Where the tail starts, as a position in the unread text. */
  get tailStart(): number {
    return this.#length - this.tailLength;
  }

  #setTail(text: string): void {
    this.#tailPrev = text;
    this.#tailNew = "";
  }

  /** Adds text; `oneByte`: every character is below U+0100, so it fits the block one byte each. */
  append(text: string, oneByte: boolean): void {
    this.#length += text.length;
    if (!oneByte || text.length > BLOCK_BYTES) {
      this.#freeze();
      this.#capture.push(text);
    } else {
      let block = this.#block;
      if (block !== undefined && this.#blockLen + text.length > block.length) {
        this.#freeze();
        // Bulk output: go on in a large block (the small one serves short outputs).
        if (block.length < BLOCK_BYTES) block = undefined;
      }
      if (block === undefined) {
        const small = this.#block === undefined && text.length <= FIRST_BLOCK_BYTES;
        block = Buffer.allocUnsafe(small ? FIRST_BLOCK_BYTES : BLOCK_BYTES);
        this.#block = block;
      }
      this.#blockLen += block.write(text, this.#blockLen, "latin1");
    }
    const newest = this.#tailNew;
    if (newest.length >= this.window) this.#tailPrev = newest.slice(newest.length - this.window);
    else if (newest.length > 0) {
      const joined = this.#tailPrev + newest;
      this.#tailPrev = joined.length > this.window ? joined.slice(joined.length - this.window) : joined;
    }
    this.#tailNew = text;
  }

  // Turns the block's text into a string piece; the block is reused.
  #freeze(): void {
    if (this.#blockLen === 0 || this.#block === undefined) return;
    this.#capture.push(this.#block.toString("latin1", 0, this.#blockLen));
    this.#blockLen = 0;
  }

  /** All unread text. */
  unread(): string {
    this.#freeze();
    return this.#capture.length === 1 ? (this.#capture[0] as string) : this.#capture.join("");
  }

  /** Removes and returns the first `end` characters of the unread text. */
  consume(end: number): string {
    if (end === 0) return "";
    const all = this.unread();
    const taken = all.slice(0, end);
    const rest = all.slice(end);
    this.#capture = rest.length > 0 ? [rest] : [];
    this.#length = rest.length;
    if (this.tailLength > rest.length) {
      const tail = this.tail;
      this.#setTail(tail.slice(tail.length - rest.length));
    }
    this.#opText.push(taken);
    return taken;
  }

  /** Drops the unread text from `pos` to the end. */
  truncate(pos: number): void {
    let remove = this.#length - pos;
    if (remove <= 0) return;
    const tailStart = this.tailStart;
    if (remove <= this.#blockLen) {
      this.#blockLen -= remove;
      remove = 0;
    } else this.#freeze();
    while (remove > 0 && this.#capture.length > 0) {
      const last = this.#capture[this.#capture.length - 1] as string;
      if (last.length <= remove) {
        this.#capture.pop();
        remove -= last.length;
      } else {
        this.#capture[this.#capture.length - 1] = last.slice(0, last.length - remove);
        remove = 0;
      }
    }
    this.#length = pos;
    if (pos >= tailStart) this.#setTail(this.tail.slice(0, pos - tailStart));
    else {
      this.#freeze();
      const parts: string[] = [];
      let n = 0;
      for (let i = this.#capture.length - 1; i >= 0 && n < this.window; i--) {
        const c = this.#capture[i] as string;
        parts.unshift(c);
        n += c.length;
      }
      this.#setTail(parts.join("").slice(-this.window));
    }
  }

  /** True when the unread text before `pos` is only whitespace (checked on short text only). */
  blankBefore(pos: number): boolean {
    if (pos > 256) return false;
    return this.unread().slice(0, pos).trim() === "";
  }

  /** Starts an operation: its consumed text is kept for partial output. */
  startOperation(): void {
    this.#opText = [];
  }

  /** Ends an operation; a large block is released (a thousand idle sessions must not hold 1 MiB each). */
  endOperation(): void {
    this.#opText = [];
    this.window = this.depth;
    if (this.#blockLen === 0 && (this.#block?.length ?? 0) > FIRST_BLOCK_BYTES) this.#block = undefined;
  }

  /** What the current operation consumed and what is unread: the partial output of an error. */
  partial(): string {
    const block = this.#block === undefined ? "" : this.#block.toString("latin1", 0, this.#blockLen);
    return this.#opText.join("") + this.#capture.join("") + block;
  }
}
