// An in-memory NETCONF server on the other end of a fake transport, for unit tests of the session's
// pure logic (framing, correlation, error mapping). Real servers are tested in test/integration.
import { NETCONF_BASE_1_0, NETCONF_BASE_1_1 } from "../src/capabilities.ts";
import { encodeFrame, FrameDecoder, type Framing } from "../src/internal/framing.ts";
import type { NetconfTransport } from "../src/session.ts";
import { parseXmlFragment, type XmlElement } from "../src/xml.ts";

export const BASE = "urn:ietf:params:xml:ns:netconf:base:1.0";

export interface Request {
  id: string | undefined;
  operation: XmlElement | undefined;
  xml: string;
}

export interface FakeServerOptions {
  /**
   * When the server sends its hello: `connect` (as soon as the client listens, like real servers),
   * `after-client` (only once the client's hello arrived), or `never`.
   * @default "connect"
   */
  hello?: "connect" | "after-client" | "never";
}

export class FakeServer implements NetconfTransport {
  drain?: () => Promise<void>;
  readonly requests: Request[] = [];
  /** What the client wrote after its hello. */
  readonly raw: Buffer[] = [];
  /** Every write of the client, hello included, in order, with whether the server's hello was out. */
  readonly writes: Array<{ data: string; afterServerHello: boolean }> = [];
  framing: Framing = "1.0";
  closed = false;
  helloSent = false;
  onRequest: (req: Request) => void = () => {};
  readonly #data = new Set<(chunk: Buffer) => void>();
  readonly #close = new Set<(error?: Error) => void>();
  readonly #decoder: FrameDecoder;
  readonly #hello: "connect" | "after-client" | "never";
  #current: Buffer[] = [];
  #clientHello: string[] | undefined;

  constructor(
    readonly capabilities: string[] = [NETCONF_BASE_1_0, NETCONF_BASE_1_1],
    options: FakeServerOptions = {},
  ) {
    this.#hello = options.hello ?? "connect";
    this.#decoder = new FrameDecoder("1.0", {
      data: (p) => this.#current.push(Buffer.from(p)),
      end: () => {
        const xml = Buffer.concat(this.#current).toString("utf8");
        this.#current = [];
        this.#onMessage(xml);
      },
      error: (problem) => {
        throw new Error(`client broke framing: ${problem}`);
      },
    });
  }

  /** Sends the server's hello now (once). */
  sendHello(): void {
    if (this.helloSent || this.closed) return;
    this.helloSent = true;
    const caps = this.capabilities
      .map((c) => `<capability>${c.replaceAll("&", "&amp;")}</capability>`)
      .join("");
    this.sendRaw(
      `<?xml version="1.0"?>\n<hello xmlns="${BASE}"><capabilities>${caps}</capabilities><session-id>7</session-id></hello>]]>]]>`,
    );
    this.#switchFraming();
  }

  // Both sides use chunks once both hellos are out and both advertise base 1.1 (RFC 6242 4.1).
  #switchFraming(): void {
    if (!this.helloSent || this.#clientHello === undefined) return;
    if (this.#clientHello.includes(NETCONF_BASE_1_1) && this.capabilities.includes(NETCONF_BASE_1_1)) {
      this.framing = "1.1";
      this.#decoder.framing = "1.1";
    }
  }

  #onMessage(xml: string): void {
    if (this.#clientHello === undefined) {
      this.#clientHello =
        parseXmlFragment(xml.replace(/^<\?xml[^>]*\?>/, ""))[0]?.children[0]?.children.map((c) => c.text) ??
        [];
      this.raw.length = 0;
      if (this.#hello === "after-client") this.sendHello();
      else this.#switchFraming();
      return;
    }
    const rpc = parseXmlFragment(xml)[0];
    const req = { id: rpc?.attributes["message-id"], operation: rpc?.children[0], xml };
    this.requests.push(req);
    this.onRequest(req);
  }

  /** Sends bytes as they are. */
  sendRaw(data: string | Buffer): void {
    const chunk = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    for (const l of this.#data) l(chunk);
  }

  /** Sends one framed message. */
  send(xml: string): void {
    for (const frame of encodeFrame(this.framing, Buffer.from(xml, "utf8"))) this.sendRaw(frame);
  }

  reply(id: string | undefined, body: string, attrs = ""): void {
    const mid = id === undefined ? "" : ` message-id="${id}"`;
    this.send(`<rpc-reply xmlns="${BASE}"${mid}${attrs}>${body}</rpc-reply>`);
  }

  write(data: string | Uint8Array): boolean {
    const buf = Buffer.from(data);
    this.writes.push({ data: buf.toString("utf8"), afterServerHello: this.helloSent });
    this.raw.push(buf);
    this.#decoder.push(buf);
    return true;
  }
  onData(listener: (chunk: Buffer) => void): () => void {
    this.#data.add(listener);
    // A real server speaks first, without waiting for the client (RFC 6241 section 8.1).
    if (this.#hello === "connect" && this.#data.size === 1) setImmediate(() => this.sendHello());
    return () => this.#data.delete(listener);
  }
  onClose(listener: (error?: Error) => void): () => void {
    this.#close.add(listener);
    return () => this.#close.delete(listener);
  }
  async close(): Promise<void> {
    this.drop();
  }
  drop(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    for (const l of [...this.#close]) l(error);
  }
}
