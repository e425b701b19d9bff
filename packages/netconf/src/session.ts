import { isAscii } from "node:buffer";
import { StringDecoder } from "node:string_decoder";
import {
  createDeadline,
  DisconnectedError,
  deviceLabel,
  type ErrorContext,
  type Logger,
  type OperationOptions,
  silentLogger,
  type Transport,
} from "@patchbay/core";
import { Capabilities, NETCONF_BASE_1_0, NETCONF_BASE_1_1 } from "./capabilities.ts";
import {
  NetconfCapabilityError,
  NetconfFramingError,
  NetconfProtocolError,
  NetconfRequestError,
  RpcError,
} from "./errors.ts";
import { END_OF_MESSAGE, encodeFrame, FrameDecoder, type Framing } from "./internal/framing.ts";
import { BASE_NS, decodeMessage, type IncomingMessage } from "./internal/message.ts";
import { MessageScanner } from "./internal/scanner.ts";
import {
  buildCancelCommit,
  buildCommit,
  buildCopyConfig,
  buildCreateSubscription,
  buildDeleteConfig,
  buildDiscardChanges,
  buildEditConfig,
  buildGet,
  buildGetConfig,
  buildGetSchema,
  buildKillSession,
  buildLock,
  buildValidate,
  type CancelCommitOptions,
  type CommitOptions,
  type CopyConfigOptions,
  type DatastoreOrUrl,
  type EditConfigOptions,
  type GetConfigOptions,
  type GetOptions,
  type GetSchemaOptions,
  RequestProblem,
  type RpcOptions,
  type SubscribeOptions,
  type ValidateOptions,
} from "./operations.ts";
import { NetconfNotification, RpcReply } from "./reply.ts";
import { NotificationSubscription } from "./subscription.ts";
import { escapeXmlText } from "./xml.ts";

/** A byte stream carrying NETCONF (an SSH `netconf` subsystem channel). */
export interface NetconfTransport extends Transport {
  /** May return false when the stream's buffer is full. */
  write(data: string | Uint8Array): boolean | undefined;
  /** Resolves when the stream can take more data (for large requests). */
  drain?(): Promise<void>;
}

/** Options of `NetconfSession.open`. */
export interface NetconfSessionOptions extends OperationOptions {
  transport: NetconfTransport;
  /** deviceId, host and platform for errors. */
  context?: ErrorContext;
  /** @default silentLogger */
  logger?: Logger;
  /** Default time limit of each RPC. @default 60000 */
  rpcTimeoutMs?: number;
  /** `data` objects keyed by local names. @default true */
  stripNamespaces?: boolean;
  /** Capabilities to advertise besides base 1.0 and 1.1. */
  capabilities?: readonly string[];
  /** Advertise base 1.1 (chunked framing). Turn off only for servers with broken 1.1. @default true */
  base11?: boolean;
  /**
   * When the client sends its hello: `after-server` waits for the server's hello (as ncclient does),
   * `at-open` sends it at once. yuma123 netconfd leaves the first RPC unanswered when it reaches
   * the server in one read with the client's hello; after the server's hello plus `helloGapMs` the
   * two are apart. @default "after-server"
   */
  helloOrder?: "after-server" | "at-open";
  /**
   * With `after-server`, the first RPC is written no sooner than this after the client's hello, so the
   * two do not reach the server in one read (netconfd's relay reads its input every 5 ms and
   * netconfd leaves an RPC read together with the hello unanswered; measured: 2 of 150 sessions stalled
   * with 20 ms, none with 100 ms). @default 100
   */
  helloGapMs?: number;
  /** The message-id of the first RPC; later ones count up from it. @default 1 */
  firstMessageId?: number;
}

interface PendingRpc {
  operation: string;
  resolve(reply: RpcReply): void;
  reject(err: unknown): void;
}

/** Size of the blocks in which stored reply content is decoded. */
const BLOCK_BYTES = 1 << 20;

/** How many abandoned message-ids are remembered, to drop their late replies quietly. */
const ABANDONED_LIMIT = 1_000;

/**
 * One NETCONF session over a transport (RFC 6241): hello, framing, RPCs correlated by message-id
 * (several may be in flight), notifications, close. `NetconfConnection` opens it over SSH.
 */
export class NetconfSession implements AsyncDisposable {
  #sessionId = "";
  #capabilities: Capabilities = new Capabilities([]);
  readonly #transport: NetconfTransport;
  readonly #context: ErrorContext;
  readonly #logger: Logger;
  readonly #rpcTimeoutMs: number;
  readonly #strip: boolean;
  readonly #decoder: FrameDecoder;
  #text = new StringDecoder("utf8");
  #scanner = new MessageScanner();
  #outFraming: Framing = "1.0";
  #nextId = 1;
  readonly #pending = new Map<string, PendingRpc>();
  readonly #abandoned = new Set<string>();
  #writing: Promise<void> = Promise.resolve();
  #hello: { resolve(m: IncomingMessage): void; reject(e: unknown): void; send?: () => void } | undefined;
  #subscription: NotificationSubscription | undefined;
  #closed = false;
  #closeError: Error | undefined;
  #closing: Promise<void> | undefined;
  readonly #unsubscribe: Array<() => void> = [];
  readonly #weAdvertised11: boolean;
  #closingByUs = false;

  private constructor(options: NetconfSessionOptions) {
    this.#transport = options.transport;
    this.#context = options.context ?? {};
    this.#logger = options.logger ?? silentLogger;
    this.#rpcTimeoutMs = options.rpcTimeoutMs ?? 60_000;
    this.#strip = options.stripNamespaces ?? true;
    this.#weAdvertised11 = options.base11 !== false;
    const first = options.firstMessageId ?? 1;
    if (!Number.isSafeInteger(first) || first < 0) {
      throw new NetconfRequestError(
        `${deviceLabel(this.#context)}firstMessageId must be a whole number >= 0, got ${String(first)}.`,
        { ...this.#context, command: "hello" },
      );
    }
    this.#nextId = first;
    this.#decoder = new FrameDecoder("1.0", {
      data: (piece) => this.#onPiece(piece),
      end: () => this.#onMessageEnd(),
      error: (problem) =>
        this.#fail(
          new NetconfFramingError(`${this.#label}broken NETCONF framing from the server: ${problem}.`, {
            ...this.#context,
            partialOutput: this.#partial(),
          }),
        ),
    });
  }

  /**
   * Exchanges hellos over `transport` and returns the open session. Base 1.1 chunked framing is
   * used when both sides advertise it. Rejects with `NetconfProtocolError` when the server's hello
   * is missing or wrong; the transport is closed then.
   */
  static async open(options: NetconfSessionOptions): Promise<NetconfSession> {
    const session = new NetconfSession(options);
    await session.#handshake(options);
    return session;
  }

  get #label(): string {
    return deviceLabel(this.#context);
  }

  /** The session-id the server assigned. */
  get sessionId(): string {
    return this.#sessionId;
  }

  /** The server's capabilities. */
  get capabilities(): Capabilities {
    return this.#capabilities;
  }

  /** The framing in use: `1.1` (chunked) or `1.0` (end-of-message). */
  get framing(): Framing {
    return this.#outFraming;
  }

  /** True once the session is closed (by `close`, `kill-session` or the connection dropping). */
  get closed(): boolean {
    return this.#closed;
  }

  /** RPCs sent and not answered yet. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  async #handshake(options: NetconfSessionOptions): Promise<void> {
    const deadline = createDeadline({
      ...this.#context,
      operation: "NETCONF hello",
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      defaultTimeoutMs: 30_000,
      partialOutput: () => this.#partial(),
    });
    const t = this.#transport;
    this.#unsubscribe.push(
      t.onData((chunk) => {
        this.#decoder.push(chunk);
        this.#flushPieces();
      }),
      t.onClose((error) => {
        const partial = this.#partial();
        this.#fail(
          new DisconnectedError(
            `${this.#label}the NETCONF session's channel closed${partial === "" ? "" : " in the middle of a message"}.`,
            {
              ...this.#context,
              ...(error ? { cause: error } : {}),
              ...(partial === "" ? {} : { partialOutput: partial }),
            },
          ),
        );
      }),
    );
    const ours = [
      NETCONF_BASE_1_0,
      ...(options.base11 === false ? [] : [NETCONF_BASE_1_1]),
      ...(options.capabilities ?? []),
    ];
    const caps = ours.map((c) => `<capability>${escapeXmlText(c)}</capability>`).join("");
    const ourHello = `<?xml version="1.0" encoding="UTF-8"?><hello xmlns="${BASE_NS}"><capabilities>${caps}</capabilities></hello>${END_OF_MESSAGE}`;
    try {
      const helloReceived = new Promise<IncomingMessage>((resolve, reject) => {
        this.#hello = {
          resolve,
          reject,
          ...(options.helloOrder === "at-open"
            ? {}
            : {
                send: () => {
                  const full = t.write(ourHello) === false;
                  const gap = options.helloGapMs ?? 100;
                  this.#writing = this.#writing.then(async () => {
                    if (full) await t.drain?.();
                    if (gap > 0) await new Promise((r) => setTimeout(r, gap));
                  });
                },
              }),
        };
      });
      if (options.helloOrder === "at-open") t.write(ourHello);
      const hello = await deadline.race(helloReceived);
      if (hello.kind !== "hello") throw new Error("unreachable");
      this.#capabilities = new Capabilities(hello.capabilities);
      this.#sessionId = hello.sessionId ?? "";
      this.#logger.debug(
        { sessionId: this.sessionId, framing: this.#outFraming, capabilities: hello.capabilities.length },
        "NETCONF session open",
      );
    } catch (err) {
      this.#hello = undefined;
      this.#fail(err instanceof Error ? err : new Error(String(err)));
      await t.close().catch(() => {});
      throw err;
    } finally {
      deadline.dispose();
    }
  }

  #onHello(message: IncomingMessage, text: () => string): void {
    const waiter = this.#hello;
    this.#hello = undefined;
    if (waiter === undefined) {
      this.#logger.warn("ignoring a second hello from the server");
      return;
    }
    if (message.kind !== "hello") {
      waiter.reject(
        new NetconfProtocolError(`${this.#label}the server sent <${message.kind}> before its hello.`, {
          ...this.#context,
          partialOutput: text(),
        }),
      );
      return;
    }
    if (message.sessionId === undefined || !/^[1-9]\d*$/.test(message.sessionId)) {
      waiter.reject(
        new NetconfProtocolError(`${this.#label}the server's hello has no valid session-id.`, {
          ...this.#context,
          partialOutput: text(),
        }),
      );
      return;
    }
    const has11 = message.capabilities.includes(NETCONF_BASE_1_1);
    const has10 = message.capabilities.includes(NETCONF_BASE_1_0);
    if (!has10 && !has11) {
      waiter.reject(
        new NetconfProtocolError(
          `${this.#label}the server advertises neither NETCONF base 1.0 nor 1.1; there is no protocol in common.`,
          { ...this.#context, partialOutput: text() },
        ),
      );
      return;
    }
    // Our hello goes out before the switch: hellos are always end-of-message framed.
    try {
      waiter.send?.();
    } catch (err) {
      waiter.reject(
        new DisconnectedError(`${this.#label}could not send the NETCONF hello.`, {
          ...this.#context,
          cause: err,
        }),
      );
      return;
    }
    // Both sides switch to chunked framing right after the hellos (RFC 6242 section 4.1); this
    // runs inside the decoder's end-of-message callback, so the very next byte is decoded as chunks.
    if (has11 && this.#weAdvertised11) {
      this.#decoder.framing = "1.1";
      this.#outFraming = "1.1";
    }
    waiter.resolve(message);
  }

  // Servers often send one small chunk per list entry; the pieces of one read are decoded and
  // scanned together, so the per-piece cost is paid once per read, not once per chunk. While the
  // scanner stores `<data>` content unread, pieces are decoded in blocks of 1 MiB: strings that big
  // are allocated outside V8's young generation, so a large reply is not copied by every scavenge.
  #batch: Buffer[] = [];
  #batchBytes = 0;

  #onPiece(piece: Buffer): void {
    if (this.#closed) return;
    this.#batch.push(piece);
    this.#batchBytes += piece.length;
  }

  #flushPieces(atEnd = false): void {
    const batch = this.#batch;
    if (batch.length === 0) return;
    if (!atEnd && this.#scanner.skipping && this.#batchBytes < BLOCK_BYTES) return;
    this.#batch = [];
    this.#batchBytes = 0;
    if (this.#closed) return;
    const text = this.#decode(batch.length === 1 ? (batch[0] as Buffer) : Buffer.concat(batch));
    if (text.length === 0) return;
    try {
      this.#scanner.feed(text);
    } catch (err) {
      this.#fail(
        new NetconfFramingError(
          `${this.#label}the server sent a message that is not XML (${(err as Error).message}).`,
          { ...this.#context, cause: err, partialOutput: this.#scanner.text() },
        ),
      );
    }
  }

  // ASCII (most XML) is decoded as latin1, about twice as fast as UTF-8 decoding; anything else,
  // or a character split across blocks, goes through the StringDecoder.
  #utf8Pending = false;

  #decode(block: Buffer): string {
    if (!this.#utf8Pending && isAscii(block)) return block.toString("latin1");
    this.#utf8Pending = endsInsideCharacter(block);
    return this.#text.write(block);
  }

  #onMessageEnd(): void {
    this.#flushPieces(true);
    if (this.#closed) return;
    const scanner = this.#scanner;
    this.#scanner = new MessageScanner();
    let message: IncomingMessage;
    try {
      const rest = this.#text.end();
      this.#text = new StringDecoder("utf8");
      this.#utf8Pending = false;
      if (rest.length > 0) scanner.feed(rest);
      message = decodeMessage(scanner.finish(), this.#strip);
    } catch (err) {
      this.#fail(
        new NetconfFramingError(
          `${this.#label}the server sent a malformed NETCONF message (${(err as Error).message}).`,
          { ...this.#context, cause: err, partialOutput: scanner.text() },
        ),
      );
      return;
    }
    if (this.#hello !== undefined) {
      this.#onHello(message, () => scanner.text());
      return;
    }
    switch (message.kind) {
      case "hello":
        this.#logger.warn("ignoring a second hello from the server");
        return;
      case "notification":
        if (this.#subscription)
          this.#subscription.push(new NetconfNotification(message.eventTime, message.source));
        else this.#logger.debug("dropping a notification: no subscription is being read");
        return;
      case "rpc-reply":
        this.#onReply(message);
        return;
    }
  }

  #onReply(message: Extract<IncomingMessage, { kind: "rpc-reply" }>): void {
    let id = message.messageId;
    if (id === undefined) {
      // Servers answer an rpc they could not parse without a message-id (RFC 6241 section 4.1);
      // it can only be matched when a single RPC is waiting.
      if (this.#pending.size !== 1) {
        this.#logger.warn({ pending: this.#pending.size }, "dropping an rpc-reply without message-id");
        return;
      }
      id = this.#pending.keys().next().value as string;
    }
    const pending = this.#pending.get(id);
    if (pending === undefined) {
      if (this.#abandoned.delete(id))
        this.#logger.debug({ messageId: id }, "dropping the late reply of an abandoned RPC");
      else this.#logger.warn({ messageId: id }, "dropping an rpc-reply for an unknown message-id");
      return;
    }
    this.#pending.delete(id);
    const errors = message.errors.filter((e) => e.severity !== "warning");
    if (errors.length > 0) {
      pending.reject(
        new RpcError({
          ...this.#context,
          operation: pending.operation,
          errors: message.errors,
          messageId: id,
          raw: message.raw(),
        }),
      );
      return;
    }
    pending.resolve(
      new RpcReply(
        {
          messageId: id,
          ok: message.ok,
          hasData: message.hasData,
          warnings: message.errors,
          attributes: message.attributes,
          raw: message.raw,
        },
        message.source,
      ),
    );
  }

  /** The text of the message being received, pieces not scanned yet included; "" between messages. */
  #partial(): string {
    let text = this.#scanner.text();
    if (this.#batch.length > 0) text += Buffer.concat(this.#batch).toString("utf8");
    return text;
  }

  /** The message being received when it is, or may be, the reply to `id`; "" otherwise. */
  #partialFor(id: string): string {
    const head = this.#scanner.head(4096) || this.#partial().slice(0, 4096);
    if (head === "") return "";
    const mid = /<(?:[\w.-]+:)?rpc-reply\b[^>]*?\smessage-id\s*=\s*(["'])(.*?)\1/.exec(head);
    if (mid !== null) return mid[2] === id ? this.#partial() : "";
    // Its message-id has not arrived yet: it can only be this RPC's when no other one waits.
    return this.#pending.size <= 1 ? this.#partial() : "";
  }

  /** Ends the session for good: pending RPCs and the subscription get `error`. */
  #fail(error: Error): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#closeError = error;
    for (const off of this.#unsubscribe.splice(0)) off();
    this.#hello?.reject(error);
    this.#hello = undefined;
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
    this.#subscription?.end(this.#closingByUs ? undefined : error);
    this.#subscription = undefined;
    if (!this.#closingByUs) {
      this.#logger.warn({ err: error }, "NETCONF session ended");
      void this.#transport.close().catch(() => {});
    }
  }

  #problem(err: unknown, operation: string): Error {
    if (err instanceof RequestProblem) {
      const ctx = { ...this.#context, command: operation };
      if (err.kind === "capability") {
        return new NetconfCapabilityError(`${this.#label}${err.message}; nothing was sent.`, {
          ...ctx,
          operation,
          capability: err.capability ?? "",
        });
      }
      return new NetconfRequestError(`${this.#label}invalid ${operation} request: ${err.message}.`, ctx);
    }
    return err instanceof Error ? err : new Error(String(err));
  }

  /** Builds an operation's XML, turning missing capabilities and bad arguments into typed errors. */
  #build(operation: string, build: () => string): string {
    try {
      return build();
    } catch (err) {
      throw this.#problem(err, operation);
    }
  }

  /**
   * Sends one RPC whose content is `operationXml` (for example `<get-config>...</get-config>`) and
   * resolves with the reply. Rejects with `RpcError` for rpc-errors, `TimeoutError` or
   * `OperationAbortedError` (the late reply is then dropped; the session stays usable), or
   * `DisconnectedError` when the session ends first.
   */
  async rpc(operationXml: string, options: RpcOptions & { operation?: string } = {}): Promise<RpcReply> {
    const operation = options.operation ?? /^\s*<([\w.:-]+)/.exec(operationXml)?.[1] ?? "rpc";
    const ctx = { ...this.#context, command: operation };
    if (this.#closed) {
      throw new DisconnectedError(`${this.#label}the NETCONF session is closed; reconnect first.`, {
        ...ctx,
        cause: this.#closeError,
      });
    }
    const id = String(this.#nextId++);
    const payload = Buffer.from(`<rpc xmlns="${BASE_NS}" message-id="${id}">${operationXml}</rpc>`, "utf8");
    if (this.#outFraming === "1.0" && payload.includes(END_OF_MESSAGE)) {
      throw new NetconfRequestError(
        `${this.#label}the ${operation} request contains "${END_OF_MESSAGE}", which base 1.0 framing cannot carry; the server does not support base 1.1.`,
        ctx,
      );
    }
    const deadline = createDeadline({
      ...ctx,
      operation: `NETCONF ${operation}`,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      defaultTimeoutMs: this.#rpcTimeoutMs,
      partialOutput: () => this.#partialFor(id),
    });
    try {
      deadline.throwIfDone();
      const reply = new Promise<RpcReply>((resolve, reject) => {
        this.#pending.set(id, { operation, resolve, reject });
      });
      this.#send(payload, id);
      return await deadline.race(reply, () => {
        if (this.#pending.delete(id)) {
          this.#abandoned.add(id);
          if (this.#abandoned.size > ABANDONED_LIMIT) {
            const oldest = this.#abandoned.values().next().value;
            if (oldest !== undefined) this.#abandoned.delete(oldest);
          }
        }
      });
    } finally {
      deadline.dispose();
    }
  }

  /** Writes one framed message after the ones before it, waiting for the channel to drain. */
  #send(payload: Buffer, id: string): void {
    const frames = encodeFrame(this.#outFraming, payload);
    this.#writing = this.#writing.then(async () => {
      // An RPC abandoned before its turn is not sent at all.
      if (this.#closed || (!this.#pending.has(id) && this.#abandoned.delete(id))) return;
      try {
        for (const frame of frames) {
          if (this.#transport.write(frame) === false) await this.#transport.drain?.();
        }
      } catch (err) {
        this.#fail(
          new DisconnectedError(`${this.#label}could not send to the NETCONF session.`, {
            ...this.#context,
            cause: err,
          }),
        );
      }
    });
  }

  async #call(operation: string, build: () => string, options: RpcOptions): Promise<RpcReply> {
    return this.rpc(this.#build(operation, build), { ...options, operation });
  }

  /** `<get>`: state and configuration, optionally filtered. */
  get(options: GetOptions = {}): Promise<RpcReply> {
    return this.#call("get", () => buildGet(this.capabilities, options), options);
  }

  /** `<get-config>` of `source` (default running). */
  getConfig(options: GetConfigOptions = {}): Promise<RpcReply> {
    return this.#call("get-config", () => buildGetConfig(this.capabilities, options), options);
  }

  /** `<edit-config>` of `target` with `config`. */
  editConfig(options: EditConfigOptions): Promise<RpcReply> {
    return this.#call("edit-config", () => buildEditConfig(this.capabilities, options), options);
  }

  /** `<copy-config>` from `source` to `target`. */
  copyConfig(options: CopyConfigOptions): Promise<RpcReply> {
    return this.#call("copy-config", () => buildCopyConfig(this.capabilities, options), options);
  }

  /** `<delete-config>` of `target` (startup or a URL). */
  deleteConfig(target: DatastoreOrUrl, options: RpcOptions = {}): Promise<RpcReply> {
    return this.#call("delete-config", () => buildDeleteConfig(this.capabilities, target), options);
  }

  /** `<lock>` of `target`. Rejects with `RpcError` (tag `lock-denied`) when another session holds it. */
  lock(target: DatastoreOrUrl, options: RpcOptions = {}): Promise<RpcReply> {
    return this.#call("lock", () => buildLock(this.capabilities, "lock", target), options);
  }

  /** `<unlock>` of `target`. */
  unlock(target: DatastoreOrUrl, options: RpcOptions = {}): Promise<RpcReply> {
    return this.#call("unlock", () => buildLock(this.capabilities, "unlock", target), options);
  }

  /** `<commit>` of the candidate, optionally confirmed. */
  commit(options: CommitOptions = {}): Promise<RpcReply> {
    return this.#call("commit", () => buildCommit(this.capabilities, options), options);
  }

  /** `<cancel-commit>` of a confirmed commit. */
  cancelCommit(options: CancelCommitOptions = {}): Promise<RpcReply> {
    return this.#call("cancel-commit", () => buildCancelCommit(this.capabilities, options), options);
  }

  /** `<discard-changes>`: reverts the candidate to running. */
  discardChanges(options: RpcOptions = {}): Promise<RpcReply> {
    return this.#call("discard-changes", () => buildDiscardChanges(this.capabilities), options);
  }

  /** `<validate>` of `source` (default candidate). */
  validate(options: ValidateOptions = {}): Promise<RpcReply> {
    return this.#call("validate", () => buildValidate(this.capabilities, options), options);
  }

  /** `<kill-session>` of another session. */
  killSession(sessionId: string | number, options: RpcOptions = {}): Promise<RpcReply> {
    return this.#call("kill-session", () => buildKillSession(sessionId), options);
  }

  /** `<get-schema>` (RFC 6022): the schema text, for example a YANG module. */
  async getSchema(options: GetSchemaOptions): Promise<string> {
    const reply = await this.#call("get-schema", () => buildGetSchema(this.capabilities, options), options);
    return reply.text;
  }

  /**
   * `<create-subscription>` (RFC 5277) and an async iterator of the notifications. One subscription
   * per session; it ends when `signal` aborts, the session closes, or `stopTime` is reached.
   */
  async subscribe(options: SubscribeOptions = {}): Promise<NotificationSubscription> {
    if (this.#subscription !== undefined) {
      throw new NetconfRequestError(
        `${this.#label}this session already has a notification subscription (RFC 5277 allows one per session).`,
        { ...this.#context, command: "create-subscription" },
      );
    }
    const subscription = new NotificationSubscription(() => {
      if (this.#subscription === subscription) this.#subscription = undefined;
      options.signal?.removeEventListener("abort", onAbort);
    });
    const onAbort = (): void => subscription.end();
    // Set before the RPC: notifications may follow the reply in the same read.
    this.#subscription = subscription;
    try {
      await this.#call("create-subscription", () => buildCreateSubscription(this.capabilities, options), {
        timeoutMs: options.timeoutMs,
        signal: options.signal,
      });
    } catch (err) {
      subscription.end();
      throw err;
    }
    if (options.signal?.aborted) subscription.end();
    else options.signal?.addEventListener("abort", onAbort, { once: true });
    return subscription;
  }

  /**
   * Ends the session: `<close-session>` (at most `timeoutMs`, default 5 s), then the channel is
   * closed in every case. Pending RPCs reject with `DisconnectedError`; a subscription ends cleanly.
   * Rejects with the close-session's error (`RpcError`, `TimeoutError`...) when the server did not
   * confirm the close: the session is closed anyway, but the server may keep it (and its locks) until
   * it notices the channel is gone.
   */
  async close(options: RpcOptions = {}): Promise<void> {
    this.#closing ??= (async () => {
      let failure: unknown;
      if (!this.#closed) {
        // The server closes the channel right after its reply: that close is expected, not a drop.
        this.#closingByUs = true;
        try {
          await this.rpc("<close-session/>", {
            operation: "close-session",
            timeoutMs: options.timeoutMs ?? 5_000,
            signal: options.signal,
          });
        } catch (err) {
          this.#logger.debug({ err }, "close-session failed; closing the channel");
          failure = err;
        }
        this.#fail(
          new DisconnectedError(`${this.#label}the NETCONF session was closed.`, { ...this.#context }),
        );
      }
      await this.#transport.close().catch(() => {});
      if (failure !== undefined) throw failure;
    })();
    return this.#closing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/** Whether `buf` ends with the first bytes of a UTF-8 character whose other bytes are still to come. */
function endsInsideCharacter(buf: Buffer): boolean {
  for (let i = buf.length - 1; i >= Math.max(0, buf.length - 4); i--) {
    const b = buf[i] ?? 0;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return buf.length - i < need;
  }
  return false;
}
