import {
  ConnectionError,
  createDeadline,
  DisconnectedError,
  deviceLabel,
  type OperationOptions,
  type Transport,
} from "@patchbay/core";
import type { ClientChannel } from "ssh2";
import type { SshSession } from "./internal/session.ts";

/** Options of `openSubsystem`. */
export interface OpenSubsystemOptions extends OperationOptions {}

/**
 * A channel running an SSH subsystem (`netconf`, `sftp`...): a plain byte stream without a
 * terminal. Data arrives as the raw Buffers ssh2 gives, in order; data that arrives before the
 * first `onData` listener is held and delivered to it. Whatever the subsystem writes to stderr is
 * logged at debug level, never mixed into the data.
 */
export class SshSubsystem implements Transport, AsyncDisposable {
  /** The subsystem's name. */
  readonly name: string;
  readonly #channel: ClientChannel;
  readonly #session: SshSession;
  readonly #dataListeners = new Set<(chunk: Buffer) => void>();
  readonly #closeListeners = new Set<(error?: Error) => void>();
  #held: Buffer[] | undefined = [];
  #closed = false;
  #closeError: Error | undefined;
  #closing: Promise<void> | undefined;
  #unsubscribeSession: () => void;

  constructor(name: string, channel: ClientChannel, session: SshSession) {
    this.name = name;
    this.#channel = channel;
    this.#session = session;
    channel.on("data", (chunk: Buffer) => {
      if (this.#held !== undefined) this.#held.push(chunk);
      else for (const listener of this.#dataListeners) listener(chunk);
    });
    channel.stderr.on("data", (chunk: Buffer) => {
      session.logger.debug({ subsystem: name, bytes: chunk.length }, "subsystem wrote to stderr");
    });
    channel.once("close", () => {
      // ssh2 closes channels before it reports the connection closed: look once the loop turns.
      setImmediate(() => this.#finish(this.#session.isClosed() ? this.#dropped() : undefined));
    });
    this.#unsubscribeSession = session.onClosed(() => this.#finish(this.#dropped()));
  }

  #dropped(): Error {
    return new DisconnectedError(
      `${deviceLabel(this.#session.context)}the SSH connection closed under the ${this.name} subsystem.`,
      { ...this.#session.context },
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
   * Writes to the subsystem. Returns false when the channel's buffer is full (wait for `drain()`
   * before writing much more). Throws `DisconnectedError` once closed.
   */
  write(data: string | Uint8Array): boolean {
    if (this.#closed) {
      throw new DisconnectedError(
        `${deviceLabel(this.#session.context)}cannot write: the ${this.name} subsystem is closed.`,
        { ...this.#session.context },
      );
    }
    return this.#channel.write(data);
  }

  /** Resolves when the channel's write buffer has room again (at once when it has), or it closed. */
  drain(): Promise<void> {
    if (this.#closed || !this.#channel.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.#channel.removeListener("drain", done);
        off();
        resolve();
      };
      const off = this.onClose(done);
      this.#channel.once("drain", done);
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
        this.#channel.destroy();
        this.#finish(undefined);
        resolve();
      }, 2_000);
      this.#closeListeners.add(() => {
        clearTimeout(timer);
        resolve();
      });
      this.#channel.close();
    });
    return this.#closing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/** Opens a subsystem channel. */
export async function openSubsystem(
  session: SshSession,
  name: string,
  options: OpenSubsystemOptions = {},
): Promise<SshSubsystem> {
  const ctx = { ...session.context, command: `subsystem ${name}` };
  const deadline = createDeadline({
    ...ctx,
    operation: `opening the ${name} subsystem`,
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
        session.client.subsys(name, (err, channel) => (err ? reject(err) : resolve(channel)));
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
    let channel: ClientChannel;
    try {
      channel = await deadline.race(opening, () => {
        aborted = true;
      });
    } catch (err) {
      if (deadline.signal.aborted) throw err;
      throw new ConnectionError(
        `${deviceLabel(ctx)}the server refused the "${name}" subsystem (${(err as Error).message}). ` +
          "Check that the server enables it on this port.",
        { ...ctx, cause: err },
      );
    }
    return new SshSubsystem(name, channel, session);
  } finally {
    deadline.dispose();
  }
}
