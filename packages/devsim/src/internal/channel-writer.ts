import type { Writable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";

export interface WriterKnobs {
  latencyMs: number;
  chunkSize: number;
}

/**
 * Writes to an SSH channel honouring backpressure (waits for `drain` when `write` returns false),
 * the latency and chunking knobs, and the session's abort signal (everything stops on close).
 */
export class ChannelWriter {
  readonly #channel: Writable;
  readonly #knobs: () => WriterKnobs;
  readonly #signal: AbortSignal;

  constructor(channel: Writable, knobs: () => WriterKnobs, signal: AbortSignal) {
    this.#channel = channel;
    this.#knobs = knobs;
    this.#signal = signal;
  }

  get closed(): boolean {
    return this.#signal.aborted || this.#channel.destroyed || this.#channel.writableEnded;
  }

  async write(data: Buffer | string): Promise<boolean> {
    let buf = typeof data === "string" ? Buffer.from(data) : data;
    if (buf.length === 0) return !this.closed;
    const { latencyMs, chunkSize } = this.#knobs();
    const size = chunkSize > 0 ? chunkSize : buf.length;
    while (buf.length > 0) {
      if (this.closed) return false;
      if (latencyMs > 0 && !(await this.sleep(latencyMs))) return false;
      const piece = buf.subarray(0, size);
      buf = buf.subarray(piece.length);
      if (!this.#channel.write(piece) && !(await this.#drain())) return false;
    }
    return !this.closed;
  }

  /** Sleeps unless the session closes first; returns false if it closed. */
  async sleep(ms: number): Promise<boolean> {
    try {
      await sleep(ms, undefined, { signal: this.#signal });
      return true;
    } catch {
      return false;
    }
  }

  /** Waits until the session closes (a stall forever). */
  async waitForClose(): Promise<void> {
    if (this.#signal.aborted) return;
    await new Promise<void>((resolve) =>
      this.#signal.addEventListener("abort", () => resolve(), { once: true }),
    );
  }

  #drain(): Promise<boolean> {
    return new Promise((resolve) => {
      const done = (ok: boolean): void => {
        this.#channel.off("drain", onDrain);
        this.#channel.off("close", onClose);
        this.#signal.removeEventListener("abort", onClose);
        resolve(ok);
      };
      const onDrain = (): void => done(true);
      const onClose = (): void => done(false);
      this.#channel.on("drain", onDrain);
      this.#channel.on("close", onClose);
      this.#signal.addEventListener("abort", onClose, { once: true });
    });
  }
}
