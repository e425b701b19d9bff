import { isAscii } from "node:buffer";
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
import type {
  ChannelOptions,
  ChannelOutput,
  EchoMode,
  InteractiveEvent,
  ReadOptions,
  SendInputOptions,
} from "./channel-options.ts";
import { withEarlierOutput } from "./errors.ts";
import { CaptureBuffer } from "./internal/capture.ts";
import { exactEcho, fuzzyEcho } from "./internal/echo-finder.ts";
import { Mutex } from "./internal/mutex.ts";
import { channelOutput, tidy } from "./internal/output.ts";
import { searchable } from "./internal/regex.ts";
import { SessionLog } from "./internal/session-log.ts";
import { endsMidSequence, isPlainChunk, TerminalCleaner } from "./internal/terminal.ts";
import {
  DEFAULT_PAGER_PATTERNS,
  DEFAULT_PROMPT_PATTERN,
  type Found,
  patternFinder,
  promptFinder,
} from "./prompt-finder.ts";
import type { Transport } from "./transport.ts";

export type {
  ChannelOptions,
  ChannelOutput,
  EchoMode,
  InteractiveEvent,
  ReadOptions,
  SendInputOptions,
} from "./channel-options.ts";
export { DEFAULT_PAGER_PATTERNS, DEFAULT_PROMPT_PATTERN } from "./prompt-finder.ts";

const DEFAULT_TIMEOUT_OPS_MS = 30_000;
// How many prompt texts are remembered for finding a prompt followed by stray lines.
const KNOWN_PROMPTS = 8;

/**
 * The read/write loop over a transport: cleans what arrives (a terminal's view of it), finds echoes,
 * prompts and pager prompts on the tail of the buffer only, and runs one operation at a time.
 */
export class Channel implements AsyncDisposable {
  readonly transport: Transport;
  readonly echo: EchoMode;
  readonly returnChar: string;
  readonly timeoutOpsMs: number;
  readonly readTimeoutMs: number;
  readonly rawResult: boolean;
  #prompt: RegExp;
  #redraw: boolean;
  readonly #ctx: ErrorContext;
  readonly #pagers: readonly RegExp[];
  readonly #pagerResponse: string;
  readonly #logger: Logger;
  readonly #secrets: readonly string[];
  readonly #log: SessionLog;
  readonly #onUnsolicited: ((text: string) => void) | undefined;
  readonly #mutex = new Mutex();
  readonly #decoder = new TextDecoder("utf-8");
  readonly #cleaner = new TerminalCleaner();
  readonly #buf: CaptureBuffer;
  readonly #known = new Set<string>();
  readonly #unsubscribe: (() => void)[] = [];
  #utf8Pending = false;
  #raw: Buffer[] | undefined;
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
    this.#redraw = options.promptRedraw ?? false;
    this.#ctx = {
      deviceId: options.deviceId,
      host: options.host,
      platform: options.platform,
    };
    this.#buf = new CaptureBuffer(options.searchDepth ?? 1000);
    this.#pagers = (options.pagerPatterns ?? DEFAULT_PAGER_PATTERNS).map(searchable);
    this.#pagerResponse = options.pagerResponse ?? " ";
    this.#logger = options.logger ?? silentLogger;
    this.#secrets = options.secrets ?? [];
    this.#log = new SessionLog(options.channelLog, options.logSent ?? false);
    this.#onUnsolicited = options.onUnsolicitedOutput;
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

  /** The prompt pattern operations read until. */
  get promptPattern(): RegExp {
    return this.#prompt;
  }

  set promptPattern(pattern: RegExp) {
    this.#prompt = searchable(pattern);
  }

  /** True when the device is known to redraw its prompt after Enter (declared or learned). */
  get promptRedraw(): boolean {
    return this.#redraw;
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
    this.#log.sent(data, options.hidden ?? false);
    this.transport.write(data);
  }

  /** Sends return and reads until the prompt; returns the prompt without surrounding whitespace. */
  getPrompt(options: OperationOptions = {}): Promise<string> {
    return this.#operation("get prompt", undefined, options, async (dl) => {
      const prompt = promptFinder(this.#buf, { pattern: this.#prompt });
      let found = prompt();
      if (found === undefined) {
        this.#dropStale();
        this.write(this.returnChar);
        found = await this.#waitFor(prompt, dl);
      }
      this.#buf.consume(found.end);
      return this.#remember(found.text.trim());
    });
  }

  /** Sends one input, waits for its echo (per the echo mode), sends return and reads until the prompt. */
  sendInput(input: string, options: SendInputOptions = {}): Promise<ChannelOutput> {
    const shown = options.hidden ? "[hidden input]" : input;
    return this.#operation(`send "${shown}"`, shown, options, async (dl) => {
      const text = await this.#sendLine(input, options, dl);
      const found = await this.#waitFor(this.#promptFinder(options.promptPattern, input !== ""), dl);
      const body = text + this.#buf.consume(found.end).slice(0, found.start);
      this.#remember(found.text.trim());
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
            ? this.#promptFinder(options.promptPattern, false)
            : patternFinder(this.#buf, event.expect, 0);
        const found = await this.#waitFor(finder, dl);
        parts.push(this.#buf.consume(found.end));
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
      const mode = options.echo ?? this.echo;
      if (options.readDurationMs !== undefined && options.until === undefined) {
        await this.#sleep(options.readDurationMs, dl);
        const text = before + this.#buf.consume(this.#buf.length);
        return channelOutput(tidy(text, mode, input), this.#takeRaw(), "");
      }
      const finder =
        options.until === undefined
          ? this.#promptFinder(options.promptPattern, input !== "")
          : patternFinder(this.#buf, options.until, 0);
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
        const text = before + this.#buf.consume(this.#buf.length);
        return channelOutput(tidy(text, mode, input), this.#takeRaw(), "");
      }
      const text = before + this.#buf.consume(found.end);
      return channelOutput(tidy(text, mode, input), this.#takeRaw(), found.text);
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
      const finders = patterns.map((p, i) => patternFinder(this.#buf, p, 0, i));
      const found = await this.#waitFor(() => {
        let best: Found | undefined;
        for (const f of finders) {
          const r = f();
          if (r !== undefined && (best === undefined || r.end < best.end)) best = r;
        }
        return best;
      }, dl);
      this.#takeRaw();
      return { index: found.index, text: this.#buf.consume(found.end), match: found.text };
    });
  }

  /** Closes the transport and the channel log. */
  async close(): Promise<void> {
    for (const off of this.#unsubscribe.splice(0)) off();
    this.#closed = true;
    this.#wake?.();
    if (this.#readTimer) clearTimeout(this.#readTimer);
    if (!this.transport.closed) await this.transport.close().catch(() => undefined);
    await this.#log.close();
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
        partialOutput: () => this.#buf.partial(),
      });
      if (dl.signal.aborted) {
        // Aborted before anything was sent: the session is still in step, so it stays open.
        dl.dispose();
        throw dl.signal.reason;
      }
      this.#raw = (options.rawResult ?? this.rawResult) ? [] : undefined;
      this.#buf.startOperation();
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
      } catch (error) {
        // An abort (core's error carries no output) keeps what was received, as a timeout does.
        const e = error as { code?: unknown; partialOutput?: unknown };
        if (e?.code === "ABORTED" && e.partialOutput === undefined) {
          throw withEarlierOutput(error, this.#buf.partial());
        }
        throw error;
      } finally {
        dl.dispose();
        if (this.#readTimer) clearTimeout(this.#readTimer);
        this.#readTimer = undefined;
        this.#raw = undefined;
        this.#wake = undefined;
        this.#buf.endOperation();
      }
    });
  }

  // Writes the input, waits for its echo per mode, writes return; returns text consumed (echo included
  // only in eager mode, where it is stripped later).
  async #sendLine(input: string, options: SendInputOptions, dl: Deadline, dropStale = true): Promise<string> {
    const mode = options.hidden || input === "" ? "eager" : (options.echo ?? this.echo);
    if (dropStale) this.#dropStale();
    this.#buf.window = Math.max(this.#buf.depth, input.length * 2 + 64);
    if (mode === "eager") {
      this.write(input + this.returnChar, { hidden: options.hidden });
      return "";
    }
    const from = this.#buf.length;
    this.write(input, { hidden: options.hidden });
    const end = await this.#waitFor(
      mode === "exact" ? exactEcho(this.#buf, input, from) : fuzzyEcho(this.#buf, input, from),
      dl,
    );
    const echoed = this.#buf.consume(end);
    this.write(this.returnChar);
    return dropStale ? "" : echoed;
  }

  // Text that arrived outside any operation (after the last prompt) is not this command's output: it
  // is reported, never silently dropped.
  #dropStale(): void {
    const stale = this.#buf.consume(this.#buf.length);
    if (stale.trim() === "") return;
    this.#logger.debug({ text: maskSecrets(stale.slice(0, 2000), this.#secrets) }, "unsolicited output");
    this.#onUnsolicited?.(stale);
  }

  #promptFinder(pattern: RegExp | undefined, afterInput: boolean): () => Found | undefined {
    return promptFinder(this.#buf, {
      pattern: pattern ?? this.#prompt,
      pagers: this.#pagers,
      onPager: (at) => this.#answerPager(at),
      knownPrompts: this.#known,
      requireOutput: afterInput && this.#redraw,
    });
  }

  // Pager prompts are removed from the output and answered.
  #answerPager(at: number): void {
    this.#buf.truncate(at);
    this.#cleaner.forgetRow();
    this.write(this.#pagerResponse);
  }

  #remember(prompt: string): string {
    if (prompt !== "" && !prompt.includes("\n") && !this.#known.has(prompt)) {
      if (this.#known.size >= KNOWN_PROMPTS) this.#known.delete(this.#known.values().next().value as string);
      this.#known.add(prompt);
    }
    return prompt;
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
            {
              ...this.#ctx,
              timeoutMs: this.readTimeoutMs,
              phase: "read",
              partialOutput: this.#buf.partial(),
            },
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

  // ------------------------------------------------------------------ input

  #onData(chunk: Buffer): void {
    this.#log.received(chunk);
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
    if (erase > 0) this.#buf.truncate(Math.max(0, this.#buf.length - erase));
    if (this.#cleaner.withdrawn !== undefined) this.#noteWithdrawn();
    if (text.length > 0) this.#buf.append(text, oneByte);
    if (this.#readTimer) this.#readTimer.refresh();
    this.#wake?.();
  }

  // A prompt withdrawn whole (`\r\x1b[K` over it) shows the device redraws its prompt after Enter:
  // from then on, a prompt with no output before it waits for the output.
  #noteWithdrawn(): void {
    const line = this.#cleaner.withdrawn;
    if (line === undefined) return;
    this.#cleaner.withdrawn = undefined;
    if (!this.#redraw && this.#prompt.test(line)) {
      this.#redraw = true;
      this.#logger.debug({ prompt: line }, "the device redraws its prompt after Enter");
    }
  }

  #takeRaw(): Buffer[] | undefined {
    const raw = this.#raw;
    if (raw !== undefined) this.#raw = [];
    return raw;
  }

  #disconnected(operation: string): DisconnectedError {
    return new DisconnectedError(
      `${deviceLabel(this.#ctx)}the connection closed during ${operation}${this.#closeError ? `: ${this.#closeError.message}` : ""}. Open a new session.`,
      { ...this.#ctx, partialOutput: this.#buf.partial(), cause: this.#closeError },
    );
  }

  // After a timeout or abort the device may still be sending the old output: the session is unusable.
  async #abortSession(): Promise<void> {
    this.#closed = true;
    await this.transport.close().catch(() => undefined);
  }
}
