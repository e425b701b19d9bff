import { CommandError, deviceLabel } from "@patchbay/core";

/** Turns a command's output into structured data (TextFSM/TTP-like parsers plug in here). */
export type OutputParser = (platform: string, command: string, output: string) => unknown;

export interface ResponseInit {
  host: string;
  input: string;
  result: string;
  /** The raw bytes, or a function that produces them on first access; undefined when not kept. */
  rawResult?: Uint8Array | (() => Uint8Array) | undefined;
  start: Date;
  end: Date;
  failedWhenContains?: readonly string[];
  deviceId?: string | undefined;
  platform?: string | undefined;
  /** The driver-level parser used by `parse()` without an argument. */
  parser?: OutputParser | undefined;
}

/** The outcome of one command. */
export class Response {
  readonly host: string;
  readonly deviceId: string | undefined;
  readonly platform: string | undefined;
  readonly input: string;
  /** Output without echo, terminal noise, pager prompts and the final prompt. */
  readonly result: string;
  #raw: Uint8Array | (() => Uint8Array) | undefined;
  readonly start: Date;
  readonly end: Date;
  readonly elapsedMs: number;
  /** The error strings the output was checked for. */
  readonly failedWhenContains: readonly string[];
  /** True when the output contains one of `failedWhenContains`. */
  readonly failed: boolean;
  readonly #parser: OutputParser | undefined;

  constructor(init: ResponseInit) {
    this.host = init.host;
    this.deviceId = init.deviceId;
    this.platform = init.platform;
    this.input = init.input;
    this.result = init.result;
    this.#raw = init.rawResult;
    this.start = init.start;
    this.end = init.end;
    this.elapsedMs = init.end.getTime() - init.start.getTime();
    this.failedWhenContains = Object.freeze([...(init.failedWhenContains ?? [])]);
    this.failed = this.failedWhenContains.some((s) => init.result.includes(s));
    this.#parser = init.parser;
  }

  /**
   * Every byte received while the command ran, terminal noise included. Only kept when asked for
   * (`rawResult: true` on the command or the driver); undefined otherwise.
   */
  get rawResult(): Uint8Array | undefined {
    if (typeof this.#raw === "function") this.#raw = this.#raw();
    return this.#raw;
  }

  /** Throws `CommandError` (naming the device, the command and the output) when `failed`. */
  raiseForStatus(): this {
    if (!this.failed) return this;
    const matched = this.failedWhenContains.find((s) => this.result.includes(s));
    throw new CommandError(
      `${deviceLabel({ deviceId: this.deviceId, host: this.host })}command "${this.input}" failed (output contains "${matched}"):\n${this.result}`,
      { deviceId: this.deviceId, host: this.host, platform: this.platform, command: this.input },
    );
  }

  /** Structured output from `parser` or the driver's parser. */
  parse<T = unknown>(parser?: OutputParser): T {
    const use = parser ?? this.#parser;
    if (use === undefined) {
      throw new TypeError(
        `no parser for command "${this.input}": pass one to parse() or set the driver's parsers option.`,
      );
    }
    return use(this.platform ?? "", this.input, this.result) as T;
  }
}

/** The responses of several commands, in order. */
export class MultiResponse extends Array<Response> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  /** True when any response failed. */
  get failed(): boolean {
    return this.some((r) => r.failed);
  }

  /** Throws the first failed response's `CommandError`. */
  raiseForStatus(): this {
    for (const r of this) r.raiseForStatus();
    return this;
  }

  /** All results joined by newlines. */
  get result(): string {
    return this.map((r) => r.result).join("\n");
  }
}
