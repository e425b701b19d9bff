import {
  AuthenticationError,
  CommandError,
  ConnectionError,
  DisconnectedError,
  deviceLabel,
  type ErrorContext,
  isPatchbayError,
  maskSecrets,
  type PatchbayError,
  type PatchbayErrorOptions,
  TimeoutError,
  UnreachableError,
} from "@patchbay/core";
import { partial } from "./internal/request-deadline.ts";

/** The TLS handshake failed: certificate not trusted, wrong name, expired, or a protocol mismatch. */
export class TlsError extends ConnectionError {
  static override readonly code: string = "TLS_FAILED";
  /** OpenSSL's or Node's code, for example `DEPTH_ZERO_SELF_SIGNED_CERT`. */
  readonly tlsCode: string | undefined;

  constructor(message: string, options: PatchbayErrorOptions & { tlsCode?: string | undefined } = {}) {
    super(message, options);
    this.tlsCode = options.tlsCode;
  }
}

export interface HttpStatusErrorOptions extends PatchbayErrorOptions {
  status: number;
  method: string;
  /** The request path, without the query string (it may carry secrets). */
  path: string;
  /** The first bytes of the response body, secrets masked. */
  bodyExcerpt: string;
  /** What a `Retry-After` header asked for, capped at `retryMaxDelayMs`. */
  retryAfterMs?: number | undefined;
}

/** The device answered with an HTTP error status (4xx or 5xx, other than 401 and 403). */
export class HttpStatusError extends CommandError {
  static override readonly code: string = "HTTP_STATUS";
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly bodyExcerpt: string;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: HttpStatusErrorOptions) {
    super(message, options);
    this.status = options.status;
    this.method = options.method;
    this.path = options.path;
    this.bodyExcerpt = options.bodyExcerpt;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The device answered, but not in the expected shape (invalid JSON, a JSON-RPC id that matches nothing). */
export class InvalidResponseError extends CommandError {
  static override readonly code: string = "INVALID_RESPONSE";
}

/** A response body was larger than `maxBodyBytes`. Read it with `requestStream` instead. */
export class ResponseTooLargeError extends CommandError {
  static override readonly code: string = "RESPONSE_TOO_LARGE";
}

export interface JsonRpcErrorOptions extends PatchbayErrorOptions {
  /** The JSON-RPC error code (-32601 method not found, 1002 EOS invalid command...). */
  rpcCode: number;
  /** The server's `error.message`. */
  rpcMessage: string;
  /** The server's `error.data`, as sent. */
  data?: unknown;
  /** For batched commands (eAPI `runCmds`): the index of the command that failed. */
  commandIndex?: number | undefined;
  /** For eAPI: the failing command's error lines. */
  commandErrors?: readonly string[] | undefined;
  /** For eAPI: the results of the commands before the failing one. */
  partialResults?: readonly unknown[] | undefined;
}

/** A JSON-RPC call answered with an error object; for eAPI, names the command that failed. */
export class JsonRpcError extends CommandError {
  static override readonly code: string = "JSONRPC_ERROR";
  readonly rpcCode: number;
  readonly rpcMessage: string;
  readonly data: unknown;
  readonly commandIndex: number | undefined;
  readonly commandErrors: readonly string[];
  readonly partialResults: readonly unknown[];

  constructor(message: string, options: JsonRpcErrorOptions) {
    super(message, options);
    this.rpcCode = options.rpcCode;
    this.rpcMessage = options.rpcMessage;
    this.data = options.data;
    this.commandIndex = options.commandIndex;
    this.commandErrors = Object.freeze([...(options.commandErrors ?? [])]);
    this.partialResults = Object.freeze([...(options.partialResults ?? [])]);
  }
}

/** One entry of an RFC 8040 `ietf-restconf:errors` body. */
export interface RestconfErrorEntry {
  errorType: "transport" | "rpc" | "protocol" | "application" | string;
  errorTag: string;
  errorAppTag?: string | undefined;
  errorPath?: string | undefined;
  errorMessage?: string | undefined;
  errorInfo?: unknown;
}

export interface RestconfErrorOptions extends HttpStatusErrorOptions {
  errors: readonly RestconfErrorEntry[];
}

/** A RESTCONF request failed with an `ietf-restconf:errors` body; the first error's fields are on top. */
export class RestconfError extends HttpStatusError {
  static override readonly code: string = "RESTCONF_ERROR";
  readonly errors: readonly RestconfErrorEntry[];
  readonly errorType: string;
  readonly errorTag: string;
  readonly errorPath: string | undefined;
  readonly errorMessage: string | undefined;

  constructor(message: string, options: RestconfErrorOptions) {
    super(message, options);
    this.errors = Object.freeze([...options.errors]);
    const first = options.errors[0];
    this.errorType = first?.errorType ?? "protocol";
    this.errorTag = first?.errorTag ?? "operation-failed";
    this.errorPath = first?.errorPath;
    this.errorMessage = first?.errorMessage;
  }
}

/** Socket error codes that mean the host cannot be reached. */
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EHOSTDOWN",
  "ENETDOWN",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EAI_NONAME",
]);

/** Codes of a connection that dropped while a request was under way. */
const DROPPED_CODES = new Set([
  "UND_ERR_SOCKET",
  "ECONNRESET",
  "EPIPE",
  "UND_ERR_CLOSED",
  "UND_ERR_DESTROYED",
]);

const TLS_CODE =
  /^(ERR_TLS_|ERR_SSL_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|CERT_|HOSTNAME_MISMATCH|ERR_OSSL|EPROTO$)/;

export interface MapRequestErrorContext extends ErrorContext {
  /** Secrets that must not appear in the message. */
  secrets: readonly string[];
  /** `GET /path`, for messages. */
  operation: string;
  /** The configured limits, for timeout messages. */
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  /** Whether TLS verification is on (the hint differs). */
  verify: boolean;
  /** The response body received before the failure (secrets masked), for timeouts and drops. */
  partialOutput?: string | undefined;
}

/**
 * Maps an undici or socket error to a typed core error: `UnreachableError`, `TlsError`,
 * `TimeoutError` (phase `connect`, `headers` or `body`), `DisconnectedError`, or `ConnectionError`.
 * Messages name the device and say what to do; secrets are masked.
 */
export function mapRequestError(err: unknown, ctx: MapRequestErrorContext): PatchbayError {
  if (isPatchbayError(err)) return err;
  const e = err as (Error & { code?: string; cause?: unknown }) | undefined;
  // undici wraps some socket errors; the interesting code may sit on the cause.
  const inner = e?.cause as (Error & { code?: string }) | undefined;
  const code = typeof e?.code === "string" ? e.code : undefined;
  const innerCode = typeof inner?.code === "string" ? inner.code : undefined;
  const context = { deviceId: ctx.deviceId, host: ctx.host, platform: ctx.platform, cause: err };
  const label = deviceLabel(ctx);
  const why = maskSecrets(e?.message ?? String(err), ctx.secrets);
  const anyCode = [code, innerCode].find(
    (c) => c !== undefined && (TLS_CODE.test(c) || c === "ERR_SSL_WRONG_VERSION_NUMBER"),
  );
  if (anyCode !== undefined || /certificate|SSL routines|TLS/i.test(why)) {
    const hint = ctx.verify
      ? "Give the device's CA certificate (tls.ca), fix the name it is reached by (tls.servername), or, on a lab device only, set tls: { verify: false }."
      : "Check that the device speaks HTTPS on this port (scheme and port settings).";
    return new TlsError(
      `${label}TLS handshake with ${ctx.host} failed (${anyCode ?? code ?? "TLS"}: ${why}). ${hint}`,
      {
        ...context,
        tlsCode: anyCode ?? code,
      },
    );
  }
  const reachCode = [code, innerCode].find((c) => c !== undefined && UNREACHABLE_CODES.has(c));
  if (reachCode !== undefined) {
    return new UnreachableError(`${label}cannot reach ${ctx.host} (${reachCode}: ${why}).`, context);
  }
  if (code === "UND_ERR_CONNECT_TIMEOUT" || innerCode === "ETIMEDOUT") {
    return new TimeoutError(
      `${label}${ctx.operation}: TCP/TLS connection to ${ctx.host} not established within ${ctx.connectTimeoutMs} ms.`,
      { ...context, phase: "connect", timeoutMs: ctx.connectTimeoutMs },
    );
  }
  if (code === "UND_ERR_HEADERS_TIMEOUT") {
    return new TimeoutError(
      `${label}${ctx.operation}: no response headers within ${ctx.headersTimeoutMs} ms (headersTimeoutMs).`,
      { ...context, phase: "headers", timeoutMs: ctx.headersTimeoutMs },
    );
  }
  if (code === "UND_ERR_BODY_TIMEOUT") {
    return new TimeoutError(
      `${label}${ctx.operation}: the response body stalled for ${ctx.bodyTimeoutMs} ms (bodyTimeoutMs).`,
      { ...context, phase: "body", timeoutMs: ctx.bodyTimeoutMs, ...partial(ctx.partialOutput) },
    );
  }
  if (
    (code !== undefined && DROPPED_CODES.has(code)) ||
    (innerCode !== undefined && DROPPED_CODES.has(innerCode))
  ) {
    return new DisconnectedError(
      `${label}${ctx.operation}: the connection closed before the response was complete (${why}).`,
      { ...context, ...partial(ctx.partialOutput) },
    );
  }
  return new ConnectionError(`${label}${ctx.operation} failed: ${why}`, context);
}

/** An authentication failure for a 401 or 403 answer. */
export function authError(
  status: number,
  ctx: ErrorContext & { operation: string; cause?: unknown; authType: string },
): AuthenticationError {
  const label = deviceLabel(ctx);
  const what =
    status === 403
      ? `${ctx.operation} was refused (403 Forbidden): the user lacks permission for it.`
      : ctx.authType === "none"
        ? `${ctx.operation} needs authentication (401): configure auth (basic, bearer or login).`
        : `authentication failed (401 on ${ctx.operation}). Check the username and password or token.`;
  return new AuthenticationError(`${label}${what}`, {
    deviceId: ctx.deviceId,
    host: ctx.host,
    platform: ctx.platform,
    cause: ctx.cause,
  });
}

/** Whether a failure is worth another attempt of an idempotent request. */
export function isRetryableRequestError(err: unknown): boolean {
  if (!isPatchbayError(err)) return false;
  if (isPatchbayError(err, "UNREACHABLE")) {
    const code = (err.cause as { code?: string } | undefined)?.code;
    return code !== "ENOTFOUND" && code !== "EAI_NONAME";
  }
  if (isPatchbayError(err, "TIMEOUT")) {
    const phase = (err as TimeoutError).phase;
    return phase === "connect" || phase === "headers";
  }
  if (isPatchbayError(err, "DISCONNECTED")) return true;
  if (isPatchbayError(err, "HTTP_STATUS")) return RETRY_STATUSES.has((err as HttpStatusError).status);
  return false;
}

/** Statuses that say "try again later". */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);
