import type { ClientChannel } from "ssh2";
import type { SimDevice } from "../../src/index.ts";
import { type Connected, connect } from "./helpers.ts";

const TIMEOUT_MS = 10_000;
const NC = "urn:ietf:params:xml:ns:netconf:base:1.0";
const EOM = "]]>]]>";

/** A client hello announcing the given base versions. */
export function clientHello(bases: readonly ("1.0" | "1.1")[] = ["1.0", "1.1"]): string {
  const caps = bases.map((b) => `<capability>urn:ietf:params:netconf:base:${b}</capability>`).join("");
  return `<?xml version="1.0" encoding="UTF-8"?><hello xmlns="${NC}"><capabilities>${caps}</capabilities></hello>`;
}

/** Frames one message in chunked framing, split into chunks of at most `chunkSize` bytes. */
export function chunk(message: string, chunkSize = Number.POSITIVE_INFINITY): Buffer {
  const body = Buffer.from(message);
  const parts: Buffer[] = [];
  for (let i = 0; i < body.length; i += chunkSize) {
    const piece = body.subarray(i, Math.min(body.length, i + chunkSize));
    parts.push(Buffer.from(`\n#${piece.length}\n`), piece);
  }
  parts.push(Buffer.from("\n##\n"));
  return Buffer.concat(parts);
}

/**
 * A bare NETCONF client over ssh2's `netconf` subsystem for tests: it frames what it sends and
 * splits what it receives on its own (independently of the server's code), and keeps replies and
 * notifications apart.
 */
export class NetconfTestClient {
  readonly conn: Connected;
  readonly channel: ClientChannel;
  /** The server's hello, as received. */
  serverHello = "";
  sessionId = 0;
  chunked = false;
  closed = false;
  /** Size in bytes of each chunk of the last chunked message received. */
  lastChunkSizes: number[] = [];
  #raw: Buffer = Buffer.alloc(0);
  #replies: string[] = [];
  #notifications: string[] = [];
  #waiters: (() => void)[] = [];
  #messageId = 0;
  #pendingChunks: Buffer[] = [];
  #chunkSizes: number[] = [];

  private constructor(conn: Connected, channel: ClientChannel) {
    this.conn = conn;
    this.channel = channel;
    channel.on("data", (d: Buffer) => {
      this.#raw = this.#raw.length === 0 ? d : Buffer.concat([this.#raw, d]);
      this.#parse();
      this.#wake();
    });
    channel.on("close", () => {
      this.closed = true;
      this.#wake();
    });
  }

  /** Connects, opens the subsystem and (unless `hello` is false) exchanges hellos. */
  static async open(
    device: SimDevice,
    options: { bases?: readonly ("1.0" | "1.1")[]; hello?: boolean } = {},
  ): Promise<NetconfTestClient> {
    const conn = await connect(device);
    const channel = await new Promise<ClientChannel>((resolve, reject) => {
      conn.client.subsys("netconf", (err, ch) => (err ? reject(err) : resolve(ch)));
    });
    const client = new NetconfTestClient(conn, channel);
    const hello = await client.nextReply();
    client.serverHello = hello;
    client.sessionId = Number(/<session-id>(\d+)<\/session-id>/.exec(hello)?.[1] ?? 0);
    if (options.hello !== false) {
      const bases = options.bases ?? ["1.0", "1.1"];
      client.sendRaw(`${clientHello(bases)}${EOM}`);
      if (bases.includes("1.1")) client.chunked = true;
    }
    return client;
  }

  #wake(): void {
    for (const w of this.#waiters.splice(0)) w();
  }

  #deliver(message: string): void {
    if (/^\s*(<\?xml[^>]*\?>)?\s*<notification[\s>]/.test(message)) this.#notifications.push(message);
    else this.#replies.push(message);
  }

  #parse(): void {
    for (;;) {
      if (!this.chunked) {
        const i = this.#raw.indexOf(EOM);
        if (i < 0) return;
        this.#deliver(this.#raw.subarray(0, i).toString("utf8"));
        this.#raw = this.#raw.subarray(i + EOM.length);
        continue;
      }
      // Chunked: "\n#<size>\n<data>" ... "\n##\n".
      if (this.#raw.length < 4) return;
      if (this.#raw[0] !== 0x0a || this.#raw[1] !== 0x23)
        throw new Error(`bad chunk start: ${this.#raw.subarray(0, 20).toString()}`);
      if (this.#raw[2] === 0x23) {
        if (this.#raw[3] !== 0x0a) throw new Error("bad end-of-chunks");
        this.#raw = this.#raw.subarray(4);
        const message = Buffer.concat(this.#pendingChunks).toString("utf8");
        this.lastChunkSizes = this.#chunkSizes;
        this.#pendingChunks = [];
        this.#chunkSizes = [];
        this.#deliver(message);
        continue;
      }
      const lf = this.#raw.indexOf(0x0a, 2);
      if (lf < 0) return;
      const size = Number(this.#raw.subarray(2, lf).toString("latin1"));
      if (!Number.isInteger(size) || size < 1)
        throw new Error(`bad chunk size ${this.#raw.subarray(2, lf).toString()}`);
      if (this.#raw.length < lf + 1 + size) return;
      this.#pendingChunks.push(Buffer.from(this.#raw.subarray(lf + 1, lf + 1 + size)));
      this.#chunkSizes.push(size);
      this.#raw = this.#raw.subarray(lf + 1 + size);
    }
  }

  async #next(queue: string[], what: string, timeoutMs = TIMEOUT_MS): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = queue.shift();
      if (m !== undefined) return m;
      if (this.closed) throw new Error(`channel closed while waiting for ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  nextReply(timeoutMs?: number): Promise<string> {
    return this.#next(this.#replies, "a reply", timeoutMs);
  }

  nextNotification(timeoutMs?: number): Promise<string> {
    return this.#next(this.#notifications, "a notification", timeoutMs);
  }

  /** Notifications received and not yet taken. */
  get pendingNotifications(): number {
    return this.#notifications.length;
  }

  sendRaw(data: string | Buffer): void {
    this.channel.write(data);
  }

  /** Sends one message in the session's framing. */
  sendMessage(message: string): void {
    this.sendRaw(this.chunked ? chunk(message) : `${message}${EOM}`);
  }

  /** Sends `<rpc message-id="N">body</rpc>` and returns the reply text. */
  async rpc(body: string, options: { attrs?: string } = {}): Promise<string> {
    const id = ++this.#messageId;
    this.sendMessage(`<rpc xmlns="${NC}" message-id="${id}"${options.attrs ?? ""}>${body}</rpc>`);
    const reply = await this.nextReply();
    return reply;
  }

  /** Waits until the server closes the channel. */
  async waitClosed(timeoutMs = TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error("timed out waiting for the session to close");
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.conn.close();
  }
}

/** The texts of every `<tag>` in `xml` (no nesting of the same tag). */
export function texts(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}(?:\\s[^>]*)?>([^<]*)</${tag}>`, "g"))].map((m) => m[1]!);
}

/** The error-tag values of an rpc-reply. */
export function errorTags(reply: string): string[] {
  return texts(reply, "error-tag");
}
