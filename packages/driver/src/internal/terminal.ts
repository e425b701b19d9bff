/**
 * Streaming removal of terminal noise: ANSI/VT escape sequences (also when split across reads),
 * carriage returns, NUL, BEL and other C0 controls, and backspace editing.
 */

// A complete escape sequence: CSI, OSC (ended by BEL or ST), charset designation, or a two-byte ESC x.
const ESCAPE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control codes are what this module removes
  /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b\n]{0,512}(?:\x07|\x1b\\)|[()*+\-./][ -~]|[ -/]*[0-Z\\^-~])/g;
// What an escape sequence may look like before its last byte has arrived. Never spans a newline, so
// random bytes that look like the start of an escape cannot hold back the prompt on the next line.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control codes are what this module removes
const ESCAPE_PREFIX = /^\x1b(?:\[[0-?]*[ -/]*|\][^\x07\x1b\n]*\x1b?|[()*+\-./]|[ -/]*)$/;
// The terminal idiom that erases a line: return, spaces, return (pagers use it to wipe `--More--`).
const LINE_ERASE = /\r +\r/g;
// Controls other than tab, newline and backspace (backspace is applied, not dropped).
// biome-ignore lint/suspicious/noControlCharactersInRegex: control codes are what this module removes
const CONTROLS = /[\x00-\x07\x0b-\x1f\x7f]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control codes are what this module removes
const NEEDS_WORK = /[\x00-\x08\x0b-\x1f\x7f]/;
const MAX_CARRY = 512;

export interface CleanedText {
  /** The text without terminal noise. */
  text: string;
  /** Backspaces at the start that erase characters delivered by earlier pushes. */
  erase: number;
}

export class TerminalCleaner {
  #carry = "";

  /** True when text held back from earlier pushes has characters above U+00FF (rare: OSC titles). */
  get holdsWide(): boolean {
    if (this.#carry === "") return false;
    for (let i = 0; i < this.#carry.length; i++) if (this.#carry.charCodeAt(i) > 0xff) return true;
    return false;
  }

  /** Cleans the next piece of decoded text. An incomplete escape at the end is held for the next push. */
  push(input: string, plain = false): CleanedText {
    if (plain && this.#carry === "") return { text: this.#plain(input), erase: 0 };
    let s = this.#carry === "" ? input : this.#carry + input;
    this.#carry = "";
    if (!NEEDS_WORK.test(s)) return { text: s, erase: 0 };
    s = this.#holdIncompleteTail(s);
    if (s.includes("\r")) {
      if (s.includes("\r ")) s = s.replace(LINE_ERASE, "");
      s = s.replaceAll("\r\n", "\n");
    }
    if (s.includes("\x1b")) s = s.replace(ESCAPE, "");
    s = s.replace(CONTROLS, "");
    if (!s.includes("\b")) return { text: s, erase: 0 };
    return applyBackspaces(s);
  }

  // Text known to hold no controls but CR and LF (checked on the bytes, which is much cheaper).
  #plain(input: string): string {
    let s = input;
    if (s.indexOf("\r") === -1) return s;
    // Only a return followed by nothing but spaces is held (the start of a line erase): found by
    // walking back over the spaces, not by the regex scans of the full path.
    let cr = s.length - 1;
    while (cr >= 0 && s.length - cr <= MAX_CARRY && s.charCodeAt(cr) === 32) cr--;
    if (cr >= 0 && s.charCodeAt(cr) === 13 && !closesErase(s, cr)) {
      this.#carry = s.slice(cr);
      s = s.slice(0, cr);
    }
    if (s.includes("\r ")) s = s.replace(LINE_ERASE, "");
    s = s.replaceAll("\r\n", "\n");
    return s.indexOf("\r") === -1 ? s : s.replaceAll("\r", "");
  }

  /** Returns whatever is held back (at the end of a session). */
  flush(): string {
    const rest = this.#carry.replace(CONTROLS, "");
    this.#carry = "";
    return rest;
  }

  #holdIncompleteTail(s: string): string {
    const esc = s.lastIndexOf("\x1b");
    if (esc !== -1 && s.length - esc <= MAX_CARRY) {
      const rest = s.slice(esc);
      ESCAPE.lastIndex = 0;
      const complete = ESCAPE.exec(rest);
      ESCAPE.lastIndex = 0;
      if ((complete === null || complete.index !== 0) && ESCAPE_PREFIX.test(rest)) {
        this.#carry = rest;
        return s.slice(0, esc);
      }
    }
    // A trailing return (and spaces) may be the start of a line erase; hold it until the next read.
    // A return that closes an erase (`\r   \r`, often a read of its own after a pager prompt) is not
    // held: held alone, it would leave the erase's spaces behind as text.
    const cr = s.lastIndexOf("\r");
    if (cr !== -1 && s.length - cr <= MAX_CARRY && /^\r *$/.test(s.slice(cr)) && !closesErase(s, cr)) {
      this.#carry = s.slice(cr) + this.#carry;
      return s.slice(0, cr);
    }
    return s;
  }
}

// True when the return at `cr` ends a line erase: return, one or more spaces, return.
function closesErase(s: string, cr: number): boolean {
  let i = cr - 1;
  while (i >= 0 && s.charCodeAt(i) === 32) i--;
  return i < cr - 1 && i >= 0 && s.charCodeAt(i) === 13;
}

function applyBackspaces(s: string): CleanedText {
  const out: string[] = [];
  let erase = 0;
  for (const ch of s) {
    if (ch === "\b") {
      if (out.length > 0) out.pop();
      else erase++;
    } else out.push(ch);
  }
  return { text: out.join(""), erase };
}

// Bytes that make a chunk need the full cleaning pass (the rare other C0 controls are caught there too
// when the chunk is not plain ASCII).
const NOISE_BYTES: readonly number[] = [0x1b, 0x00, 0x07, 0x08, 0x7f, 0x0b, 0x0c, 0x0e, 0x0f, 0x1a, 0x05];

/** True when `chunk` holds none of the usual terminal noise bytes (ESC, NUL, BEL, BS, DEL...). */
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

/** Cleans a whole string at once (for tests and for callers with complete text). */
export function stripTerminalNoise(text: string): string {
  const cleaner = new TerminalCleaner();
  return cleaner.push(text).text + cleaner.flush();
}
