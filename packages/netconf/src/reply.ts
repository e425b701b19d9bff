import { NetconfProtocolError, type RpcErrorInfo } from "./errors.ts";
import { type ScannedMessage, sliceMessage } from "./internal/scanner.ts";
import { parseXmlContent, toObject, type XmlElement, type XmlObject } from "./xml.ts";

/** Where the content of a message sits: ranges of the received text, joined on first use. */
export interface ContentSource {
  message: Pick<ScannedMessage, "pieces" | "starts">;
  /** [from, to) ranges of the message text, in order. */
  ranges: ReadonlyArray<readonly [number, number]>;
  /** Namespace prefixes in scope where the content sits. */
  namespaces: Readonly<Record<string, string>>;
  stripNamespaces: boolean;
}

/**
 * XML content received from the server, kept as the text that arrived. `xml` is that text (a V8
 * rope of the received pieces: the first operation that needs it flat, a search or a write, makes the
 * one copy); `elements`, `data` and `text` parse it (strictly, with saxes) on first use. A 100 MB
 * reply read only through `xml` is never tokenised element by element.
 */
export class XmlContent {
  #source: ContentSource | undefined;
  #xml: string | undefined;
  #parsed: { elements: XmlElement[]; text: string } | undefined;
  #data: XmlObject | undefined;
  readonly #namespaces: Readonly<Record<string, string>>;
  readonly #strip: boolean;

  constructor(source: ContentSource) {
    this.#source = source;
    this.#namespaces = source.namespaces;
    this.#strip = source.stripNamespaces;
  }

  /** The content's XML text exactly as received (not re-serialised, namespaces untouched). */
  get xml(): string {
    if (this.#xml === undefined) {
      const source = this.#source;
      if (source === undefined) return "";
      const parts = source.ranges.map(([from, to]) => sliceMessage(source.message, from, to));
      let xml = "";
      for (const part of parts) xml += part;
      this.#xml = xml;
      this.#source = undefined;
    }
    return this.#xml;
  }

  #parse(): { elements: XmlElement[]; text: string } {
    if (this.#parsed === undefined) {
      try {
        this.#parsed = parseXmlContent(this.xml, { namespaces: this.#namespaces }, true);
      } catch (cause) {
        // The content is stored unread for speed; this is where malformed content shows.
        throw new NetconfProtocolError(
          `the server's reply content is not well-formed XML (${(cause as Error).message}).`,
          { cause },
        );
      }
    }
    return this.#parsed;
  }

  /** The content as elements (parsed on first use). */
  get elements(): readonly XmlElement[] {
    return this.#parse().elements;
  }

  /** Text outside any element, entities decoded (for example a `get-schema` module). */
  get text(): string {
    return this.#parse().text;
  }

  /**
   * The content as plain objects (see `toObject`), keyed by local names unless the session was
   * opened with `stripNamespaces: false`.
   */
  get data(): XmlObject {
    this.#data ??= toObject(this.#parse().elements, { stripNamespaces: this.#strip });
    return this.#data;
  }
}

/** The reply to an RPC. */
export class RpcReply extends XmlContent {
  /** The `message-id` the server echoed. */
  readonly messageId: string | undefined;
  /** Whether the reply is `<ok/>`. */
  readonly ok: boolean;
  /** Whether the reply has a `<data>` element; `xml` is then its inner XML. */
  readonly hasData: boolean;
  /** `<rpc-error>`s of severity `warning` (a reply with errors throws `RpcError` instead). */
  readonly warnings: readonly RpcErrorInfo[];
  /** Attributes of `<rpc-reply>` other than namespace declarations (servers echo the rpc's). */
  readonly attributes: Readonly<Record<string, string>>;
  #raw: string | (() => string);

  constructor(
    init: {
      messageId: string | undefined;
      ok: boolean;
      hasData: boolean;
      warnings: readonly RpcErrorInfo[];
      attributes: Readonly<Record<string, string>>;
      /** The whole `<rpc-reply>` text, or a function that joins it on first use. */
      raw?: string | (() => string);
    },
    source: ContentSource,
  ) {
    super(source);
    this.#raw = init.raw ?? "";
    this.messageId = init.messageId;
    this.ok = init.ok;
    this.hasData = init.hasData;
    this.warnings = Object.freeze([...init.warnings]);
    this.attributes = init.attributes;
  }

  /** The whole `<rpc-reply>` element as received (without the XML declaration before it). */
  get raw(): string {
    if (typeof this.#raw === "function") this.#raw = this.#raw();
    return this.#raw;
  }
}

/** One RFC 5277 notification. `xml` is the event content (everything but `eventTime`). */
export class NetconfNotification extends XmlContent {
  /** `eventTime` as sent (RFC 3339). */
  readonly eventTime: string;

  constructor(eventTime: string, source: ContentSource) {
    super(source);
    this.eventTime = eventTime;
  }

  /** `eventTime` as a Date (invalid when the server sent a malformed time). */
  get eventDate(): Date {
    return new Date(this.eventTime);
  }

  /** The local name of the event's first element, for example `netconf-config-change`. */
  get eventName(): string | undefined {
    return this.elements[0]?.name;
  }
}
