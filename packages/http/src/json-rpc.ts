import { deviceLabel, type ErrorContext, maskSecrets, type OperationOptions } from "@patchbay/core";
import type { HttpConnection } from "./connection.ts";
import { HttpStatusError, InvalidResponseError, JsonRpcError, RETRY_STATUSES } from "./errors.ts";
import { excerpt, type HttpResponse } from "./response.ts";

/** Options of `JsonRpcClient`. */
export interface JsonRpcClientOptions {
  /** The endpoint. @default "/command-api" (Arista eAPI; NX-API uses "/ins") */
  path?: string | undefined;
  /** Content type of requests. @default "application/json" (NX-API wants "application/json-rpc") */
  contentType?: string | undefined;
}

/** Options of one call or batch. */
export interface JsonRpcCallOptions extends OperationOptions {
  /**
   * The call only reads, so it may be sent again after a transient failure. JSON-RPC travels as
   * POST, which is never retried unless marked. @default false
   */
  idempotent?: boolean | undefined;
}

/** One call of a batch. */
export interface JsonRpcRequest {
  method: string;
  params?: unknown;
}

/** The outcome of one call of a batch, in request order. */
export type JsonRpcOutcome<T = unknown> = { ok: true; result: T } | { ok: false; error: JsonRpcError };

interface WireResponse {
  jsonrpc?: unknown;
  id?: unknown;
  result?: unknown;
  error?: { code?: unknown; message?: unknown; data?: unknown };
}

/**
 * JSON-RPC 2.0 over an `HttpConnection` (Arista eAPI, NX-API's JSON-RPC): ids matched to requests,
 * batches, and error objects raised as `JsonRpcError`.
 */
export class JsonRpcClient {
  readonly connection: HttpConnection;
  readonly path: string;
  readonly contentType: string;
  #nextId = 1;
  readonly #headers: Record<string, string>;

  constructor(connection: HttpConnection, options: JsonRpcClientOptions = {}) {
    this.connection = connection;
    this.path = options.path ?? "/command-api";
    this.contentType = options.contentType ?? "application/json";
    this.#headers = Object.freeze({ "content-type": this.contentType, accept: "application/json" });
  }

  get #context(): ErrorContext {
    const d = this.connection.device;
    return { deviceId: d.id, host: d.host, platform: d.platform };
  }

  /** Calls `method`; returns its `result` or throws `JsonRpcError`. */
  async call<T = unknown>(method: string, params?: unknown, options: JsonRpcCallOptions = {}): Promise<T> {
    const id = this.#nextId++;
    const payload = { jsonrpc: "2.0", method, ...(params === undefined ? {} : { params }), id };
    const res = await this.#post(payload, method, options);
    const wire = this.#parse(res, method);
    if (Array.isArray(wire) || typeof wire !== "object" || wire === null) {
      throw this.#invalid(`${method}: expected one JSON-RPC response object`, res);
    }
    const item = wire as WireResponse;
    const outcome = this.#outcome<T>(item, method, res);
    if (item.id !== id && !(item.id === null && !outcome.ok)) {
      throw this.#invalid(
        `${method}: the response id ${JSON.stringify(item.id)} does not match request id ${id}`,
        res,
      );
    }
    if (!outcome.ok) throw outcome.error;
    return outcome.result;
  }

  /** Sends several calls in one request; outcomes come back in request order, matched by id. */
  async batch<T = unknown>(
    requests: readonly JsonRpcRequest[],
    options: JsonRpcCallOptions = {},
  ): Promise<JsonRpcOutcome<T>[]> {
    if (requests.length === 0) return [];
    const ids = requests.map(() => this.#nextId++);
    const payload = requests.map((r, i) => ({
      jsonrpc: "2.0",
      method: r.method,
      ...(r.params === undefined ? {} : { params: r.params }),
      id: ids[i],
    }));
    const label = `batch of ${requests.length}`;
    const res = await this.#post(payload, label, options);
    const wire = this.#parse(res, label);
    // A server may answer a batch it could not parse with one error object.
    if (!Array.isArray(wire)) {
      const outcome = this.#outcome<T>(wire as WireResponse, label, res);
      if (!outcome.ok) throw outcome.error;
      throw this.#invalid(`${label}: expected an array of responses`, res);
    }
    const byId = new Map<unknown, WireResponse>();
    for (const item of wire as WireResponse[]) byId.set(item?.id, item);
    return requests.map((r, i) => {
      const item = byId.get(ids[i]);
      if (item === undefined)
        throw this.#invalid(`${label}: no response for request id ${ids[i]} (${r.method})`, res);
      return this.#outcome<T>(item, r.method, res);
    });
  }

  /** Sends a notification (no id, no answer expected). */
  async notify(method: string, params?: unknown, options: JsonRpcCallOptions = {}): Promise<void> {
    await this.#post(
      { jsonrpc: "2.0", method, ...(params === undefined ? {} : { params }) },
      method,
      options,
    );
  }

  async #post(payload: unknown, what: string, options: JsonRpcCallOptions): Promise<HttpResponse> {
    const res = await this.connection.request({
      method: "POST",
      path: this.path,
      body: JSON.stringify(payload),
      headers: this.#headers,
      idempotent: options.idempotent ?? false,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      acceptStatus: acceptRpcStatus,
    });
    if (res.status >= 400 && !looksLikeJsonRpc(res)) {
      const ctx = this.#context;
      const shown = excerpt(res.text());
      throw new HttpStatusError(
        `${deviceLabel(ctx)}JSON-RPC ${what} failed with HTTP ${res.status}${shown ? `: ${shown}` : "."}`,
        { ...ctx, status: res.status, method: "POST", path: this.path, bodyExcerpt: shown },
      );
    }
    return res;
  }

  #parse(res: HttpResponse, what: string): unknown {
    if (res.status === 204 || res.body.length === 0) throw this.#invalid(`${what}: empty response`, res);
    try {
      return JSON.parse(res.text());
    } catch (cause) {
      throw this.#invalid(`${what}: the response is not JSON`, res, cause);
    }
  }

  #outcome<T>(item: WireResponse, method: string, res: HttpResponse): JsonRpcOutcome<T> {
    if (typeof item !== "object" || item === null || item.jsonrpc !== "2.0") {
      throw this.#invalid(`${method}: not a JSON-RPC 2.0 response`, res);
    }
    if (item.error !== undefined && item.error !== null) {
      const e = item.error;
      const code = typeof e.code === "number" ? e.code : -32603;
      const message = typeof e.message === "string" ? e.message : "unknown error";
      const ctx = this.#context;
      return {
        ok: false,
        error: new JsonRpcError(`${deviceLabel(ctx)}JSON-RPC ${method} failed: ${message} (code ${code}).`, {
          ...ctx,
          command: method,
          rpcCode: code,
          rpcMessage: message,
          data: e.data,
        }),
      };
    }
    if (!("result" in item)) throw this.#invalid(`${method}: response has neither result nor error`, res);
    return { ok: true, result: item.result as T };
  }

  #invalid(what: string, res: HttpResponse, cause?: unknown): InvalidResponseError {
    const ctx = this.#context;
    return new InvalidResponseError(
      `${deviceLabel(ctx)}${what} (HTTP ${res.status}: ${maskSecrets(excerpt(res.text(), 120), [])}).`,
      { ...ctx, cause },
    );
  }
}

/** Servers put JSON-RPC errors in 4xx/5xx bodies too; auth and "retry later" stay HTTP errors. */
function acceptRpcStatus(status: number): boolean {
  return status < 400 || (status !== 401 && status !== 403 && !RETRY_STATUSES.has(status));
}

function looksLikeJsonRpc(res: HttpResponse): boolean {
  const text = res.text();
  return /"jsonrpc"\s*:\s*"2\.0"/.test(text.slice(0, 4096));
}
