import type { OperationOptions } from "./deadline.ts";
import type { Device } from "./device.ts";
import { ConnectionCreationError, ConnectionError, deviceLabel, isPatchbayError } from "./errors.ts";
import { type Logger, silentLogger } from "./logger.ts";

export interface BaseConnectionOptions {
  device: Device;
  /** npm name of the connection library, for messages (`ssh2`, `undici`...). */
  library: string;
  logger?: Logger | undefined;
}

/**
 * The lifecycle of one connection to one device over one library.
 *
 * - The library is imported lazily inside `connect` (override `loadLibrary` with an `import()`), so
 *   installing a plugin never loads libraries of connection types that are not used. A library that
 *   cannot be loaded gives `ConnectionCreationError` with the cause and the package to install.
 * - The raw client is stored only after a successful `open`.
 * - `disconnect` and `isAlive` never throw: a failure is logged as a warning.
 */
export abstract class BaseConnection<Raw, Lib = unknown> implements AsyncDisposable {
  readonly device: Device;
  readonly library: string;
  protected readonly logger: Logger;
  #raw: Raw | undefined;
  #connecting: Promise<Raw> | undefined;

  constructor(options: BaseConnectionOptions) {
    this.device = options.device;
    this.library = options.library;
    this.logger = options.logger ?? silentLogger;
  }

  /** Imports the connection library, for example `() => import("ssh2")`. */
  protected abstract loadLibrary(): Promise<Lib>;
  /** Opens the connection. Throws typed `ConnectionError`s; must honour `timeoutMs` and `signal`. */
  protected abstract open(library: Lib, options: OperationOptions): Promise<Raw>;
  /** Closes the raw client. May throw; `disconnect` catches and logs. */
  protected abstract close(raw: Raw): Promise<void>;
  /** Whether the raw client still works. May throw; `isAlive` catches and logs. */
  protected probe(_raw: Raw): Promise<boolean> | boolean {
    return true;
  }

  /** The raw client, once connected. */
  get raw(): Raw | undefined {
    return this.#raw;
  }

  get connected(): boolean {
    return this.#raw !== undefined;
  }

  /** The raw client, or a `ConnectionError` saying the connection is not open. */
  requireRaw(): Raw {
    if (this.#raw === undefined) {
      throw new ConnectionError(
        `${deviceLabel(this.#ctx())}not connected. Call connect() first.`,
        this.#ctx(),
      );
    }
    return this.#raw;
  }

  /** Opens the connection (once; concurrent calls share the attempt) and returns the raw client. */
  async connect(options: OperationOptions = {}): Promise<Raw> {
    if (this.#raw !== undefined) return this.#raw;
    this.#connecting ??= this.#doConnect(options).finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async #doConnect(options: OperationOptions): Promise<Raw> {
    let lib: Lib;
    try {
      lib = await this.loadLibrary();
    } catch (cause) {
      const why = cause instanceof Error ? cause.message : String(cause);
      throw new ConnectionCreationError(
        `${deviceLabel(this.#ctx())}could not load the connection library "${this.library}": ${why}. ` +
          `Install it in your project (npm install ${this.library}).`,
        { ...this.#ctx(), cause },
      );
    }
    let raw: Raw;
    try {
      raw = await this.open(lib, options);
    } catch (cause) {
      if (isPatchbayError(cause)) throw cause;
      const why = cause instanceof Error ? cause.message : String(cause);
      throw new ConnectionError(`${deviceLabel(this.#ctx())}could not connect: ${why}`, {
        ...this.#ctx(),
        cause,
      });
    }
    this.#raw = raw;
    return raw;
  }

  /** Closes the connection. Never throws; safe to call twice or before connect. */
  async disconnect(): Promise<void> {
    const pending = this.#connecting;
    if (pending) await pending.catch(() => undefined);
    const raw = this.#raw;
    this.#raw = undefined;
    if (raw === undefined) return;
    try {
      await this.close(raw);
    } catch (err) {
      this.logger.warn(
        { err, deviceId: this.device.id, library: this.library },
        "disconnect failed; connection dropped",
      );
    }
  }

  /** Whether the connection is open and answers. Never throws. */
  async isAlive(): Promise<boolean> {
    const raw = this.#raw;
    if (raw === undefined) return false;
    try {
      return await this.probe(raw);
    } catch (err) {
      this.logger.warn({ err, deviceId: this.device.id, library: this.library }, "liveness probe failed");
      return false;
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.disconnect();
  }

  #ctx(): { deviceId: string; host: string; platform: string } {
    return { deviceId: this.device.id, host: this.device.host, platform: this.device.platform };
  }
}
