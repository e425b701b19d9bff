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

/** Options of `openShell`. */
export interface OpenShellOptions extends OperationOptions {
  /** Terminal width; wide, so devices do not wrap long lines. @default 511 */
  cols?: number;
  /** Terminal height; tall, so fewer devices page. @default 1000 */
  rows?: number;
  /** Terminal type. @default "vt100" */
  term?: string;
  /** Environment variables for the shell (the server must accept them). */
  env?: Record<string, string>;
}

/**
 * An interactive shell on a pseudo-terminal. Data arrives as the raw Buffers ssh2 gives, in
 * order; data that arrives before the first `onData` listener is held and delivered to it.
 */
export class SshShell implements Transport, AsyncDisposable {
  readonly #channel: ClientChannel;
  readonly #session: SshSession;
  readonly #dataListeners = new Set<(chunk: Buffer) => void>();
  readonly #closeListeners = new Set<(error?: Error) => void>();
  #held: Buffer[] | undefined = [];
  #closed = false;
  #closeError: Error | undefined;
  #closing: Promise<void> | undefined;
  #unsubscribeSession: () => void;

  constructor(channel: ClientChannel, session: SshSession) {
    this.#channel = channel;
    this.#session = session;
    const deliver = (chunk: Buffer): void => {
      if (this.#held !== undefined) this.#held.push(chunk);
      else for (const listener of this.#dataListeners) listener(chunk);
    };
    channel.on("data", deliver);
    channel.stderr.on("data", deliver);
    channel.once("close", () => {
      // ssh2 closes channels before it reports the connection closed: look once the loop turns.
      setImmediate(() => this.#finish(this.#session.isClosed() ? this.#dropped() : undefined));
    });
    this.#unsubscribeSession = session.onClosed(() => this.#finish(this.#dropped()));
  }

  #dropped(): Error {
    return new DisconnectedError(
      `${deviceLabel(this.#session.context)}the SSH connection closed under the shell.`,
      {
        ...this.#session.context,
      },
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

  /** Writes to the shell. Throws `DisconnectedError` once closed. */
  write(data: string | Uint8Array): void {
    if (this.#closed) {
      throw new DisconnectedError(`${deviceLabel(this.#session.context)}cannot write: the shell is closed.`, {
        ...this.#session.context,
      });
    }
    this.#channel.write(data);
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

  /** Changes the terminal size. */
  resize(cols: number, rows: number): void {
    if (!this.#closed) this.#channel.setWindow(rows, cols, 0, 0);
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

/** Opens a pty shell channel. */
export async function openShell(session: SshSession, options: OpenShellOptions = {}): Promise<SshShell> {
  const ctx = { ...session.context, command: "shell" };
  const deadline = createDeadline({
    ...ctx,
    operation: "opening a shell",
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    defaultTimeoutMs: session.operationTimeoutMs,
  });
  let aborted = false;
  try {
    if (session.isClosed())
      throw new DisconnectedError(`${deviceLabel(ctx)}the SSH connection is closed.`, ctx);
    const opening = new Promise<ClientChannel>((resolve, reject) => {
      const window = {
        term: options.term ?? "vt100",
        cols: options.cols ?? 511,
        rows: options.rows ?? 1000,
        width: 0,
        height: 0,
      };
      try {
        session.client.shell(window, options.env ? { env: options.env } : {}, (err, channel) =>
          err ? reject(err) : resolve(channel),
        );
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
      throw new ConnectionError(`${deviceLabel(ctx)}could not open a shell: ${(err as Error).message}`, {
        ...ctx,
        cause: err,
      });
    }
    return new SshShell(channel, session);
  } finally {
    deadline.dispose();
  }
}
