import {
  CommandError,
  ConnectionError,
  deviceLabel,
  type PatchbayErrorOptions,
  UnsupportedOperationError,
} from "@patchbay/core";

/** One `<rpc-error>` of a reply (RFC 6241 section 4.3). */
export interface RpcErrorInfo {
  /** `error-type`: `transport`, `rpc`, `protocol` or `application`. */
  type: string;
  /** `error-tag`, for example `lock-denied`, `invalid-value`, `data-missing`. */
  tag: string;
  /** `error-severity`: `error` or `warning`. */
  severity: string;
  /** `error-app-tag`, when the server sent one. */
  appTag?: string;
  /** `error-path`: an XPath to the node at fault, when the server sent one. */
  path?: string;
  /** `error-message`, human-readable, when the server sent one. */
  message?: string;
  /**
   * `error-info` children by local name, as text (`session-id`, `bad-element`...). A name that
   * repeats keeps its last value; `infoXml` has everything.
   */
  info: Record<string, string>;
  /** The `error-info` element's inner XML as received, "" when absent. */
  infoXml: string;
}

export interface RpcErrorOptions extends PatchbayErrorOptions {
  /** The operation that failed, for example `edit-config`. */
  operation: string;
  errors: readonly RpcErrorInfo[];
  messageId?: string | undefined;
  /** The whole `<rpc-reply>` text as received. */
  raw?: string | undefined;
}

/**
 * The server answered an RPC with one or more `<rpc-error>`s of severity `error` (warnings alone do
 * not throw; they are on the reply). `errors` lists every one, warnings included.
 */
export class RpcError extends CommandError {
  static override readonly code: string = "NETCONF_RPC_ERROR";
  readonly operation: string;
  readonly errors: readonly RpcErrorInfo[];
  readonly messageId: string | undefined;
  /** The whole `<rpc-reply>` text as received ("" when not known). */
  readonly raw: string;

  constructor(options: RpcErrorOptions) {
    const first = options.errors.find((e) => e.severity !== "warning") ?? options.errors[0];
    const what = first
      ? `${first.message ?? first.tag} (error-tag ${first.tag}, error-type ${first.type}${first.path ? `, error-path ${first.path}` : ""})`
      : "an rpc-error without details";
    const more = options.errors.length > 1 ? ` and ${options.errors.length - 1} more error(s)` : "";
    super(`${deviceLabel(options)}NETCONF ${options.operation} failed: ${what}${more}.`, {
      ...options,
      command: options.command ?? options.operation,
    });
    this.operation = options.operation;
    this.errors = Object.freeze([...options.errors]);
    this.messageId = options.messageId;
    this.raw = options.raw ?? "";
  }

  /** The first error's `error-tag`, for quick checks such as `lock-denied`. */
  get tag(): string | undefined {
    return this.errors[0]?.tag;
  }
}

export interface NetconfProtocolErrorOptions extends PatchbayErrorOptions {
  /** The text of the message received when it went wrong (a bad hello, a malformed reply). */
  partialOutput?: string | undefined;
}

/** The peer broke the NETCONF protocol: a bad hello, malformed XML, a reply that makes no sense. */
export class NetconfProtocolError extends ConnectionError {
  static override readonly code: string = "NETCONF_PROTOCOL";
  /** The text of the message received when it went wrong, when there was one. */
  readonly partialOutput: string | undefined;

  constructor(message: string, options: NetconfProtocolErrorOptions = {}) {
    super(message, options);
    this.partialOutput = options.partialOutput;
  }
}

/**
 * The byte stream broke the framing rules of RFC 6242 (a bad chunk header, a reply that is not
 * XML). The session cannot continue and is closed; reconnect.
 */
export class NetconfFramingError extends NetconfProtocolError {
  static override readonly code: string = "NETCONF_FRAMING";
}

export interface NetconfCapabilityErrorOptions extends PatchbayErrorOptions {
  /** The capability the operation needs, for example `:xpath` or its full URN. */
  capability: string;
  operation: string;
}

/** The server does not advertise a capability the operation needs; nothing was sent. */
export class NetconfCapabilityError extends UnsupportedOperationError {
  static override readonly code: string = "NETCONF_CAPABILITY";
  readonly capability: string;
  readonly operation: string;

  constructor(message: string, options: NetconfCapabilityErrorOptions) {
    super(message, options);
    this.capability = options.capability;
    this.operation = options.operation;
  }
}

/** A request the client refuses to send: bad arguments, unescapable content. Nothing was sent. */
export class NetconfRequestError extends CommandError {
  static override readonly code: string = "NETCONF_REQUEST";
}
