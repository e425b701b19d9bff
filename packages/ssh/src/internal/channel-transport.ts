import {
  ConnectionError,
  createDeadline,
  DisconnectedError,
  deviceLabel,
  type ErrorContext,
  type OperationOptions,
  type Transport,
} from "@patchbay/core";
import type { ClientChannel } from "ssh2";
import type { SshSession } from "./session.ts";

/**
 * A byte-stream channel of an SSH session as a core `Transport` (shells and subsystems). Data arrives
 * as the raw Buffers ssh2 gives, in order; data that arrives before the first `onData` listener is
 * held and delivered to it. Closing waits for the channel to close, at most 2 s.
 */
export abstract class ChannelTransport implements Transport, AsyncDisposable {
  protected readonly channel: ClientChannel;
  protected readonly session: SshSession;
  /** What the channel is, for messages: `the shell`, `the netconf subsystem`. */
  readonly #label: string;
  readonly #dataListeners = new Set<(chunk: Buffer) => void>();
  readonly #closeListeners = new Set<(error?: Error) => void>();
  #held: Buffer[] | undefined = [];
  #closed = false;
  #closeError: Error | undefined;
  #closing: Promise<void> | undefined;
  #unsubscribeSession: () => void;

  /** `stderr`: "data" delivers it with stdout (a terminal does), "log" logs it at debug level. */
  constructor(channel: ClientChannel, session: SshSession, label: string, stderr: "data" | "log") {
    this.channel = channel;
    this.session = session;
    this.#label = label;
    const deliver = (chunk: Buffer): void => {
      if (this.#held !== undefined) this.#held.push(chunk);
      else for (const listener of this.#dataListeners) listener(chunk);
    };
    channel.on("data", deliver);
    if (stderr === "data") channel.stderr.on("data", deliver);
    else {
      channel.stderr.on("data", (chunk: Buffer) => {
        session.logger.debug({ channel: label, bytes: chunk.length }, "the channel wrote to stderr");
      });
    }
    channel.once("close", () => {
      // ssh2 closes channels before it reports the connection closed: look once the loop turns.
      setImmediate(() => this.#finish(this.session.isClosed() ? this.#dropped() : undefined));
    });
    this.#unsubscribeSession = session.onClosed(() => this.#finish(this.#dropped()));
  }

  #dropped(): Error {
    return new DisconnectedError(
      `${deviceLabel(this.session.context)}the SSH connection closed under ${this.#label}.`,
      { ...this.session.context },
    );
  }

  #finish(error: Error | undefined): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#closeError = error;
    this.#unsubscribeSession();
    for (const listener of [...this.#closeListeners]) listener(error);
    this.#closeListeners.clear();
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Writes to the channel. Returns false when its buffer is full (wait for `drain()` before writing
   * much more). Throws `DisconnectedError` once closed.
   */
  write(data: string | Uint8Array): boolean {
    if (this.#closed) {
      throw new DisconnectedError(
        `${deviceLabel(this.session.context)}cannot write: ${this.#label} is closed.`,
        {
          ...this.session.context,
        },
      );
    }
    return this.channel.write(data);
  }

  /** Resolves when the channel's write buffer has room again (at once when it has), or it closed. */
  drain(): Promise<void> {
    if (this.#closed || !this.channel.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.channel.removeListener("drain", done);
        off();
        resolve();
      };
      const off = this.onClose(done);
      this.channel.once("drain", done);
    });
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    this.#dataListeners.add(listener);
    const held = this.#held;
    if (held !== undefined) {
      this.#held = undefined;
      for (const chunk of held) listener(chunk);
    }
    return () => {
      this.#dataListeners.delete(listener);
    };
  }

  onClose(listener: (error?: Error) => void): () => void {
    if (this.#closed) {
      const error = this.#closeError;
      queueMicrotask(() => listener(error));
      return () => {};
    }
    this.#closeListeners.add(listener);
    return () => {
      this.#closeListeners.delete(listener);
    };
  }

  /** Closes the channel and waits for it to close (at most 2 s, then gives up waiting). */
  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closing ??= new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.channel.destroy();
        this.#finish(undefined);
        resolve();
      }, 2_000);
      this.#closeListeners.add(() => {
        clearTimeout(timer);
        resolve();
      });
      this.channel.close();
    });
    return this.#closing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/**
 * Opens a channel with `request` (ssh2's `shell`, `subsys`...) within the operation's deadline. A
 * channel that opens after the caller gave up is closed; a refusal becomes `refused(error)`.
 */
export async function openChannel(
  session: SshSession,
  ctx: ErrorContext,
  operation: string,
  options: OperationOptions,
  request: (callback: (err: Error | undefined, channel: ClientChannel) => void) => void,
  refused: (err: Error) => string,
): Promise<ClientChannel> {
  const deadline = createDeadline({
    ...ctx,
    operation,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    defaultTimeoutMs: session.operationTimeoutMs,
  });
  let aborted = false;
  try {
    if (session.isClosed())
      throw new DisconnectedError(`${deviceLabel(ctx)}the SSH connection is closed.`, ctx);
    const opening = new Promise<ClientChannel>((resolve, reject) => {
      try {
        request((err, channel) => (err ? reject(err) : resolve(channel)));
      } catch (err) {
        reject(err);
      }
    });
    opening.then(
      (ch) => {
        if (aborted) ch.close();
      },
      () => {},
    );
    try {
      return await deadline.race(opening, () => {
        aborted = true;
      });
    } catch (err) {
      if (deadline.signal.aborted) throw err;
      throw new ConnectionError(`${deviceLabel(ctx)}${refused(err as Error)}`, { ...ctx, cause: err });
    }
  } finally {
    deadline.dispose();
  }
}
