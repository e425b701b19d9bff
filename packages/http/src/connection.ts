import type { Readable } from "node:stream";
import {
  BaseConnection,
  createDeadline,
  type Device,
  deviceLabel,
  type ErrorContext,
  isPatchbayError,
  type Logger,
  maskSecrets,
  type OperationOptions,
  redactingLogger,
  silentLogger,
} from "@patchbay/core";
import type { Dispatcher, Pool } from "undici";
import {
  authError,
  HttpStatusError,
  isRetryableRequestError,
  mapRequestError,
  ResponseTooLargeError,
} from "./errors.ts";
import { cookieValues } from "./internal/cookies.ts";
import { builtInLogin } from "./internal/login.ts";
import { type QueryValue, queryString } from "./internal/query.ts";
import { RequestDeadline } from "./internal/request-deadline.ts";
import { retryAfterMs, retryDelay } from "./internal/retry.ts";
import {
  BufferedResponse,
  excerpt,
  firstHeader,
  type HttpHeaders,
  type HttpResponse,
  type HttpStreamResponse,
} from "./response.ts";
import {
  type AuthHeaders,
  type HttpLoginAuth,
  type HttpOptions,
  httpSecrets,
  type LoginContext,
  type ResolvedHttpOptions,
  resolveHttpOptions,
} from "./settings.ts";

type Undici = typeof import("undici");

/** HTTP methods. */
export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";

const IDEMPOTENT: ReadonlySet<string> = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);

/** One request. */
export interface HttpRequestOptions extends OperationOptions {
  /** @default "GET", or "POST" when a body is given */
  method?: HttpMethod | undefined;
  /** Path relative to `basePath`, starting with `/`. */
  path: string;
  /** Send `path` as it is, without `basePath` (for `/.well-known/...`). @default false */
  ignoreBasePath?: boolean | undefined;
  /** Query parameters, percent-encoded. */
  query?: Readonly<Record<string, QueryValue>> | undefined;
  /** Extra headers; they win over the connection's. */
  headers?: Record<string, string> | undefined;
  /** Raw body. */
  body?: string | Buffer | Uint8Array | undefined;
  /** A value sent as JSON (sets content-type unless `headers` does). */
  json?: unknown;
  /**
   * Whether the request may be sent again after a transient failure. GET, HEAD, PUT, DELETE and
   * OPTIONS are; POST and PATCH only when marked (a JSON-RPC call that only reads, for example).
   */
  idempotent?: boolean | undefined;
  /** Extra attempts for this request. @default the connection's `retries` */
  retries?: number | undefined;
  /**
   * Statuses returned instead of thrown. By default 2xx and 3xx are returned, 401/403 throw
   * `AuthenticationError`, and other 4xx/5xx throw `HttpStatusError`.
   */
  acceptStatus?: ((status: number) => boolean) | undefined;
}

/** Constructor input of `HttpConnection`. */
export interface HttpConnectionInit {
  device: Device;
  /** Overrides `device.data.http` and the defaults. */
  options?: HttpOptions | undefined;
  /** Entries are redacted (password, token, cookies) before they reach it. @default silentLogger */
  logger?: Logger | undefined;
}

interface Attempt {
  status: number;
  headers: HttpHeaders;
  body: Dispatcher.ResponseData["body"];
}

const EXCERPT_BYTES = 2048;

/**
 * A connection to one device's HTTP(S) API over an undici `Pool`: TLS verified by default, basic,
 * bearer or login authentication (re-run once on 401), connect/headers/body timeouts, jittered
 * retries of idempotent requests, and typed errors.
 */
export class HttpConnection extends BaseConnection<Pool, Undici> {
  /** The merged options this connection uses. */
  readonly options: ResolvedHttpOptions;
  /** Grows when a login yields a token or cookie; the logger masks every entry. */
  readonly #secrets: string[];
  #baseHeaders: Record<string, string>;
  #login: Promise<void> | undefined;
  #loginGeneration = 0;
  #contextCache: ErrorContext | undefined;
  /** Merged headers for frozen per-client header objects (JSON-RPC): a frozen object cannot go stale. */
  #merged = new WeakMap<object, { base: Record<string, string>; headers: Record<string, string> }>();

  constructor(init: HttpConnectionInit) {
    const options = resolveHttpOptions(init.device, init.options);
    const secrets = [
      ...new Set([...httpSecrets(options), ...(init.device.password ? [init.device.password] : [])]),
    ];
    super({
      device: init.device,
      library: "undici",
      logger: redactingLogger(init.logger ?? silentLogger, secrets).child({ deviceId: init.device.id }),
    });
    this.options = options;
    this.#secrets = secrets;
    this.#baseHeaders = { ...lowerKeys(options.headers), ...this.#staticAuthHeaders() };
  }

  protected async loadLibrary(): Promise<Undici> {
    const mod = (await import("undici")) as Undici & { default?: Undici };
    return mod.default ?? mod;
  }

  /** Made once: it is attached to every error and response. Never mutated. */
  get #context(): ErrorContext {
    this.#contextCache ??= Object.freeze({
      deviceId: this.device.id,
      host: this.device.host,
      platform: this.device.platform,
    });
    return this.#contextCache;
  }

  #staticAuthHeaders(): Record<string, string> {
    const { auth, username, password } = this.options;
    if (auth.type === "basic") {
      const token = Buffer.from(`${username ?? ""}:${password ?? ""}`).toString("base64");
      this.#secrets.push(token);
      return { authorization: `Basic ${token}` };
    }
    if (auth.type === "bearer") return { authorization: `Bearer ${auth.token}` };
    return {};
  }

  protected async open(lib: Undici, options: OperationOptions): Promise<Pool> {
    const o = this.options;
    if (!o.tls.verify && o.scheme === "https") {
      this.logger.warn(
        { host: o.host, port: o.port },
        "TLS certificate verification is off (tls.verify: false); the device's identity is not checked",
      );
    }
    const pool = new lib.Pool(o.origin, {
      connections: o.connections,
      connect: {
        timeout: o.connectTimeoutMs,
        rejectUnauthorized: o.tls.verify,
        ...(o.tls.ca === undefined ? {} : { ca: o.tls.ca as string | Buffer | (string | Buffer)[] }),
        ...(o.tls.cert === undefined ? {} : { cert: o.tls.cert }),
        ...(o.tls.key === undefined ? {} : { key: o.tls.key }),
        ...(o.tls.passphrase === undefined ? {} : { passphrase: o.tls.passphrase }),
        ...(o.tls.servername === undefined ? {} : { servername: o.tls.servername }),
        noDelay: true,
      },
      headersTimeout: o.headersTimeoutMs,
      bodyTimeout: o.bodyTimeoutMs,
    });
    // A pool error outside a request (a socket dying while idle) must not crash the process.
    pool.on("connectionError", (_origin, _targets, err) => this.logger.debug({ err }, "connection error"));
    if (o.auth.type === "login") {
      const deadline = createDeadline({
        ...this.#context,
        operation: "login",
        timeoutMs: options.timeoutMs,
        signal: options.signal,
        defaultTimeoutMs: o.requestTimeoutMs,
      });
      try {
        await this.#runLogin(pool, deadline.signal, -1);
      } catch (err) {
        await pool.destroy().catch(() => {});
        throw err;
      } finally {
        deadline.dispose();
      }
    }
    this.logger.debug({ origin: o.origin }, "HTTP connection ready");
    return pool;
  }

  protected async close(raw: Pool): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    // A request stuck on a silent device must not hold disconnect() forever.
    const forced = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        raw.destroy().then(resolve, resolve);
      }, 2_000);
    });
    await Promise.race([raw.close(), forced]);
    clearTimeout(timer);
  }

  protected override probe(raw: Pool): boolean {
    return !raw.closed && !raw.destroyed;
  }

  /** The full path sent for `path` (with `basePath` and the query string). */
  url(path: string, query?: Readonly<Record<string, QueryValue>>): string {
    return `${this.options.basePath}${path.startsWith("/") ? path : `/${path}`}${queryString(query)}`;
  }

  /**
   * Sends a request and reads the whole body (at most `maxBodyBytes`). Retries idempotent requests
   * after transient failures; re-runs the login once on 401. `timeoutMs` covers everything,
   * retries included (default `requestTimeoutMs`).
   */
  async request(options: HttpRequestOptions): Promise<HttpResponse> {
    return this.#run(options, false) as Promise<HttpResponse>;
  }

  /**
   * Like `request`, but returns once the headers arrive, with the body as a stream. `timeoutMs`
   * covers the wait for the headers; the body is limited by `bodyTimeoutMs` between chunks and by
   * the caller's `signal`. Error statuses are still thrown (their body is read for the excerpt).
   */
  async requestStream(options: HttpRequestOptions): Promise<HttpStreamResponse> {
    return this.#run(options, true) as Promise<HttpStreamResponse>;
  }

  async #run(options: HttpRequestOptions, stream: boolean): Promise<HttpResponse | HttpStreamResponse> {
    const pool = this.requireRaw();
    const hasBody = options.body !== undefined || options.json !== undefined;
    const method = options.method ?? (hasBody ? "POST" : "GET");
    const path = options.ignoreBasePath ? options.path : this.url(options.path);
    const fullPath = options.query === undefined ? path : `${path}${queryString(options.query)}`;
    const operation = `${method} ${path}`;
    const body = options.json !== undefined ? JSON.stringify(options.json) : options.body;
    const extra = options.headers;
    const contentType =
      options.json !== undefined && !hasHeader(extra, "content-type") ? "application/json" : undefined;
    const idempotent = options.idempotent ?? IDEMPOTENT.has(method);
    const retries = idempotent ? (options.retries ?? this.options.retries) : 0;
    const context = this.#context;
    const deadline = new RequestDeadline(
      context,
      operation,
      options.timeoutMs ?? this.options.requestTimeoutMs,
      options.signal,
    );
    let handedOver = false;
    try {
      let reauthenticated = false;
      for (let attempt = 0; ; attempt++) {
        try {
          const generation = this.#loginGeneration;
          const headers = this.#headers(extra, contentType);
          const res = await this.#send(pool, method, fullPath, headers, body, deadline, operation);
          if (res.status === 401 && this.options.auth.type === "login" && !reauthenticated) {
            // The session expired: log in again once and resend (the device did not run the request).
            reauthenticated = true;
            res.body.resume();
            this.logger.info({ operation }, "401: logging in again");
            await this.#runLogin(pool, deadline.toAbortSignal(), generation);
            attempt--;
            continue;
          }
          const accepted = options.acceptStatus?.(res.status) ?? res.status < 400;
          if (!accepted) throw await this.#statusError(res, method, path, operation, deadline);
          if (stream) {
            handedOver = true;
            return this.#streamResponse(res, deadline);
          }
          const bytes = await this.#readAll(res, operation, deadline);
          return new BufferedResponse(res.status, res.headers, bytes, { ...context, operation });
        } catch (err) {
          if (deadline.aborted) throw deadline.reason;
          const typed = this.#typed(err, operation);
          if (attempt >= retries || !isRetryableRequestError(typed)) throw typed;
          const after = isPatchbayError(typed, "HTTP_STATUS")
            ? (typed as HttpStatusError).retryAfterMs
            : undefined;
          const delay =
            after ?? retryDelay(attempt + 1, this.options.retryMinDelayMs, this.options.retryMaxDelayMs);
          this.logger.info(
            { err: typed, attempt: attempt + 1, delayMs: delay, operation },
            "request failed; retrying",
          );
          await deadline.sleep(delay);
        }
      }
    } finally {
      if (!handedOver) deadline.dispose();
    }
  }

  #typed(err: unknown, operation: string, partialOutput?: string): unknown {
    if (isPatchbayError(err)) return err;
    return mapRequestError(err, {
      ...this.#context,
      partialOutput,
      secrets: this.#secrets,
      operation,
      connectTimeoutMs: this.options.connectTimeoutMs,
      headersTimeoutMs: this.options.headersTimeoutMs,
      bodyTimeoutMs: this.options.bodyTimeoutMs,
      verify: this.options.tls.verify,
    });
  }

  #headers(
    given: Record<string, string> | undefined,
    contentType: string | undefined,
  ): Record<string, string> {
    if (given === undefined && contentType === undefined) return this.#baseHeaders;
    const cacheable = given !== undefined && contentType === undefined && Object.isFrozen(given);
    if (cacheable) {
      const hit = this.#merged.get(given);
      if (hit !== undefined && hit.base === this.#baseHeaders) return hit.headers;
    }
    const h = { ...this.#baseHeaders };
    if (contentType !== undefined) h["content-type"] = contentType;
    if (given !== undefined) for (const [k, v] of Object.entries(given)) h[k.toLowerCase()] = v;
    if (cacheable) this.#merged.set(given, { base: this.#baseHeaders, headers: h });
    return h;
  }

  async #send(
    pool: Pool,
    method: string,
    path: string,
    headers: Record<string, string>,
    body: string | Buffer | Uint8Array | undefined,
    signal: AbortSignal | RequestDeadline,
    operation: string,
  ): Promise<Attempt> {
    let res: Dispatcher.ResponseData;
    try {
      res = await pool.request({ method: method as Dispatcher.HttpMethod, path, headers, body, signal });
    } catch (err) {
      if (signal.aborted) throw signal.reason;
      throw this.#typed(err, operation);
    }
    return {
      status: res.statusCode,
      headers: res.headers as HttpHeaders,
      body: res.body,
    };
  }

  async #readAll(
    res: Attempt,
    operation: string,
    deadline: RequestDeadline | undefined,
    limit = this.options.maxBodyBytes,
  ): Promise<Buffer> {
    const body = res.body;
    const declared = Number(firstHeader(res.headers, "content-length") ?? Number.NaN);
    // What arrived so far, for the error when the body fails midway (timeouts, drops).
    const chunks: Buffer[] = [];
    let size = 0;
    const received = (): string | undefined =>
      size === 0 ? undefined : maskSecrets(Buffer.concat(chunks, size).toString("utf8"), this.#secrets);
    if (deadline) deadline.partialOutput = received;
    try {
      if (declared <= limit) {
        // The common case: a known, allowed size; undici's own reader is the fastest way to it. The
        // listener only keeps references to the chunks it reads (added after it started, as undici wants).
        const reading = body.bytes();
        body.on("data", (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
        });
        const bytes = await reading;
        return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      }
      for await (const chunk of body) {
        size += (chunk as Buffer).length;
        if (size > limit) {
          body.destroy();
          throw new ResponseTooLargeError(
            `${deviceLabel(this.#context)}${operation}: the response body exceeds ${limit} bytes (maxBodyBytes). Read it with requestStream().`,
            this.#context,
          );
        }
        chunks.push(chunk as Buffer);
      }
      return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
    } catch (err) {
      throw this.#typed(err, operation, received());
    } finally {
      if (deadline) deadline.partialOutput = undefined;
    }
  }

  async #statusError(
    res: Attempt,
    method: string,
    path: string,
    operation: string,
    deadline: RequestDeadline,
  ): Promise<Error> {
    const prefix: Buffer[] = [];
    try {
      await this.#readPrefix(res.body, EXCERPT_BYTES, prefix);
    } catch {
      // The body failed midway: the excerpt is what arrived; the status says the rest.
    }
    const text = Buffer.concat(prefix).subarray(0, EXCERPT_BYTES).toString("utf8");
    deadline.throwIfDone();
    if (res.status === 401 || res.status === 403) {
      return authError(res.status, { ...this.#context, operation, authType: this.options.auth.type });
    }
    const shown = maskSecrets(excerpt(text), this.#secrets);
    return new HttpStatusError(
      `${deviceLabel(this.#context)}${operation} failed with HTTP ${res.status}${shown ? `: ${shown}` : "."}`,
      {
        ...this.#context,
        status: res.status,
        method,
        path,
        bodyExcerpt: shown,
        retryAfterMs: retryAfterMs(firstHeader(res.headers, "retry-after"), this.options.retryMaxDelayMs),
      },
    );
  }

  /** Keeps the first `max` bytes (or more, in whole chunks) in `into` and discards the rest. */
  async #readPrefix(body: Readable, max: number, into: Buffer[]): Promise<void> {
    let size = 0;
    for await (const chunk of body) {
      if (size < max) {
        into.push(chunk as Buffer);
        size += (chunk as Buffer).length;
      }
    }
  }

  #streamResponse(res: Attempt, deadline: RequestDeadline): HttpStreamResponse {
    // The headers are in: the request's time limit is over, the caller's signal still stops the body.
    deadline.stopTimer();
    const body = res.body as unknown as Readable;
    body.once("close", () => deadline.dispose());
    const dispose = async (): Promise<void> => {
      if (body.destroyed || body.readableEnded) return;
      body.destroy();
    };
    return { status: res.status, headers: res.headers, body, dispose, [Symbol.asyncDispose]: dispose };
  }

  // ---- login ----

  /** Runs the login unless another request already refreshed it since `generation`. */
  #runLogin(pool: Pool, signal: AbortSignal, generation: number): Promise<void> {
    if (generation !== -1 && generation !== this.#loginGeneration) return Promise.resolve();
    this.#login ??= this.#performLogin(pool, signal).finally(() => {
      this.#login = undefined;
    });
    return this.#login;
  }

  async #performLogin(pool: Pool, signal: AbortSignal): Promise<void> {
    const auth = this.options.auth as HttpLoginAuth;
    const { username, password } = this.options;
    const plain = lowerKeys(this.options.headers);
    const context: LoginContext = {
      username,
      password,
      signal,
      request: async (r) => {
        const operation = `${r.method} ${this.url(r.path)}`;
        const res = await this.#send(
          pool,
          r.method,
          this.url(r.path),
          { ...plain, ...lowerKeys(r.headers ?? {}) },
          r.body,
          signal,
          operation,
        );
        const text = (await this.#readAll(res, operation, undefined, 1024 * 1024)).toString("utf8");
        return { status: res.status, headers: res.headers, text };
      },
    };
    let headers: AuthHeaders;
    if (auth.perform) headers = await auth.perform(context);
    else
      headers = await builtInLogin(auth, context, {
        context: this.#context,
        secrets: this.#secrets,
        url: (p) => this.url(p),
      });
    for (const value of Object.values(headers)) {
      this.#secrets.push(value, ...cookieValues(value), value.replace(/^\S+\s+/, ""));
    }
    this.#baseHeaders = { ...lowerKeys(this.options.headers), ...lowerKeys(headers) };
    this.#loginGeneration++;
    this.logger.debug({ headers: Object.keys(headers) }, "logged in");
  }
}

function hasHeader(headers: Record<string, string> | undefined, name: string): boolean {
  return headers !== undefined && Object.keys(headers).some((k) => k.toLowerCase() === name);
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}
