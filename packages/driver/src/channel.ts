import { isAscii } from "node:buffer";
import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";
import {
  createDeadline,
  type Deadline,
  DisconnectedError,
  deviceLabel,
  type ErrorContext,
  type Logger,
  maskSecrets,
  type OperationOptions,
  silentLogger,
  TimeoutError,
} from "@patchbay/core";
import { Mutex } from "./internal/mutex.ts";
import { searchable } from "./internal/regex.ts";
import { endsMidSequence, isPlainChunk, TerminalCleaner } from "./internal/terminal.ts";
import type { Transport } from "./transport.ts";

/**
 * How to wait for the device to echo an input before sending return:
 * - `exact`: the echoed text must appear as sent;
 * - `fuzzy`: the input's characters must appear in order (tolerates line-wrap and inserted noise);
 * - `eager`: do not wait; send the input and return at once.
 * In `exact` and `fuzzy`, an input wider than the terminal may also echo as Cisco scrolls it: `$` and
 * the input's tail (the head scrolled away, erased with backspaces).
 */
export type EchoMode = "exact" | "fuzzy" | "eager";

/** A generic prompt: a word followed by `>`, `#`, `$` or `%` at the end of the last line. */
export const DEFAULT_PROMPT_PATTERN: RegExp = /^[\w.\-@()/:~[\] ]{1,80}[>#$%] ?$/m;

/** Pager prompts met mid-output: `--More--`, ` --More-- `, `---(more)---`, `-- MORE --`, `<--- More --->`. */
export const DEFAULT_PAGER_PATTERNS: readonly RegExp[] = [
  / ?--\s?More\s?-- ?$/im,
  /-+\(more(?: \d+%)?\)-+ ?$/im,
  /<-+ More -+> ?$/im,
];

export interface ChannelOptions extends ErrorContext {
  /** The prompt to read until. Matched against the last line only. @default DEFAULT_PROMPT_PATTERN */
  promptPattern?: RegExp;
  /** Upper bound of each operation, in milliseconds. @default 30000 */
  timeoutOpsMs?: number;
  /** Upper bound of silence while an operation waits for data, in milliseconds. @default Infinity */
  readTimeoutMs?: number;
  /** How many characters before the last line are kept for searching. @default 1000 */
  searchDepth?: number;
  /** How to wait for the echo of an input. @default "exact" */
  echo?: EchoMode;
  /** What ends an input line. @default "\n" */
  returnChar?: string;
  /** Pager prompts answered with `pagerResponse`. @default DEFAULT_PAGER_PATTERNS */
  pagerPatterns?: readonly RegExp[];
  /** What answers a pager prompt. @default " " */
  pagerResponse?: string;
  /** Where to write the raw bytes received: a stream or a file path (appended). */
  channelLog?: Writable | string;
  /** Also write what is sent to the channel log (hidden inputs are replaced). @default false */
  logSent?: boolean;
  /**
   * Keep every byte received during an operation, for `ChannelOutput.raw` and `Response.rawResult`.
   * Off by default: it is a second copy of every output (100 MB more for a 100 MB output).
   * @default false
   */
  rawResult?: boolean;
  /** Secrets masked in log entries. */
  secrets?: readonly string[];
  logger?: Logger;
}

/** Options of one channel operation. */
export interface SendInputOptions extends OperationOptions {
  /** @default the channel's echo mode */
  echo?: EchoMode;
  /** A secret: never logged and its echo is not awaited. @default false */
  hidden?: boolean;
  /** Read until this prompt instead of the channel's. */
  promptPattern?: RegExp;
  /** Keep the bytes received for `raw`. @default the channel's `rawResult` */
  rawResult?: boolean;
}

/** The output of one channel operation. */
export interface ChannelOutput {
  /** Output without the echoed input, terminal noise, pager prompts and the final prompt. */
  text: string;
  /** Every byte received during the operation (joined on first access); only with `rawResult`. */
  readonly raw: Buffer | undefined;
  /** The prompt (or the matched text) that ended the operation. */
  prompt: string;
}

/** One step of an interactive exchange. */
export interface InteractiveEvent {
  /** What to send (a return is added). */
  input: string;
  /** What to wait for afterwards; a string is found anywhere in the new output. @default the prompt */
  expect?: RegExp | string;
  /** A secret (a password): not logged, echo not awaited. @default false */
  hidden?: boolean;
}

export interface ReadOptions extends OperationOptions {
  /** Stop when this appears in the output. */
  until?: RegExp | string;
  /** Stop after reading for this long (milliseconds), whatever arrived. */
  readDurationMs?: number;
}

interface Found {
  start: number;
  end: number;
  text: string;
  index: number;
}

const DEFAULT_TIMEOUT_OPS_MS = 30_000;
const NOISE_BEFORE_PROMPT = /^[^\x20-\x7e]+/;
const BLOCK_BYTES = 1 << 20;
// The block an operation starts with; an idle channel keeps no more than this.
const FIRST_BLOCK_BYTES = 64 * 1024;
// How much of a scrolled input's tail must show after the `$` to count as its echo.
const SCROLL_MIN_SHOWN = 10;

/**
 * The read/write loop over a transport: cleans what arrives, finds echoes, prompts and pager prompts
 * on the tail of the buffer only, and runs one operation at a time.
 */
export class Channel implements AsyncDisposable {
  readonly transport: Transport;
  readonly echo: EchoMode;
  readonly returnChar: string;
  readonly timeoutOpsMs: number;
  readonly readTimeoutMs: number;
  readonly rawResult: boolean;
  #prompt: RegExp;
  readonly #ctx: ErrorContext;
  readonly #depth: number;
  readonly #pagers: readonly RegExp[];
  readonly #pagerResponse: string;
  readonly #logger: Logger;
  readonly #secrets: readonly string[];
  readonly #log: Writable | undefined;
  readonly #ownsLog: boolean;
  readonly #logSent: boolean;
  readonly #mutex = new Mutex();
  readonly #decoder = new TextDecoder("utf-8");
  readonly #cleaner = new TerminalCleaner();
  readonly #unsubscribe: (() => void)[] = [];

  // Text received and not yet consumed by an operation: frozen pieces, then the newest text in `#block`.
  // ASCII text (nearly all output) is copied into the block, a reused buffer outside the JS heap (64 KiB,
  // then 1 MiB for bulk output), and the block becomes one string when full: the strings go to V8's large-object space, which
  // the young-generation collector never copies, and each chunk's own string dies young (bulk output
  // kept as thousands of 32 KiB strings spent more time in the collector than in the driver).
  #capture: string[] = [];
  #capLen = 0;
  #block: Buffer | undefined;
  #blockLen = 0;
  // The newest chunk plus up to `#window` characters before it: the only text ever searched.
  #tailPrev = "";
  #tailNew = "";
  #window: number;
  #pagerCredit = 0;
  #utf8Pending = false;
  #raw: Buffer[] | undefined;
  #opText: string[] = [];
  #wake: (() => void) | undefined;
  #readTimer: NodeJS.Timeout | undefined;
  #readTimedOut = false;
  #closed = false;
  #closeError: Error | undefined;

  constructor(transport: Transport, options: ChannelOptions = {}) {
    this.transport = transport;
    this.echo = options.echo ?? "exact";
    this.returnChar = options.returnChar ?? "\n";
    this.timeoutOpsMs = options.timeoutOpsMs ?? DEFAULT_TIMEOUT_OPS_MS;
    this.readTimeoutMs = options.readTimeoutMs ?? Number.POSITIVE_INFINITY;
    this.rawResult = options.rawResult ?? false;
    this.#prompt = searchable(options.promptPattern ?? DEFAULT_PROMPT_PATTERN);
    this.#ctx = {
      deviceId: options.deviceId,
      host: options.host,
      platform: options.platform,
    };
    this.#depth = options.searchDepth ?? 1000;
    this.#window = this.#depth;
    this.#pagers = (options.pagerPatterns ?? DEFAULT_PAGER_PATTERNS).map(searchable);
    this.#pagerResponse = options.pagerResponse ?? " ";
    this.#logger = options.logger ?? silentLogger;
    this.#secrets = options.secrets ?? [];
    this.#logSent = options.logSent ?? false;
    if (typeof options.channelLog === "string") {
      this.#log = createWriteStream(options.channelLog, { flags: "a" });
      this.#ownsLog = true;
    } else {
      this.#log = options.channelLog;
      this.#ownsLog = false;
    }
    this.#closed = transport.closed;
    this.#unsubscribe.push(transport.onData((chunk) => this.#onData(chunk)));
    this.#unsubscribe.push(
      transport.onClose((error) => {
        this.#closed = true;
        this.#closeError = error;
        this.#wake?.();
      }),
    );
  }

  // The searched text: up to `#window` characters, then the newest chunk. Kept in two parts so bulk
  // output is never copied to build it; finders that need it whole join them (small during echoes).
  get #tail(): string {
    return this.#tailNew === "" ? this.#tailPrev : this.#tailPrev + this.#tailNew;
  }

  set #tail(text: string) {
    this.#tailPrev = text;
    this.#tailNew = "";
  }

  get #tailLength(): number {
    return this.#tailPrev.length + this.#tailNew.length;
  }

  /** The prompt pattern operations read until. */
  get promptPattern(): RegExp {
    return this.#prompt;
  }

  set promptPattern(pattern: RegExp) {
    this.#prompt = searchable(pattern);
  }

  /** True once the transport closed; every further operation fails with `DisconnectedError`. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Writes to the device as it is (no return added, no waiting). */
  write(data: string, options: { hidden?: boolean } = {}): void {
    if (this.#closed) {
      throw new DisconnectedError(
        `${deviceLabel(this.#ctx)}cannot write: the connection is closed.`,
        this.#ctx,
      );
    }
    if (this.#logSent && this.#log) this.#log.write(options.hidden ? "[hidden input]" : data);
    this.transport.write(data);
  }

  /** Sends return and reads until the prompt; returns the prompt without surrounding whitespace. */
  getPrompt(options: OperationOptions = {}): Promise<string> {
    return this.#operation("get prompt", undefined, options, async (dl) => {
      const prompt = this.#promptFinder(this.#prompt, false);
      let found = prompt();
      if (found === undefined) {
        this.#consume(this.#capLen);
        this.write(this.returnChar);
        found = await this.#waitFor(prompt, dl);
      }
      this.#consume(found.end);
      return found.text.trim();
    });
  }

  /** Sends one input, waits for its echo (per the echo mode), sends return and reads until the prompt. */
  sendInput(input: string, options: SendInputOptions = {}): Promise<ChannelOutput> {
    const shown = options.hidden ? "[hidden input]" : input;
    return this.#operation(`send "${shown}"`, shown, options, async (dl) => {
      const text = await this.#sendLine(input, options, dl);
      const found = await this.#waitFor(this.#promptFinder(this.#searchPrompt(options.promptPattern)), dl);
      const body = text + this.#consume(found.end).slice(0, found.start);
      return channelOutput(tidy(body, options.echo ?? this.echo, input), this.#takeRaw(), found.text);
    });
  }

  /** Runs an exchange of inputs and expected replies; returns everything read, echoes included. */
  sendInteractive(
    events: readonly InteractiveEvent[],
    options: SendInputOptions = {},
  ): Promise<ChannelOutput> {
    const label = events.map((e) => (e.hidden ? "[hidden input]" : e.input)).join(", ");
    return this.#operation(`interactive [${label}]`, label, options, async (dl) => {
      const parts: string[] = [];
      let last = "";
      for (const event of events) {
        parts.push(await this.#sendLine(event.input, { ...options, hidden: event.hidden }, dl, false));
        const finder =
          event.expect === undefined
            ? this.#promptFinder(this.#searchPrompt(options.promptPattern))
            : this.#patternFinder(event.expect, 0);
        const found = await this.#waitFor(finder, dl);
        parts.push(this.#consume(found.end));
        last = found.text;
      }
      return channelOutput(parts.join(""), this.#takeRaw(), last);
    });
  }

  /**
   * Sends `input` (with return) and reads until `until` appears, `readDurationMs` passes, or (with
   * neither) the prompt. Returns the output after the input's echo.
   */
  sendAndRead(input: string, options: ReadOptions & SendInputOptions = {}): Promise<ChannelOutput> {
    return this.#operation(`send and read "${input}"`, input, options, async (dl) => {
      const before = await this.#sendLine(input, options, dl);
      const from = 0;
      if (options.readDurationMs !== undefined && options.until === undefined) {
        await this.#sleep(options.readDurationMs, dl);
        const text = before + this.#consume(this.#capLen);
        return channelOutput(tidy(text, options.echo ?? this.echo, input), this.#takeRaw(), "");
      }
      const finder =
        options.until === undefined
          ? this.#promptFinder(this.#searchPrompt(options.promptPattern))
          : this.#patternFinder(options.until, from);
      const waiting = this.#waitFor(finder, dl);
      let timer: NodeJS.Timeout | undefined;
      const elapsed = new Promise<undefined>((resolve) => {
        if (options.readDurationMs !== undefined)
          timer = setTimeout(() => resolve(undefined), options.readDurationMs);
      });
      // The timer is cleared as soon as either side wins: a long duration must not outlive the read.
      const found = await (options.readDurationMs === undefined
        ? waiting
        : Promise.race([waiting, elapsed])
      ).finally(() => clearTimeout(timer));
      if (found === undefined) {
        this.#wake = undefined;
        waiting.catch(() => {});
        const text = before + this.#consume(this.#capLen);
        return channelOutput(tidy(text, options.echo ?? this.echo, input), this.#takeRaw(), "");
      }
      const text = before + this.#consume(found.end);
      return channelOutput(tidy(text, options.echo ?? this.echo, input), this.#takeRaw(), found.text);
    });
  }

  /**
   * Reads until one of `patterns` appears in the unread output; consumes through the match and
   * returns which pattern matched and the text read. For read callbacks.
   */
  readUntilAny(
    patterns: readonly (RegExp | string)[],
    options: OperationOptions = {},
  ): Promise<{ index: number; text: string; match: string }> {
    return this.#operation("read", undefined, options, async (dl) => {
      const finders = patterns.map((p, i) => this.#patternFinder(p, 0, i));
      const found = await this.#waitFor(() => {
        let best: Found | undefined;
        for (const f of finders) {
          const r = f();
          if (r !== undefined && (best === undefined || r.end < best.end)) best = r;
        }
        return best;
      }, dl);
      this.#takeRaw();
      return { index: found.index, text: this.#consume(found.end), match: found.text };
    });
  }

  /** Closes the transport and the channel log. */
  async close(): Promise<void> {
    for (const off of this.#unsubscribe.splice(0)) off();
    this.#closed = true;
    this.#wake?.();
    if (this.#readTimer) clearTimeout(this.#readTimer);
    if (!this.transport.closed) await this.transport.close().catch(() => undefined);
    if (this.#log && this.#ownsLog) await new Promise<void>((resolve) => this.#log?.end(resolve));
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  // ------------------------------------------------------------------ operations

  #operation<T>(
    name: string,
    command: string | undefined,
    options: OperationOptions & { rawResult?: boolean },
    body: (dl: Deadline) => Promise<T>,
  ): Promise<T> {
    return this.#mutex.run(async () => {
      if (this.#closed) throw this.#disconnected(name);
      const dl = createDeadline({
        operation: name,
        timeoutMs: options.timeoutMs,
        signal: options.signal,
        defaultTimeoutMs: this.timeoutOpsMs,
        ...this.#ctx,
        command,
        partialOutput: () => this.#partial(),
      });
      if (dl.signal.aborted) {
        // Aborted before anything was sent: the session is still in step, so it stays open.
        dl.dispose();
        throw dl.signal.reason;
      }
      this.#raw = (options.rawResult ?? this.rawResult) ? [] : undefined;
      this.#opText = [];
      this.#readTimedOut = false;
      if (Number.isFinite(this.readTimeoutMs)) {
        this.#readTimer = setTimeout(() => {
          this.#readTimedOut = true;
          this.#wake?.();
        }, this.readTimeoutMs);
      }
      this.#logger.debug({ operation: maskSecrets(name, this.#secrets) }, "channel operation");
      try {
        return await body(dl);
      } finally {
        dl.dispose();
        if (this.#readTimer) clearTimeout(this.#readTimer);
        this.#readTimer = undefined;
        this.#raw = undefined;
        this.#opText = [];
        this.#wake = undefined;
        this.#window = this.#depth;
        // A thousand idle sessions must not hold a megabyte each.
        if (this.#blockLen === 0 && (this.#block?.length ?? 0) > FIRST_BLOCK_BYTES) this.#block = undefined;
      }
    });
  }

  // Writes the input, waits for its echo per mode, writes return; returns text consumed (echo included
  // only in eager mode, where it is stripped later).
  async #sendLine(input: string, options: SendInputOptions, dl: Deadline, dropStale = true): Promise<string> {
    const mode = options.hidden || input === "" ? "eager" : (options.echo ?? this.echo);
    if (dropStale) this.#consume(this.#capLen);
    this.#window = Math.max(this.#depth, input.length * 2 + 64);
    if (mode === "eager") {
      this.write(input + this.returnChar, { hidden: options.hidden });
      return "";
    }
    const from = this.#capLen;
    this.write(input, { hidden: options.hidden });
    const end = await this.#waitFor(
      mode === "exact" ? this.#exactFinder(input, from) : this.#fuzzyFinder(input, from),
      dl,
    );
    const echoed = this.#consume(end);
    this.write(this.returnChar);
    return dropStale ? "" : echoed;
  }

  #searchPrompt(pattern: RegExp | undefined): RegExp {
    return pattern === undefined ? this.#prompt : searchable(pattern);
  }

  // ------------------------------------------------------------------ finders (run on each chunk)

  #exactFinder(input: string, from: number): () => number | undefined {
    let scanFrom = from;
    return () => {
      const tailStart = this.#capLen - this.#tailLength;
      const start = Math.max(scanFrom, tailStart) - tailStart;
      const idx = this.#tail.indexOf(input, start);
      if (idx !== -1) return tailStart + idx + input.length;
      scanFrom = Math.max(from, this.#capLen - input.length + 1);
      return this.#scrolledEcho(input, from);
    };
  }

  // Cisco scrolls an input longer than the terminal is wide: it backspaces over the line and redraws
  // it as `$` and the input's tail, so the echo never shows whole. Returns where such an echo ends.
  #scrolledEcho(input: string, from: number): number | undefined {
    if (input.length <= SCROLL_MIN_SHOWN) return undefined;
    const tail = this.#tail;
    const tailStart = this.#capLen - tail.length;
    const dollar = tail.lastIndexOf("$");
    if (dollar === -1 || tailStart + dollar < from) return undefined;
    let end = tail.length;
    while (end > dollar + 1 && tail.charCodeAt(end - 1) === 32) end--;
    const shown = tail.slice(dollar + 1, end);
    if (shown.length < SCROLL_MIN_SHOWN || !input.endsWith(shown)) return undefined;
    return tailStart + end;
  }

  #fuzzyFinder(input: string, from: number): () => number | undefined {
    let matched = 0;
    let scanFrom = from;
    return () => {
      const tail = this.#tail;
      const tailStart = this.#capLen - tail.length;
      for (let k = Math.max(scanFrom, tailStart) - tailStart; k < tail.length; k++) {
        if (tail.charCodeAt(k) === input.charCodeAt(matched)) {
          matched++;
          if (matched === input.length) return tailStart + k + 1;
        }
      }
      scanFrom = this.#capLen;
      return this.#scrolledEcho(input, from);
    };
  }

  // The prompt is searched on the last line only, so output lines that look like prompts never end a
  // read unless they are the last thing the device sent. Pager prompts are answered and removed.
  #promptFinder(pattern: RegExp, pagers = true): () => Found | undefined {
    return () => {
      // The last line usually lies within the newest chunk: search it without joining the tail.
      const newest = this.#tailNew;
      const nlNew = newest.lastIndexOf("\n");
      let line: string;
      if (nlNew !== -1) line = newest.slice(nlNew + 1);
      else {
        const tail = this.#tail;
        const nl = tail.lastIndexOf("\n");
        line = nl === -1 ? tail : tail.slice(nl + 1);
      }
      if (line.length === 0) return undefined;
      const lineStart = this.#capLen - line.length;
      if (pagers) {
        for (const pager of this.#pagers) {
          const m = pager.exec(line);
          if (m !== null) {
            this.#truncate(lineStart + m.index);
            this.#pagerCredit = m[0].length;
            this.write(this.#pagerResponse);
            return undefined;
          }
        }
      }
      let m = pattern.exec(line);
      let skipped = 0;
      if (m === null) {
        // Line noise (bytes that are not text) right before the prompt must not hide it.
        const noise = NOISE_BEFORE_PROMPT.exec(line);
        if (noise === null) return undefined;
        skipped = noise[0].length;
        m = pattern.exec(line.slice(skipped));
        if (m === null) return undefined;
      }
      return { start: lineStart + skipped + m.index, end: this.#capLen, text: m[0], index: 0 };
    };
  }

  #patternFinder(pattern: RegExp | string, from: number, index = 0): () => Found | undefined {
    let scanFrom = from;
    if (typeof pattern === "string") {
      return () => {
        const tailStart = this.#capLen - this.#tailLength;
        const idx = this.#tail.indexOf(pattern, Math.max(scanFrom, tailStart) - tailStart);
        if (idx !== -1) {
          return { start: tailStart + idx, end: tailStart + idx + pattern.length, text: pattern, index };
        }
        scanFrom = Math.max(0, this.#capLen - pattern.length + 1);
        return undefined;
      };
    }
    const re = searchable(pattern);
    return () => {
      const tailStart = this.#capLen - this.#tailLength;
      const offset = Math.max(scanFrom, tailStart) - tailStart;
      const region = offset === 0 ? this.#tail : this.#tail.slice(offset);
      const m = re.exec(region);
      if (m !== null) {
        const start = tailStart + offset + m.index;
        return { start, end: start + m[0].length, text: m[0], index };
      }
      // A match may span chunks: keep the last line (bounded by the window) for the next search.
      const nl = region.lastIndexOf("\n");
      scanFrom = Math.max(scanFrom, tailStart + offset + nl + 1, this.#capLen - this.#window);
      return undefined;
    };
  }

  #waitFor<T>(check: () => T | undefined, dl: Deadline): Promise<T> {
    const first = check();
    if (first !== undefined) return Promise.resolve(first);
    if (this.#closed) return Promise.reject(this.#disconnected("read"));
    const pending = new Promise<T>((resolve, reject) => {
      this.#wake = () => {
        if (this.#closed) {
          this.#wake = undefined;
          reject(this.#disconnected("read"));
          return;
        }
        if (this.#readTimedOut) {
          this.#wake = undefined;
          const error = new TimeoutError(
            `${deviceLabel(this.#ctx)}no data for ${this.readTimeoutMs} ms while waiting for the device.`,
            { ...this.#ctx, timeoutMs: this.readTimeoutMs, phase: "read", partialOutput: this.#partial() },
          );
          void this.#abortSession();
          reject(error);
          return;
        }
        let result: T | undefined;
        try {
          result = check();
        } catch (error) {
          this.#wake = undefined;
          reject(error);
          return;
        }
        if (result !== undefined) {
          this.#wake = undefined;
          resolve(result);
        }
      };
    });
    return dl.race(pending, () => {
      this.#wake = undefined;
      void this.#abortSession();
    });
  }

  #sleep(ms: number, dl: Deadline): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const done = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    });
    return dl.race(done, () => void this.#abortSession()).finally(() => clearTimeout(timer));
  }

  // ------------------------------------------------------------------ buffer

  #onData(chunk: Buffer): void {
    this.#log?.write(chunk);
    this.#raw?.push(chunk);
    let decoded: string;
    let plain = false;
    const latin1 = !this.#utf8Pending && isAscii(chunk);
    if (latin1) {
      // Most output is ASCII: a latin1 slice is several times cheaper than the UTF-8 decoder.
      decoded = chunk.toString("latin1");
      plain = isPlainChunk(chunk);
    } else {
      decoded = this.#decoder.decode(chunk, { stream: true });
      this.#utf8Pending = endsMidSequence(chunk);
    }
    const oneByte = latin1 && !this.#cleaner.holdsWide;
    const { text, erase } = this.#cleaner.push(decoded, plain);
    if (erase > 0) {
      const credit = Math.min(erase, this.#pagerCredit);
      this.#pagerCredit -= credit;
      if (erase > credit) this.#truncate(Math.max(0, this.#capLen - (erase - credit)));
    }
    if (text.length > 0) {
      this.#pagerCredit = 0;
      this.#append(text, oneByte);
      const newest = this.#tailNew;
      if (newest.length >= this.#window) this.#tailPrev = newest.slice(newest.length - this.#window);
      else if (newest.length > 0) {
        const joined = this.#tailPrev + newest;
        this.#tailPrev = joined.length > this.#window ? joined.slice(joined.length - this.#window) : joined;
      }
      this.#tailNew = text;
    }
    if (this.#readTimer) this.#readTimer.refresh();
    this.#wake?.();
  }

  // `oneByte`: every character is below U+0100, so the text fits the block one byte per character.
  #append(text: string, oneByte: boolean): void {
    this.#capLen += text.length;
    if (!oneByte || text.length > BLOCK_BYTES) {
      this.#freeze();
      this.#capture.push(text);
      return;
    }
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

  // Turns the block's text into a string piece; the block is reused.
  #freeze(): void {
    if (this.#blockLen === 0 || this.#block === undefined) return;
    this.#capture.push(this.#block.toString("latin1", 0, this.#blockLen));
    this.#blockLen = 0;
  }

  #unread(): string {
    this.#freeze();
    return this.#capture.length === 1 ? (this.#capture[0] as string) : this.#capture.join("");
  }

  // Removes and returns the first `end` characters of the unread text.
  #consume(end: number): string {
    if (end === 0) return "";
    const all = this.#unread();
    const taken = all.slice(0, end);
    const rest = all.slice(end);
    this.#capture = rest.length > 0 ? [rest] : [];
    this.#capLen = rest.length;
    if (this.#tailLength > rest.length) {
      const tail = this.#tail;
      this.#tail = tail.slice(tail.length - rest.length);
    }
    this.#opText.push(taken);
    return taken;
  }

  // Drops the unread text from `pos` to the end.
  #truncate(pos: number): void {
    let remove = this.#capLen - pos;
    if (remove <= 0) return;
    const tailStart = this.#capLen - this.#tailLength;
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
    this.#capLen = pos;
    if (pos >= tailStart) this.#tail = this.#tail.slice(0, pos - tailStart);
    else {
      this.#freeze();
      const parts: string[] = [];
      let n = 0;
      for (let i = this.#capture.length - 1; i >= 0 && n < this.#window; i--) {
        const c = this.#capture[i] as string;
        parts.unshift(c);
        n += c.length;
      }
      this.#tail = parts.join("").slice(-this.#window);
    }
  }

  #takeRaw(): Buffer[] | undefined {
    const raw = this.#raw;
    if (raw !== undefined) this.#raw = [];
    return raw;
  }

  #partial(): string {
    const block = this.#block === undefined ? "" : this.#block.toString("latin1", 0, this.#blockLen);
    return this.#opText.join("") + this.#capture.join("") + block;
  }

  #disconnected(operation: string): DisconnectedError {
    return new DisconnectedError(
      `${deviceLabel(this.#ctx)}the connection closed during ${operation}${this.#closeError ? `: ${this.#closeError.message}` : ""}. Open a new session.`,
      { ...this.#ctx, partialOutput: this.#partial(), cause: this.#closeError },
    );
  }

  // After a timeout or abort the device may still be sending the old output: the session is unusable.
  async #abortSession(): Promise<void> {
    this.#closed = true;
    await this.transport.close().catch(() => undefined);
  }
}

// The raw bytes are joined only when someone reads them (a 100 MB copy is not free).
function channelOutput(text: string, chunks: Buffer[] | undefined, prompt: string): ChannelOutput {
  let raw: Buffer | undefined;
  return {
    text,
    prompt,
    get raw(): Buffer | undefined {
      if (chunks === undefined) return undefined;
      raw ??= joinRaw(chunks);
      return raw;
    },
  };
}

function joinRaw(chunks: Buffer[]): Buffer {
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
}

// Removes the echoed input (eager mode), the newline after it and blank lines before the prompt.
function tidy(text: string, mode: EchoMode, input: string): string {
  let out = text;
  if (mode === "eager" && input !== "") {
    // Looked for near the start only: a scan of a large output for an echo it lacks costs its length.
    const idx = out.slice(0, 256 + input.length).indexOf(input);
    if (idx !== -1 && idx <= 256) out = out.slice(idx + input.length);
  }
  if (out.startsWith("\n")) out = out.slice(1);
  let end = out.length;
  while (end > 0 && out.charCodeAt(end - 1) === 10) end--;
  return end === out.length ? out : out.slice(0, end);
}
