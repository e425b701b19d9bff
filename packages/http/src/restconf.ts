import { deviceLabel, type ErrorContext, type OperationOptions } from "@patchbay/core";
import type { HttpConnection, HttpMethod } from "./connection.ts";
import {
  HttpStatusError,
  InvalidResponseError,
  RETRY_STATUSES,
  RestconfError,
  type RestconfErrorEntry,
} from "./errors.ts";
import type { QueryValue } from "./internal/query.ts";
import { excerpt, type HttpResponse } from "./response.ts";

/** The RESTCONF media type for JSON (RFC 8040 section 11.3.2). */
export const YANG_DATA_JSON = "application/yang-data+json";

/** Options of `RestconfClient`. */
export interface RestconfClientOptions {
  /** The RESTCONF root, for example `/restconf`; when unset it is discovered through host-meta. */
  root?: string | undefined;
}

/** Query parameters of a read (RFC 8040 section 4.8). */
export interface RestconfReadOptions extends OperationOptions {
  /** How many levels of children to return. */
  depth?: number | "unbounded" | undefined;
  /** Which fields to return, in RFC 8040 syntax, for example `name;description`. */
  fields?: string | undefined;
  /** Configuration, state, or both. @default "all" (the server's default) */
  content?: "config" | "nonconfig" | "all" | undefined;
  /** How default values are reported. */
  withDefaults?: "report-all" | "trim" | "explicit" | "report-all-tagged" | undefined;
}

/** Options of a write. */
export interface RestconfWriteOptions extends OperationOptions {
  /** Retry after transient failures (PUT and DELETE are retried by default; POST and PATCH are not). */
  idempotent?: boolean | undefined;
}

/** Percent-encodes list key values for a data path: `interface=${restconfKey("Ethernet1/1")}`. */
export function restconfKey(...values: readonly (string | number)[]): string {
  return values.map((v) => encodeURIComponent(String(v))).join(",");
}

/**
 * RESTCONF (RFC 8040) over an `HttpConnection`: root discovery through `/.well-known/host-meta`,
 * data resources under `{root}/data` in `application/yang-data+json`, and `ietf-restconf:errors`
 * raised as `RestconfError` (error-type, error-tag, error-path, error-message).
 */
export class RestconfClient {
  readonly connection: HttpConnection;
  #root: string | undefined;
  #discovering: Promise<string> | undefined;

  constructor(connection: HttpConnection, options: RestconfClientOptions = {}) {
    this.connection = connection;
    this.#root = options.root?.replace(/\/+$/, "");
  }

  get #context(): ErrorContext {
    const d = this.connection.device;
    return { deviceId: d.id, host: d.host, platform: d.platform };
  }

  /** The RESTCONF root (`/restconf`), from the options or discovered once through host-meta. */
  async root(options: OperationOptions = {}): Promise<string> {
    if (this.#root !== undefined) return this.#root;
    this.#discovering ??= this.#discover(options).finally(() => {
      this.#discovering = undefined;
    });
    return this.#discovering;
  }

  async #discover(options: OperationOptions): Promise<string> {
    const res = await this.connection.request({
      path: "/.well-known/host-meta",
      ignoreBasePath: true,
      headers: { accept: "application/xrd+xml" },
      timeoutMs: options.timeoutMs,
      signal: options.signal,
    });
    const text = res.text();
    const link = /<Link\b[^>]*\brel\s*=\s*["']restconf["'][^>]*>/i.exec(text)?.[0];
    const href = link && /\bhref\s*=\s*["']([^"']+)["']/i.exec(link)?.[1];
    if (!href) {
      const ctx = this.#context;
      throw new InvalidResponseError(
        `${deviceLabel(ctx)}/.well-known/host-meta has no restconf link (${excerpt(text, 120)}). Pass { root } if the device does not publish it.`,
        ctx,
      );
    }
    let root = href;
    if (/^https?:\/\//i.test(root)) root = new URL(root).pathname;
    root = root.replace(/\/+$/, "");
    // Paths below are relative to basePath; a root that already includes it must not repeat it.
    const base = this.connection.options.basePath;
    if (base !== "" && root.startsWith(base)) root = root.slice(base.length);
    this.#root = root;
    return root;
  }

  async #dataPath(path: string, options: OperationOptions): Promise<string> {
    const root = await this.root(options);
    const rel = path.replace(/^\/+/, "");
    return rel === "" ? `${root}/data` : `${root}/data/${rel}`;
  }

  /** Reads a data resource (`ietf-interfaces:interfaces/interface=Ethernet1`); returns the parsed JSON. */
  async get<T = Record<string, unknown>>(path: string, options: RestconfReadOptions = {}): Promise<T> {
    const query: Record<string, QueryValue> = {
      depth: options.depth,
      fields: options.fields,
      content: options.content,
      "with-defaults": options.withDefaults,
    };
    const res = await this.#send("GET", await this.#dataPath(path, options), undefined, options, query);
    return res.json<T>();
  }

  /** Creates or replaces the resource. Returns whether it was created (201) rather than replaced (204). */
  async put(path: string, body: unknown, options: RestconfWriteOptions = {}): Promise<{ created: boolean }> {
    const res = await this.#send("PUT", await this.#dataPath(path, options), body, options);
    return { created: res.status === 201 };
  }

  /** Merges `body` into the resource (plain PATCH, RFC 8040 section 4.6.1). */
  async patch(path: string, body: unknown, options: RestconfWriteOptions = {}): Promise<void> {
    await this.#send("PATCH", await this.#dataPath(path, options), body, options);
  }

  /** Creates a child of the resource. Returns the new resource's Location, when the device sends it. */
  async post(
    path: string,
    body: unknown,
    options: RestconfWriteOptions = {},
  ): Promise<{ location: string | undefined }> {
    const res = await this.#send("POST", await this.#dataPath(path, options), body, options);
    return { location: res.header("location") };
  }

  /** Deletes the resource. */
  async delete(path: string, options: RestconfWriteOptions = {}): Promise<void> {
    await this.#send("DELETE", await this.#dataPath(path, options), undefined, options);
  }

  async #send(
    method: HttpMethod,
    path: string,
    body: unknown,
    options: RestconfWriteOptions,
    query?: Record<string, QueryValue>,
  ): Promise<HttpResponse> {
    const res = await this.connection.request({
      method,
      path,
      ...(query === undefined ? {} : { query }),
      headers: {
        accept: YANG_DATA_JSON,
        ...(body === undefined ? {} : { "content-type": YANG_DATA_JSON }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(options.idempotent === undefined ? {} : { idempotent: options.idempotent }),
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      acceptStatus: (s) => s < 400 || (s !== 401 && s !== 403 && !RETRY_STATUSES.has(s)),
    });
    if (res.status >= 400) throw this.#error(res, method, path);
    return res;
  }

  #error(res: HttpResponse, method: string, path: string): Error {
    const ctx = this.#context;
    const shown = excerpt(res.text());
    const entries = parseRestconfErrors(res.text());
    const base = { ...ctx, status: res.status, method, path, bodyExcerpt: shown };
    if (entries.length === 0) {
      return new HttpStatusError(
        `${deviceLabel(ctx)}${method} ${path} failed with HTTP ${res.status}${shown ? `: ${shown}` : "."}`,
        base,
      );
    }
    const first = entries[0] as RestconfErrorEntry;
    const where = first.errorPath ? ` at ${first.errorPath}` : "";
    const what = first.errorMessage ? `: ${first.errorMessage}` : "";
    return new RestconfError(
      `${deviceLabel(ctx)}${method} ${path} failed with HTTP ${res.status} (${first.errorType} ${first.errorTag}${where})${what}`,
      { ...base, errors: entries },
    );
  }
}

/** The entries of an `ietf-restconf:errors` JSON body; empty when the body is not one. */
export function parseRestconfErrors(text: string): RestconfErrorEntry[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return [];
  }
  const errors = (doc as Record<string, unknown> | null)?.["ietf-restconf:errors"] as
    | { error?: unknown }
    | undefined;
  const list = errors?.error;
  if (!Array.isArray(list)) return [];
  return list
    .filter((e): e is Record<string, unknown> => typeof e === "object" && e !== null)
    .map((e) => {
      const entry: RestconfErrorEntry = {
        errorType: String(e["error-type"] ?? "protocol"),
        errorTag: String(e["error-tag"] ?? "operation-failed"),
      };
      if (e["error-app-tag"] !== undefined) entry.errorAppTag = String(e["error-app-tag"]);
      if (e["error-path"] !== undefined) entry.errorPath = String(e["error-path"]);
      if (e["error-message"] !== undefined) entry.errorMessage = String(e["error-message"]);
      if (e["error-info"] !== undefined) entry.errorInfo = e["error-info"];
      return entry;
    });
}
