import type { Readable } from "node:stream";
import { deviceLabel, type ErrorContext } from "@patchbay/core";
import { InvalidResponseError } from "./errors.ts";

/** Response headers: lower-case names; repeated headers (Set-Cookie) are arrays. */
export type HttpHeaders = Record<string, string | string[] | undefined>;

/** A response whose body was read into memory. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: HttpHeaders;
  /** The raw body bytes. */
  readonly body: Buffer;
  /** The body as UTF-8 text. */
  text(): string;
  /** The body parsed as JSON; throws `InvalidResponseError` when it is not JSON. */
  json<T = unknown>(): T;
  /** The first value of a header, lower-case name. */
  header(name: string): string | undefined;
}

/** A response whose body is still to be read, for big bodies. */
export interface HttpStreamResponse extends AsyncDisposable {
  readonly status: number;
  readonly headers: HttpHeaders;
  /**
   * The body stream. Reading stops with a typed error on `bodyTimeoutMs` of silence or on the
   * caller's signal. Consume it or call `dispose()`, or the socket stays busy.
   */
  readonly body: Readable;
  /** Discards the rest of the body. */
  dispose(): Promise<void>;
}

export function firstHeader(headers: HttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The in-memory response. */
export class BufferedResponse implements HttpResponse {
  readonly status: number;
  readonly headers: HttpHeaders;
  readonly body: Buffer;
  readonly #context: ErrorContext & { operation: string };
  #text: string | undefined;

  constructor(
    status: number,
    headers: HttpHeaders,
    body: Buffer,
    context: ErrorContext & { operation: string },
  ) {
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.#context = context;
  }

  text(): string {
    this.#text ??= this.body.toString("utf8");
    return this.#text;
  }

  json<T = unknown>(): T {
    const text = this.text();
    try {
      return JSON.parse(text) as T;
    } catch (cause) {
      const c = this.#context;
      throw new InvalidResponseError(
        `${deviceLabel(c)}${c.operation} answered ${this.status} with a body that is not JSON: ${excerpt(text, 120)}`,
        { deviceId: c.deviceId, host: c.host, platform: c.platform, command: c.command, cause },
      );
    }
  }

  header(name: string): string | undefined {
    return firstHeader(this.headers, name.toLowerCase());
  }
}

/** The first `max` characters of `text` on one line, with an ellipsis when cut. */
export function excerpt(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
