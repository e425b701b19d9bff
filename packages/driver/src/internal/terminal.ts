/**
 * Streaming terminal emulation for the last line of a pty session: applies what a terminal would
 * (carriage return, backspace and cursor moves that overwrite, erase-in-line/display), removes escape
 * sequences (also when split across reads) and every other control character. Lines ended by a
 * newline are final; only the current row can still change, and a change to text already handed out
 * is reported as `erase` (how many characters to take back) followed by the new text.
 */

// A complete escape sequence: CSI (groups: parameters, final byte), OSC (ended by BEL or ST), charset
// designation, or a two-byte ESC x.
const ESCAPE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control codes are what this module removes
  /\x1b(?:\[([0-?]*)[ -/]*([@-~])|\][^\x07\x1b\n]{0,512}(?:\x07|\x1b\\)|[()*+\-./][ -~]|[ -/]*[0-Z\\^-~])/y;
// What an escape sequence may look like before its last byte has arrived. Never spans a newline, so
// random bytes that look like the start of an escape cannot hold back the prompt on the next line.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control codes are what this module removes
const ESCAPE_PREFIX = /^\x1b(?:\[[0-?]*[ -/]*|\][^\x07\x1b\n]*\x1b?|[()*+\-./]|[ -/]*)$/;
// What is not written as text: C0 controls but tab, newline and `\r\n`; DEL.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control codes are what this module removes
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)/g;
/** Controls other than tab, newline and carriage return: a chunk without them takes the fast path. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control codes are what this module removes
export const NOISE: RegExp = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;
const MAX_CARRY = 512;
/**
 * The width of a row: a carriage return goes back to the start of the current row, not of a longer
 * line (a terminal wraps long lines). It also bounds the work of one edit.
 */
export const ROW_WIDTH = 1024;

export interface CleanedText {
  /** The text without terminal noise. */
  text: string;
  /** Characters at the end of the text handed out by earlier pushes that this push takes back. */
  erase: number;
}

export class TerminalCleaner {
  // An incomplete escape sequence (or a trailing carriage return) held for the next push.
  #carry = "";
  // The current row as the terminal shows it, the cursor in it, and the row as last handed out.
  #row = "";
  #col = 0;
  #shown = "";
  // The lowest position of the row changed since it was last handed out.
  #dirty = Number.POSITIVE_INFINITY;
  #rowWide = false;
  #beforeReturn: string | undefined;
  // Per push: the text produced so far and what it takes back from earlier pushes.
  #out = "";
  #erase = 0;
  /** The last row erased whole (`\r\x1b[K` over a redrawn prompt), until the caller clears it. */
  withdrawn: string | undefined;
  /** Characters examined and copied so far (for tests proving linear time). */
  work = 0;

  /**
   * True when the next push may hand out text above U+00FF that was not in its own input (a held
   * sequence or a row it rewrites): the caller cannot assume one byte per character then.
   */
  get holdsWide(): boolean {
    if (this.#rowWide) return true;
    for (let i = 0; i < this.#carry.length; i++) if (this.#carry.charCodeAt(i) > 0xff) return true;
    return false;
  }

  /**
   * Cleans the next piece of decoded text. `plain` promises it holds no controls but tab, newline and
   * carriage return (checked cheaply on the bytes by the caller).
   */
  push(input: string, plain = false): CleanedText {
    this.work += input.length;
    if (plain && this.#carry === "" && this.#col === this.#row.length && this.#beforeReturn === undefined) {
      const s = input.includes("\r") ? input.replaceAll("\r\n", "\n") : input;
      if (!s.includes("\r")) return { text: this.#appendPlain(s), erase: 0 };
    }
    const s = this.#carry === "" ? input : this.#carry + input;
    this.#carry = "";
    this.#out = "";
    this.#erase = 0;
    this.#run(s, false);
    this.#emitRow();
    return { text: this.#out, erase: this.#erase };
  }

  /**
   * The consumer removed the current row's text (a pager prompt it answered): later edits of the row
   * apply to an empty row, so erasing the pager prompt never takes back output.
   */
  forgetRow(): void {
    this.#row = "";
    this.#shown = "";
    this.#col = 0;
    this.#dirty = Number.POSITIVE_INFINITY;
    this.#rowWide = false;
    this.#beforeReturn = undefined;
  }

  /** Applies whatever is held back, as if the stream ended here. */
  flush(): CleanedText {
    const rest = this.#carry;
    this.#carry = "";
    this.#out = "";
    this.#erase = 0;
    this.#run(rest, true);
    this.#emitRow();
    return { text: this.#out, erase: this.#erase };
  }

  // Text without controls (but newlines and tabs) with the cursor at the end of the row: handed out as is.
  #appendPlain(s: string): string {
    const nl = s.lastIndexOf("\n");
    if (nl === -1) this.#row += s;
    else {
      this.#row = s.slice(nl + 1);
      this.#rowWide = false;
    }
    if (!this.#rowWide && nl !== s.length - 1) this.#rowWide = hasWide(s, nl + 1);
    if (this.#row.length > ROW_WIDTH) this.#row = this.#row.slice(wrapPoint(this.#row));
    this.#col = this.#row.length;
    this.#shown = this.#row;
    return s;
  }

  #run(s: string, end: boolean): void {
    let i = 0;
    while (i < s.length) {
      // Text up to the next control (newlines and `\r\n` included) is handled in bulk.
      CONTROL.lastIndex = i;
      const next = CONTROL.exec(s);
      const j = next === null ? s.length : next.index;
      if (j > i) {
        this.#bulk(s.slice(i, j));
        i = j;
        continue;
      }
      const c = s.charCodeAt(i);
      if (c !== 13 && this.#beforeReturn !== undefined) this.#beforeReturn = undefined;
      if (c === 13) {
        // A return that blanks the row (`\r   \r`) is undone by a newline right after it, in this
        // read or the next: `   \r\n` is a line of spaces however the reads were split.
        const row = this.#row;
        this.#moveTo(0);
        if (this.#row.length < row.length) this.#beforeReturn = row;
        i++;
      } else if (c === 8) {
        this.#moveTo(this.#back(1));
        i++;
      } else if (c === 27) {
        i = this.#escape(s, i, end);
      } else {
        i++; // other controls and DEL: dropped
      }
    }
  }

  // Text without controls but newlines (and `\r\n`): the first line finishes the row, whole lines go
  // out as they are, the last piece starts the next row.
  #bulk(seg: string): void {
    const t = seg.includes("\r") ? seg.replaceAll("\r\n", "\n") : seg;
    const c = t.charCodeAt(0);
    if (c !== 10 && this.#beforeReturn !== undefined) this.#beforeReturn = undefined;
    const first = t.indexOf("\n");
    if (first === -1) {
      this.#write(t);
      return;
    }
    if (first > 0) this.#write(t.slice(0, first));
    this.#newline();
    const last = t.lastIndexOf("\n");
    if (last > first) this.#out += t.slice(first + 1, last + 1);
    if (last + 1 < t.length) this.#write(t.slice(last + 1));
  }

  // Returns where processing goes on after the escape at `i`.
  #escape(s: string, i: number, end: boolean): number {
    ESCAPE.lastIndex = i;
    const m = ESCAPE.exec(s);
    if (m !== null) {
      this.work += m[0].length;
      if (m[2] !== undefined) this.#csi(m[1] as string, m[2]);
      return i + m[0].length;
    }
    const rest = s.slice(i);
    if (!end && rest.length <= MAX_CARRY && ESCAPE_PREFIX.test(rest)) {
      this.#carry = rest;
      return s.length;
    }
    // Not an escape sequence: the ESC byte alone is dropped.
    return i + 1;
  }

  #csi(params: string, final: string): void {
    const n = Number.parseInt(params, 10);
    const arg = Number.isNaN(n) ? 0 : n;
    switch (final) {
      case "K": // erase in line: 0 to the end, 1 to the cursor, 2 all
        if (params.startsWith("?")) return;
        if (arg === 0) this.#cut(this.#col);
        else this.#blank(arg === 1 ? this.#col + 1 : this.#row.length);
        return;
      case "J": // erase below the cursor; clearing the screen (1J, 2J, 3J) is display, not output
        if (arg === 0 && !params.startsWith("?")) this.#cut(this.#col);
        return;
      case "G": // cursor to column
        this.#moveTo(this.#forward(0, Math.max(1, arg) - 1), true);
        return;
      case "D": // cursor back
        this.#moveTo(this.#back(Math.max(1, arg)));
        return;
      case "C": // cursor forward
        this.#moveTo(this.#forward(this.#col, Math.max(1, arg)), true);
        return;
      default: // colours, modes, other cursor moves: nothing to keep
        return;
    }
  }

  // Where the cursor lands `n` characters back (a surrogate pair is one character).
  #back(n: number): number {
    let col = this.#col;
    for (let k = 0; k < n && col > 0; k++) col -= isLow(this.#row.charCodeAt(col - 1)) && col > 1 ? 2 : 1;
    this.work += n;
    return col;
  }

  // Where `n` characters after `from` is; past the end of the row, one column per character.
  #forward(from: number, n: number): number {
    let col = from;
    let k = 0;
    for (; k < n && col < this.#row.length; k++) col += isLow(this.#row.charCodeAt(col + 1)) ? 2 : 1;
    this.work += k;
    return col + (n - k);
  }

  #newline(): void {
    if (this.#beforeReturn !== undefined) {
      this.#row = this.#beforeReturn;
      this.#beforeReturn = undefined;
      this.#dirty = 0;
    }
    this.#emitRow();
    this.#out += "\n";
    this.#row = "";
    this.#shown = "";
    this.#col = 0;
    this.#rowWide = false;
  }

  #write(text: string): void {
    const col = this.#col;
    const row = this.#row;
    if (col === row.length) this.#row = row + text;
    else {
      // Each character written replaces one character of the row (a surrogate pair is one).
      let pairs = 0;
      for (let k = 0; k < text.length; k++) if (isLow(text.charCodeAt(k))) pairs++;
      let end = col;
      for (let n = text.length - pairs; n > 0 && end < row.length; n--)
        end += isLow(row.charCodeAt(end + 1)) ? 2 : 1;
      this.#row = row.slice(0, col) + text + row.slice(end);
      this.work += this.#row.length + text.length;
    }
    if (col < this.#dirty) this.#dirty = col;
    this.#col = col + text.length;
    if (!this.#rowWide) this.#rowWide = hasWide(text, 0);
    if (this.#row.length > ROW_WIDTH) this.#wrap();
  }

  // Moves the cursor within the row (never before its start); blank cells after the cursor are not
  // text (they are what `\r   \r`, `\b \b` and Cisco's scrolled redraws leave behind).
  #moveTo(col: number, pad = false): void {
    let to = Math.max(0, col);
    if (to > this.#row.length) {
      if (pad) {
        if (this.#row.length < this.#dirty) this.#dirty = this.#row.length;
        this.#row += " ".repeat(Math.min(to, ROW_WIDTH) - this.#row.length);
      }
      to = Math.min(to, this.#row.length);
    }
    this.#col = to;
    let k = to;
    while (k < this.#row.length && this.#row.charCodeAt(k) === 32) k++;
    this.work += k - to;
    if (k === this.#row.length && k > to) this.#cut(to);
  }

  #cut(at: number): void {
    if (at >= this.#row.length) return;
    if (at === 0 && this.#row.trim() !== "") this.withdrawn = this.#row.slice(0, 256);
    this.#row = this.#row.slice(0, at);
    if (at < this.#dirty) this.#dirty = at;
  }

  #blank(upTo: number): void {
    const n = Math.min(upTo, this.#row.length);
    this.#row = " ".repeat(n) + this.#row.slice(n);
    this.#dirty = 0;
    this.work += this.#row.length;
  }

  // A row longer than the width wraps: what is before the cursor's row is final.
  #wrap(): void {
    this.#emitRow();
    const cut = wrapPoint(this.#row);
    this.#row = this.#row.slice(cut);
    this.#shown = this.#row;
    this.#col = Math.max(0, this.#col - cut);
  }

  // Hands out the row's changes: takes back what changed, then adds the new text.
  #emitRow(): void {
    const shown = this.#shown;
    const row = this.#row;
    if (this.#dirty >= shown.length && row.length >= shown.length) {
      if (row.length > shown.length) this.#out += row.slice(shown.length);
    } else {
      let from = Math.min(this.#dirty, shown.length);
      const limit = Math.min(shown.length, row.length);
      while (from < limit && shown.charCodeAt(from) === row.charCodeAt(from)) from++;
      if (from > 0 && isLow(row.charCodeAt(from))) from--;
      this.work += from;
      this.#takeBack(shown.length - from);
      this.#out += row.slice(from);
    }
    this.#shown = row;
    this.#dirty = Number.POSITIVE_INFINITY;
  }

  #takeBack(n: number): void {
    if (n <= 0) return;
    if (this.#out.length >= n) this.#out = this.#out.slice(0, this.#out.length - n);
    else {
      this.#erase += n - this.#out.length;
      this.#out = "";
    }
  }
}

function isLow(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function hasWide(s: string, from: number): boolean {
  for (let i = from; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return true;
  return false;
}

// Where the last row of an over-long line starts (never inside a surrogate pair).
function wrapPoint(row: string): number {
  let cut = Math.floor((row.length - 1) / ROW_WIDTH) * ROW_WIDTH;
  if (isLow(row.charCodeAt(cut))) cut++;
  return cut;
}

// Every control byte but tab, newline and carriage return. Searched one by one with indexOf (memchr):
// several times cheaper on bulk output than a regular expression or a loop over the bytes.
const NOISE_BYTES: readonly number[] = [
  0x1b, 0x08, 0x00, 0x07, 0x7f, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0b, 0x0c, 0x0e, 0x0f, 0x10, 0x11, 0x12,
  0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1c, 0x1d, 0x1e, 0x1f,
];

/** True when `chunk` holds no control byte but tab, newline and carriage return (see `NOISE`). */
export function isPlainChunk(chunk: Uint8Array): boolean {
  for (const b of NOISE_BYTES) if (chunk.indexOf(b) !== -1) return false;
  return true;
}

/** True when `chunk` ends inside a UTF-8 sequence. */
export function endsMidSequence(chunk: Uint8Array): boolean {
  for (let i = chunk.length - 1, seen = 1; i >= 0 && seen <= 4; i--, seen++) {
    const b = chunk[i] as number;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > seen;
  }
  return false;
}

/** Applies one push's result to the text handed out so far. */
export function applyCleaned(text: string, cleaned: CleanedText): string {
  const kept = cleaned.erase > 0 ? text.slice(0, Math.max(0, text.length - cleaned.erase)) : text;
  return kept + cleaned.text;
}

/** Cleans a whole string at once (for callers with complete text). */
export function stripTerminalNoise(text: string): string {
  const cleaner = new TerminalCleaner();
  return applyCleaned(cleaner.push(text).text, cleaner.flush());
}
