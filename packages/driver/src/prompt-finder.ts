import type { CaptureBuffer } from "./internal/capture.ts";
import { searchable } from "./internal/regex.ts";

/** A generic prompt: a word followed by `>`, `#`, `$` or `%` at the end of the last line. */
export const DEFAULT_PROMPT_PATTERN: RegExp = /^[\w.\-@()/:~[\] ]{1,80}[>#$%] ?$/m;

/** Pager prompts met mid-output: `--More--`, ` --More-- `, `---(more)---`, `-- MORE --`, `<--- More --->`. */
export const DEFAULT_PAGER_PATTERNS: readonly RegExp[] = [
  / ?--\s?More\s?-- ?$/im,
  /-+\(more(?: \d+%)?\)-+ ?$/im,
  /<-+ More -+> ?$/im,
];

/** Where a prompt or pattern was found in the unread text. */
export interface Found {
  start: number;
  end: number;
  text: string;
  index: number;
}

/** What a prompt search looks for. */
export interface PromptSearch {
  /** The prompt; it may span lines (`\n` in the pattern). */
  pattern: RegExp;
  /** Pager prompts to answer; `onPager` gets where the pager starts in the unread text. */
  pagers?: readonly RegExp[];
  onPager?: (at: number) => void;
  /**
   * Prompts seen before on this channel. One of them on a line of its own, followed in the same read
   * by more lines (a syslog message printed right after the prompt), ends the read too; what follows
   * it stays unread.
   */
  knownPrompts?: ReadonlySet<string>;
  /**
   * The device redraws its prompt right after Enter and withdraws it when the reply comes (readline
   * clients such as birdc): a prompt with nothing but blanks before it is that redraw, not the end.
   */
  requireOutput?: boolean;
}

const NOISE_BEFORE_PROMPT = /^[^\x20-\x7e]+/;
// How far back from the end of a read a known prompt followed by stray lines is looked for.
const STRAY_LINES = 16;

/**
 * How many lines a pattern spans: one, plus one per `\n` it matches. Only an explicit `\n` counts:
 * `\s*$` at the end of a prompt pattern is meant for trailing blanks on the same line.
 */
export function patternLines(pattern: RegExp): number {
  const source = pattern.source;
  let lines = 1;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\n") lines++;
    else if (c === "\\") {
      if (source[i + 1] === "n") lines++;
      i++;
    }
  }
  return lines;
}

/**
 * Finds the prompt at the end of the received text: on the last line (or the last lines, for a
 * pattern that spans lines), so output lines that look like prompts never end a read unless they are
 * the last thing the device sent. Pager prompts on the last line are reported to `onPager` instead.
 */
export function promptFinder(buf: CaptureBuffer, search: PromptSearch): () => Found | undefined {
  const pattern = searchable(search.pattern);
  const lines = patternLines(pattern);
  let strayFrom = 0;
  return () => {
    const lastLine = lastLines(buf, 1);
    const from = strayFrom;
    strayFrom = buf.length - lastLine.length;
    if (lastLine.length > 0) {
      const lineStart = buf.length - lastLine.length;
      if (search.pagers !== undefined) {
        for (const pager of search.pagers) {
          const m = pager.exec(lastLine);
          if (m !== null) {
            search.onPager?.(lineStart + m.index);
            return undefined;
          }
        }
      }
      const region = lines === 1 ? lastLine : lastLines(buf, lines);
      const found = matchAtEnd(pattern, region, buf.length - region.length, buf.length);
      if (found !== undefined) {
        return search.requireOutput && buf.blankBefore(found.start) ? undefined : found;
      }
    }
    const known = search.knownPrompts;
    if (known === undefined || known.size === 0) return undefined;
    const stray = strayPrompt(buf, pattern, known, from);
    return stray !== undefined && search.requireOutput && buf.blankBefore(stray.start) ? undefined : stray;
  };
}

// The last `n` lines of the tail (the last one may be empty).
function lastLines(buf: CaptureBuffer, n: number): string {
  if (n === 1) {
    // The last line usually lies within the newest chunk: search it without joining the tail.
    const newest = buf.newest;
    const nl = newest.lastIndexOf("\n");
    if (nl !== -1) return newest.slice(nl + 1);
  }
  const tail = buf.tail;
  return tail.slice(startOfLastLines(tail, n));
}

/** Where the last `n` lines of `text` start (0 when it has fewer). */
function startOfLastLines(text: string, n: number): number {
  let at = text.length;
  for (let k = 0; k < n; k++) {
    const nl = at === 0 ? -1 : text.lastIndexOf("\n", at - 1);
    if (nl === -1) return 0;
    at = nl;
  }
  return at + 1;
}

function matchAtEnd(pattern: RegExp, region: string, regionStart: number, end: number): Found | undefined {
  let m = pattern.exec(region);
  let skipped = 0;
  if (m === null) {
    // Line noise (bytes that are not text) right before the prompt must not hide it.
    const noise = NOISE_BEFORE_PROMPT.exec(region);
    if (noise === null) return undefined;
    skipped = noise[0].length;
    m = pattern.exec(region.slice(skipped));
    if (m === null) return undefined;
  }
  return { start: regionStart + skipped + m.index, end, text: m[0], index: 0 };
}

// A known prompt on a line of its own, ended by a newline at or after `from` (text that arrived since
// the last search) and followed by more lines.
function strayPrompt(
  buf: CaptureBuffer,
  pattern: RegExp,
  known: ReadonlySet<string>,
  from: number,
): Found | undefined {
  const tail = buf.tail;
  const tailStart = buf.length - tail.length;
  const fromIdx = Math.max(0, from - tailStart);
  let end = tail.lastIndexOf("\n");
  for (let k = 0; k < STRAY_LINES && end >= fromIdx; k++) {
    const nl = end === 0 ? -1 : tail.lastIndexOf("\n", end - 1);
    const line = tail.slice(nl + 1, end);
    const text = line.trim();
    if (text !== "" && known.has(text)) {
      const m = pattern.exec(line);
      if (m !== null) {
        const start = tailStart + nl + 1 + m.index;
        return { start, end: start + m[0].length, text: m[0], index: 0 };
      }
    }
    if (nl === -1) break;
    end = nl;
  }
  return undefined;
}

/**
 * Finds `pattern` (a string anywhere, or a regular expression) in the text after `from`. A match may
 * span reads and lines: the lines a pattern can span are searched again when the next read comes.
 */
export function patternFinder(
  buf: CaptureBuffer,
  pattern: RegExp | string,
  from: number,
  index = 0,
): () => Found | undefined {
  let scanFrom = from;
  if (typeof pattern === "string") {
    return () => {
      const tailStart = buf.tailStart;
      const idx = buf.tail.indexOf(pattern, Math.max(scanFrom, tailStart) - tailStart);
      if (idx !== -1) {
        return { start: tailStart + idx, end: tailStart + idx + pattern.length, text: pattern, index };
      }
      scanFrom = Math.max(0, buf.length - pattern.length + 1);
      return undefined;
    };
  }
  const re = searchable(pattern);
  const lines = patternLines(re);
  return () => {
    const tailStart = buf.tailStart;
    const offset = Math.max(scanFrom, tailStart) - tailStart;
    const tail = buf.tail;
    const region = offset === 0 ? tail : tail.slice(offset);
    const m = re.exec(region);
    if (m !== null) {
      const start = tailStart + offset + m.index;
      return { start, end: start + m[0].length, text: m[0], index };
    }
    // Search again from the start of the last lines the pattern could span (bounded by the window).
    const keepFrom = startOfLastLines(region, lines);
    scanFrom = Math.max(scanFrom, tailStart + offset + keepFrom, buf.length - buf.window);
    return undefined;
  };
}
