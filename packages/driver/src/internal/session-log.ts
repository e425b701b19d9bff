import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";

/** The channel log: raw bytes received (and, if asked, what was sent) to a stream or a file. */
export class SessionLog {
  readonly #out: Writable | undefined;
  readonly #owned: boolean;
  readonly #logSent: boolean;

  constructor(target: Writable | string | undefined, logSent: boolean) {
    if (typeof target === "string") {
      this.#out = createWriteStream(target, { flags: "a" });
      this.#owned = true;
    } else {
      this.#out = target;
      this.#owned = false;
    }
    this.#logSent = logSent;
  }

  received(chunk: Buffer): void {
    this.#out?.write(chunk);
  }

  sent(data: string, hidden: boolean): void {
    if (this.#logSent && this.#out) this.#out.write(hidden ? "[hidden input]" : data);
  }

  /** Ends a log file the channel opened (a stream given by the caller stays open). */
  async close(): Promise<void> {
    const out = this.#out;
    if (out && this.#owned) await new Promise<void>((resolve) => out.end(resolve));
  }
}
