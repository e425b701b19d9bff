import { AsyncLocalStorage } from "node:async_hooks";
import { readFile } from "node:fs/promises";
import {
  createDeadline,
  type Device,
  deviceSecrets,
  type Logger,
  type OperationOptions,
  redactingLogger,
  silentLogger,
} from "@patchbay/core";
import {
  Channel,
  type ChannelOptions,
  type ChannelOutput,
  type EchoMode,
  type InteractiveEvent,
  type ReadOptions,
} from "./channel.ts";
import { withEarlierOutput } from "./errors.ts";
import { Mutex } from "./internal/mutex.ts";
import { MultiResponse, type OutputParser, Response } from "./response.ts";
import type { Transport } from "./transport.ts";

/** Opens a transport (for example an SSH shell) when the driver opens. */
export type TransportFactory = (options: OperationOptions) => Promise<Transport>;

export interface GenericDriverOptions
  extends Omit<ChannelOptions, "deviceId" | "host" | "platform" | "secrets" | "logger"> {
  /** The transport, or a function that opens one. */
  transport: Transport | TransportFactory;
  /** The device, for error context and secrets (`data.enableSecret`). */
  device?: Device;
  /** Host name for responses and errors when no device is given. */
  host?: string;
  /** Output containing any of these marks a response failed. @default [] */
  failedWhenContains?: readonly string[];
  /** Parser used by `response.parse()`. */
  parsers?: OutputParser;
  /** Runs after the prompt is found on open. */
  onOpen?: (driver: GenericDriver) => Promise<void>;
  /** Runs before the transport closes. */
  onClose?: (driver: GenericDriver) => Promise<void>;
  logger?: Logger;
}

export interface SendCommandOptions extends OperationOptions {
  /** @default the driver's list */
  failedWhenContains?: readonly string[];
  /** @default the channel's echo mode */
  echo?: EchoMode;
  /** Read until this prompt instead of the current one. */
  promptPattern?: RegExp;
  /** Keep the bytes received for `Response.rawResult`. @default the driver's `rawResult` (false) */
  rawResult?: boolean;
}

export interface SendCommandsOptions extends SendCommandOptions {
  /** Stop at the first failed command. @default false */
  stopOnFailed?: boolean;
}

/** One reaction of `readCallback`: when `match` appears in the output, `run` is called. */
export interface ReadCallback {
  match: RegExp | string;
  run: (driver: GenericDriver, output: string) => void | Promise<void>;
  /** Stop reading after this callback ran. @default false */
  complete?: boolean;
  /** Run at most once. @default false */
  onlyOnce?: boolean;
  name?: string;
}

/**
 * A CLI driver for any device with a prompt: send commands, read output, detect failures.
 * One operation runs at a time; calls made meanwhile wait their turn.
 */
export class GenericDriver implements AsyncDisposable {
  readonly device: Device | undefined;
  readonly host: string;
  protected readonly options: GenericDriverOptions;
  protected readonly logger: Logger;
  protected failedWhenContains: readonly string[];
  #channel: Channel | undefined;
  readonly #mutex = new Mutex();
  readonly #held = new AsyncLocalStorage<boolean>();

  constructor(options: GenericDriverOptions) {
    this.options = options;
    this.device = options.device;
    this.host = options.device?.host ?? options.host ?? "";
    this.failedWhenContains = options.failedWhenContains ?? [];
    const secrets = this.device ? deviceSecrets(this.device) : [];
    this.logger = redactingLogger(options.logger ?? silentLogger, secrets).child({
      deviceId: this.device?.id ?? this.host,
    });
  }

  /** The platform id, when known. */
  get platform(): string | undefined {
    return this.device?.platform;
  }

  /** The channel; throws when the driver is not open. */
  get channel(): Channel {
    if (this.#channel === undefined)
      throw new Error(`driver for "${this.host}" is not open: call open() first.`);
    return this.#channel;
  }

  /** True while the driver is open and its transport alive. */
  get isAlive(): boolean {
    return this.#channel !== undefined && !this.#channel.closed;
  }

  /** Opens the transport (if given a factory), finds the prompt and runs `onOpen`. */
  open(options: OperationOptions = {}): Promise<void> {
    return this.exclusive(async () => {
      const t = this.options.transport;
      let transport: Transport;
      if (typeof t === "function") {
        using dl = createDeadline({
          operation: "open transport",
          timeoutMs: options.timeoutMs,
          signal: options.signal,
          defaultTimeoutMs: this.options.timeoutOpsMs ?? 30_000,
          deviceId: this.device?.id,
          host: this.host,
        });
        transport = await dl.race(t({ timeoutMs: options.timeoutMs, signal: options.signal }));
      } else transport = t;
      this.#channel = new Channel(transport, {
        ...this.options,
        deviceId: this.device?.id,
        host: this.host,
        platform: this.platform,
        secrets: this.device ? deviceSecrets(this.device) : [],
        logger: this.logger,
      });
      try {
        const prompt = await this.#channel.getPrompt(options);
        await this.afterOpen(prompt, options);
        const onOpen = this.options.onOpen;
        if (onOpen) await this.#asHolder(() => onOpen(this));
      } catch (error) {
        await this.#channel.close();
        throw error;
      }
    });
  }

  /** Runs `onClose` (best effort) and closes the transport. */
  close(): Promise<void> {
    return this.exclusive(async () => {
      const channel = this.#channel;
      if (channel === undefined) return;
      if (!channel.closed) {
        try {
          await this.beforeClose();
          const onClose = this.options.onClose;
          if (onClose) await this.#asHolder(() => onClose(this));
        } catch (error) {
          this.logger.debug({ error }, "close hook failed; closing anyway");
        }
      }
      await channel.close();
    });
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** The current prompt. */
  getPrompt(options: OperationOptions = {}): Promise<string> {
    return this.exclusive(async () => {
      const prompt = await this.channel.getPrompt(options);
      this.notePrompt(prompt);
      return prompt;
    });
  }

  /** Sends one command and reads its output until the prompt. */
  sendCommand(command: string, options: SendCommandOptions = {}): Promise<Response> {
    return this.exclusive(async () => {
      await this.beforeCommand(options);
      return this.runCommand(command, options);
    });
  }

  /** Sends commands one after another; with `stopOnFailed`, stops at the first failure. */
  sendCommands(commands: readonly string[], options: SendCommandsOptions = {}): Promise<MultiResponse> {
    return this.exclusive(async () => {
      await this.beforeCommand(options);
      const out = new MultiResponse();
      for (const command of commands) {
        const response = await this.runCommand(command, options);
        out.push(response);
        if (options.stopOnFailed && response.failed) break;
      }
      return out;
    });
  }

  /** Sends the non-empty lines of a file as commands. */
  async sendCommandsFromFile(path: string, options: SendCommandsOptions = {}): Promise<MultiResponse> {
    const text = await readFile(path, "utf8");
    const commands = text.split(/\r?\n/).filter((line) => line.trim() !== "");
    return this.sendCommands(commands, options);
  }

  /** Runs an exchange of inputs and expected replies (confirmations, passwords). */
  sendInteractive(events: readonly InteractiveEvent[], options: SendCommandOptions = {}): Promise<Response> {
    return this.exclusive(async () => {
      const start = new Date();
      for (const event of events) if (!event.hidden) this.beforeInput(event.input);
      const out = await this.channel.sendInteractive(events, this.#channelOptions(options));
      this.notePrompt(out.prompt);
      const input = events.map((e) => (e.hidden ? "[hidden input]" : e.input)).join(", ");
      return this.#response(input, out, start, options);
    });
  }

  /** Sends `input` and reads until `until` appears or `readDurationMs` passes. */
  sendAndRead(input: string, options: ReadOptions & SendCommandOptions = {}): Promise<Response> {
    return this.exclusive(async () => {
      const start = new Date();
      this.beforeInput(input);
      const out = await this.channel.sendAndRead(input, { ...this.#channelOptions(options), ...options });
      return this.#response(input, out, start, options);
    });
  }

  /**
   * Sends `initialInput` (if any), then reads; whenever the output since the last callback matches a
   * callback's `match`, runs it. Ends after a `complete` callback. Callbacks may call the driver.
   */
  readCallback(
    callbacks: readonly ReadCallback[],
    initialInput?: string,
    options: OperationOptions & { rawResult?: boolean } = {},
  ): Promise<Response> {
    return this.exclusive(async () => {
      const start = new Date();
      // The bytes are taken from the transport for the whole exchange: some arrive between reads,
      // while a callback runs.
      const keep = options.rawResult ?? this.channel.rawResult;
      const raws: Buffer[] = [];
      const stop = keep ? this.channel.transport.onData((chunk) => raws.push(chunk)) : () => {};
      try {
        if (initialInput !== undefined) this.channel.write(initialInput + this.channel.returnChar);
        return await this.#readCallbacks(callbacks, initialInput, options, start, keep ? raws : undefined);
      } finally {
        stop();
      }
    });
  }

  async #readCallbacks(
    callbacks: readonly ReadCallback[],
    initialInput: string | undefined,
    options: OperationOptions,
    start: Date,
    raws: Buffer[] | undefined,
  ): Promise<Response> {
    let active = [...callbacks];
    const parts: string[] = [];
    for (;;) {
      if (active.length === 0) break;
      // A timeout or abort keeps the output of the earlier callbacks too.
      const read = await this.channel
        .readUntilAny(
          active.map((c) => c.match),
          options,
        )
        .catch((error: unknown) => {
          throw withEarlierOutput(error, parts.join(""));
        });
      parts.push(read.text);
      const callback = active[read.index] as ReadCallback;
      if (callback.onlyOnce) active = active.filter((c) => c !== callback);
      await this.#asHolder(async () => callback.run(this, read.text));
      if (callback.complete) break;
    }
    const text = parts.join("");
    const raw = raws && Buffer.concat(raws);
    return this.#response(initialInput ?? "", { text, raw, prompt: "" }, start, {
      rawResult: raws !== undefined,
    });
  }

  /** Writes to the device as it is (no return, no waiting). For read callbacks. */
  write(data: string, options: { hidden?: boolean } = {}): void {
    this.channel.write(data, options);
  }

  // ------------------------------------------------------------------ for subclasses

  /**
   * Runs `fn` with the driver's lock. Calls made by user code that runs while the lock is held (the
   * `onOpen`/`onClose` hooks, `readCallback` callbacks) run directly instead of waiting for it.
   */
  protected exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#held.getStore() === true) return fn();
    return this.#mutex.run(fn);
  }

  /**
   * Runs user code while this call chain holds the lock. AsyncLocalStorage is used only here: once
   * entered it turns on promise hooks for the whole process, which cost about a sixth of a fleet
   * run's CPU when every command went through it.
   */
  #asHolder<T>(fn: () => Promise<T> | T): Promise<T> {
    return this.#held.run(true, async () => fn());
  }

  /** Sends one command without taking the lock or preparing the privilege level. */
  protected async runCommand(command: string, options: SendCommandOptions = {}): Promise<Response> {
    const start = new Date();
    this.beforeInput(command);
    const out = await this.channel.sendInput(command, this.#channelOptions(options));
    this.notePrompt(out.prompt);
    return this.#response(command, out, start, options);
  }

  /** Called once on open with the first prompt. */
  protected async afterOpen(prompt: string, _options: OperationOptions): Promise<void> {
    this.notePrompt(prompt);
  }

  /** Called before close while the channel is still usable. */
  protected async beforeClose(): Promise<void> {}

  /** Called before `sendCommand(s)`. */
  protected async beforeCommand(_options: OperationOptions): Promise<void> {}

  /** Called with every prompt an operation ended on. */
  protected notePrompt(_prompt: string): void {}

  /** Called with each line about to be sent by a command, an interactive event or `sendAndRead`. */
  protected beforeInput(_input: string): void {}

  /** Turns a channel's output into a response's `result` (subclasses drop platform noise). */
  protected tidyResult(text: string): string {
    return text;
  }

  #channelOptions(options: SendCommandOptions): SendCommandOptions {
    return {
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      echo: options.echo,
      promptPattern: options.promptPattern,
      rawResult: options.rawResult,
    };
  }

  #response(input: string, out: ChannelOutput, start: Date, options: SendCommandOptions): Response {
    return new Response({
      host: this.host,
      deviceId: this.device?.id,
      platform: this.platform,
      input,
      result: this.tidyResult(out.text),
      // Checked on the options: reading `out.raw` would join the bytes.
      rawResult: (options.rawResult ?? this.channel.rawResult) ? () => out.raw ?? Buffer.alloc(0) : undefined,
      start,
      end: new Date(),
      failedWhenContains: options.failedWhenContains ?? this.failedWhenContains,
      parser: this.options.parsers,
    });
  }
}
