import type { Duplex } from "node:stream";
import type { ChannelWriter } from "../internal/channel-writer.ts";
import { OutputPump, type SessionHost } from "../internal/session.ts";
import { BASE_10, BASE_11, NOTIFICATION_NS, serverCapabilities } from "./capabilities.ts";
import type { SessionEnd } from "./events.ts";
import { subtreeFilter } from "./filter.ts";
import { chunkHeader, END_OF_CHUNKS, EOM_MARKER, FrameDecoder, FramingError } from "./framing.ts";
import { handleRpc, type Reply } from "./operations.ts";
import { RpcError, rpcErrorElement } from "./rpc-error.ts";
import type { NetconfServer, SessionHandle } from "./server.ts";
import {
  clone,
  el,
  escapeAttr,
  leaf,
  NC_NS,
  parseXml,
  serialize,
  toXml,
  type XmlElement,
  XmlSyntaxError,
} from "./xml.ts";

/** An active create-subscription. */
export interface Subscription {
  filter: XmlElement | undefined;
}

/**
 * One NETCONF session on an SSH `netconf` subsystem channel: hello exchange, RFC 6242 framing
 * (end-of-message until both peers announce base:1.1, then chunked), one RPC at a time in order,
 * replies streamed in pieces, notifications between replies.
 */
export class NetconfSession implements SessionHandle {
  readonly id: number;
  readonly username: string;
  readonly sourceHost: string;
  readonly loginTime: Date = new Date();
  readonly counters = { inRpcs: 0, inBadRpcs: 0, outRpcErrors: 0, outNotifications: 0 };
  readonly server: NetconfServer;
  subscription: Subscription | undefined;
  #channel: Duplex;
  #writer: ChannelWriter;
  /** Applies the device's output faults (drop, stall, garbage) to replies and notifications. */
  #pump: OutputPump | undefined;
  #decoder = new FrameDecoder();
  #helloDone = false;
  #chunked = false;
  #queue: Promise<void> = Promise.resolve();
  #ended = false;
  #cleanedUp = false;
  #endReason: SessionEnd | undefined;
  #onEnd: () => void;

  constructor(
    server: NetconfServer,
    channel: Duplex,
    writer: ChannelWriter,
    info: { username: string; sourceHost: string },
    onEnd: () => void,
    host?: SessionHost,
  ) {
    this.server = server;
    this.id = server.nextSessionId();
    this.username = info.username;
    this.sourceHost = info.sourceHost;
    this.#channel = channel;
    this.#writer = writer;
    this.#pump = host ? new OutputPump(writer, host) : undefined;
    this.#onEnd = onEnd;
    server.register(this);
    channel.on("data", (d: Buffer) => this.#onData(d));
    channel.on("close", () => this.#cleanup());
    // EOF from the client: answer what it sent before, then close (`ssh -s ... netconf < rpcs.xml`).
    channel.on("end", () =>
      this.#enqueue(async () => {
        this.terminate({ reason: "dropped" });
        return true;
      }),
    );
    this.#enqueue(() => this.#sendHello());
  }

  #sendHello(): Promise<boolean> {
    const caps = serverCapabilities(this.server.base11)
      .map((c) => `<capability>${escapeAttr(c)}</capability>`)
      .join("");
    const hello = `<?xml version="1.0" encoding="UTF-8"?><hello xmlns="${NC_NS}"><capabilities>${caps}</capabilities><session-id>${this.id}</session-id></hello>`;
    // The hello always goes with end-of-message framing (RFC 6242 section 4.1).
    return this.#writeMessage([hello], false, false);
  }

  #onData(data: Buffer): void {
    if (this.#ended) return;
    try {
      this.#decoder.pushEach(data, (message) => {
        if (this.#ended) return false;
        if (!this.#helloDone) return this.#onHello(message);
        this.#enqueue(() => this.#onMessage(message));
        return false;
      });
    } catch (err) {
      if (!(err instanceof FramingError)) throw err;
      // RFC 6242 section 4.2: a framing error ends the session.
      this.counters.inBadRpcs++;
      const error = new RpcError("rpc", "malformed-message", `framing error: ${err.message}`);
      this.#enqueue(async () => {
        await this.#sendReply(undefined, { errors: [error] });
        this.terminate();
        return true;
      });
      this.#ended = true;
    }
  }

  /** Handles the client's hello; returns whether chunked framing starts now. */
  #onHello(message: Buffer): boolean {
    this.#helloDone = true;
    let hello: XmlElement;
    try {
      hello = parseXml(message.toString("utf8").trimStart());
    } catch {
      this.terminate();
      return false;
    }
    const caps = hello.children
      .find((c) => c.name === "capabilities" && c.ns === NC_NS)
      ?.children.filter((c) => c.name === "capability")
      .map((c) => c.text.trim());
    const hasSessionId = hello.children.some((c) => c.name === "session-id");
    // RFC 6241 section 8.1: a client hello with a session-id, or without a common base, ends the session.
    if (hello.name !== "hello" || hello.ns !== NC_NS || caps === undefined || hasSessionId) {
      this.terminate();
      return false;
    }
    if (caps.includes(BASE_11) && this.server.base11) {
      this.#chunked = true;
      return true;
    }
    if (!caps.includes(BASE_10)) {
      this.terminate();
      return false;
    }
    return false;
  }

  async #onMessage(message: Buffer): Promise<boolean> {
    let rpc: XmlElement;
    try {
      rpc = parseXml(message.toString("utf8").trimStart());
    } catch (err) {
      if (!(err instanceof XmlSyntaxError)) throw err;
      this.counters.inBadRpcs++;
      return this.#sendReply(undefined, {
        errors: [
          new RpcError("rpc", "malformed-message", `the message is not well-formed XML: ${err.message}`),
        ],
      });
    }
    const reply = await handleRpc(this, rpc);
    const ok = await this.#sendReply(rpc, reply);
    if (reply.after === "close") this.terminate({ reason: "closed" });
    return ok;
  }

  /** Writes an rpc-reply; the reply echoes the rpc's attributes (message-id and any others). */
  #sendReply(rpc: XmlElement | undefined, reply: Reply): Promise<boolean> {
    const head = el("rpc-reply", NC_NS);
    if (rpc && rpc.name === "rpc") {
      head.attrs = rpc.attrs.map((a) => ({ ...a }));
      head.decls = { ...rpc.decls };
      delete head.decls[""];
    }
    const open = toXml(head).replace(/\/>$/, ">");
    const pieces = function* (): Generator<string | Buffer> {
      yield open;
      if (reply.errors) {
        for (const e of reply.errors) yield toXml(rpcErrorElement(e), NC_NS);
      } else if (reply.data) {
        yield "<data>";
        yield* serialize(reply.data, NC_NS);
        yield "</data>";
      } else if (reply.element) {
        yield* serialize([reply.element], NC_NS);
      } else {
        yield "<ok/>";
      }
      yield "</rpc-reply>";
    };
    if (reply.errors) this.counters.outRpcErrors += reply.errors.length;
    return this.#writeMessage(pieces(), this.#chunked);
  }

  /** Sends a notification if this session subscribed and its filter selects it. */
  notify(event: XmlElement, time: Date): void {
    const sub = this.subscription;
    if (sub === undefined || this.#ended) return;
    let content: XmlElement[] = [clone(event)];
    if (sub.filter) {
      content = subtreeFilter(el("root", "", [event]), sub.filter);
      if (content.length === 0) return;
    }
    const n = el("notification", NOTIFICATION_NS, [
      leaf("eventTime", NOTIFICATION_NS, time.toISOString()),
      ...content,
    ]);
    this.counters.outNotifications++;
    this.#enqueue(() => this.#writeMessage([toXml(n)], this.#chunked));
  }

  /**
   * Writes one message in the session's framing, a chunk per piece, so a large reply is never one
   * buffer. Replies and notifications go through the device's output faults; the hello does not.
   */
  #writeMessage(pieces: Iterable<string | Buffer>, chunked: boolean, faults = true): Promise<boolean> {
    const frames = function* (): Generator<Buffer> {
      for (const piece of pieces) {
        if (piece.length === 0) continue;
        const body = typeof piece === "string" ? Buffer.from(piece, "utf8") : piece;
        yield chunked ? Buffer.concat([chunkHeader(body.length), body]) : body;
      }
      yield chunked ? END_OF_CHUNKS : EOM_MARKER;
    };
    if (faults && this.#pump) return this.#pump.emit(() => frames(), { crlf: false });
    return this.#writeAll(frames());
  }

  async #writeAll(frames: Iterable<Buffer>): Promise<boolean> {
    for (const frame of frames) if (!(await this.#writer.write(frame))) return false;
    return true;
  }

  #enqueue(task: () => Promise<boolean>): void {
    this.#queue = this.#queue.then(async () => {
      if (this.#writer.closed) {
        this.#cleanup();
        return;
      }
      try {
        await task();
      } catch {
        // A failed write means the channel is gone; the close handler cleans up.
      }
    });
  }

  /** Ends the session: releases what it held and closes the channel. Idempotent. */
  terminate(end: SessionEnd = { reason: "other" }): void {
    this.#ended = true;
    // channel.end() may report the close first; the reason given here wins.
    this.#endReason ??= end;
    try {
      this.#channel.end();
    } catch {
      // Already closed.
    }
    this.#cleanup(end);
  }

  #cleanup(end: SessionEnd = { reason: "dropped" }): void {
    this.#ended = true;
    if (this.#cleanedUp) return;
    this.#cleanedUp = true;
    this.server.unregister(this, this.#endReason ?? end);
    this.#onEnd();
  }
}
