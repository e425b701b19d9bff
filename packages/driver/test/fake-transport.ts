import type { Transport } from "../src/transport.ts";

/**
 * An in-memory transport for unit tests of pure logic: `written` records what the driver sent,
 * `feed` delivers bytes as if the device sent them, and `respond` scripts replies to writes.
 */
export class FakeTransport implements Transport {
  readonly written: string[] = [];
  closed = false;
  closeCount = 0;
  #data = new Set<(chunk: Buffer) => void>();
  #held: Buffer[] = [];
  #close = new Set<(error?: Error) => void>();
  #responder: ((data: string, t: FakeTransport) => void) | undefined;

  constructor(responder?: (data: string, t: FakeTransport) => void) {
    this.#responder = responder;
  }

  respond(responder: (data: string, t: FakeTransport) => void): void {
    this.#responder = responder;
  }

  write(data: string | Uint8Array): void {
    if (this.closed) throw new Error("write after close");
    const text = typeof data === "string" ? data : Buffer.from(data).toString("utf8");
    this.written.push(text);
    const r = this.#responder;
    if (r) queueMicrotask(() => r(text, this));
  }

  /** Delivers `data` split into chunks of `chunkSize` bytes. */
  feed(data: string | Buffer, chunkSize = Number.POSITIVE_INFINITY): void {
    const buf = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    if (this.#data.size === 0) {
      // Like an SSH shell: data that arrives before the first listener is held for it.
      this.#held.push(buf);
      return;
    }
    if (!Number.isFinite(chunkSize)) {
      for (const l of this.#data) l(buf);
      return;
    }
    for (let i = 0; i < buf.length; i += chunkSize) {
      const part = buf.subarray(i, i + chunkSize);
      for (const l of this.#data) l(part);
    }
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    this.#data.add(listener);
    for (const held of this.#held.splice(0)) listener(held);
    return () => this.#data.delete(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    this.#close.add(listener);
    return () => this.#close.delete(listener);
  }

  /** Closes as if the device hung up. */
  hangUp(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    for (const l of this.#close) l(error);
  }

  async close(): Promise<void> {
    this.closeCount++;
    this.hangUp();
  }
}

/**
 * A scripted CLI: echoes what it gets, and on return answers with `commands[line]` (or a default)
 * followed by the prompt. Inputs and returns arrive separately in exact/fuzzy echo modes.
 */
export function scriptedCli(
  prompt: () => string,
  commands: Record<string, string | ((t: FakeTransport) => void)>,
  options: { chunkSize?: number } = {},
): (data: string, t: FakeTransport) => void {
  let line = "";
  return (data, t) => {
    for (const ch of data) {
      if (ch === "\n") {
        t.feed("\r\n", options.chunkSize);
        const reply = commands[line];
        line = "";
        if (typeof reply === "function") {
          reply(t);
          continue;
        }
        const text = reply === undefined ? "" : `${reply.replace(/\n/g, "\r\n")}\r\n`;
        t.feed(text + prompt(), options.chunkSize);
      } else {
        line += ch;
        t.feed(ch === "\u0000" ? "" : ch, options.chunkSize);
      }
    }
  };
}
