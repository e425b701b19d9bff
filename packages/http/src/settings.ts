import {
  ConnectionValidationError,
  type ConnectorSettings,
  type Device,
  defineConnectorSettings,
  type SettingSpec,
} from "@patchbay/core";
import { z } from "zod";

/** `http` or `https`. */
export type HttpScheme = "https" | "http";

/** TLS settings. Verification is on unless `verify: false` is set explicitly. */
export interface HttpTlsOptions {
  /** Verify the server's certificate and name. Turning it off is logged as a warning. @default true */
  verify?: boolean | undefined;
  /** CA certificate(s), PEM, trusted instead of the system's list (for self-signed device certificates). */
  ca?: string | Buffer | readonly (string | Buffer)[] | undefined;
  /** Client certificate, PEM, for mutual TLS. */
  cert?: string | Buffer | undefined;
  /** Client private key, PEM. Secret. */
  key?: string | Buffer | undefined;
  /** Passphrase of an encrypted client key. Secret. */
  passphrase?: string | undefined;
  /** The name to verify the certificate against (and send as SNI). @default the device's host */
  servername?: string | undefined;
}

/** Headers a login adds to every later request (a bearer token, a cookie). */
export type AuthHeaders = Record<string, string>;

/** What a custom login function gets. */
export interface LoginContext {
  username: string | undefined;
  password: string | undefined;
  /** Sends a request without authentication; throws typed errors. */
  request(options: {
    method: string;
    path: string;
    headers?: Record<string, string>;
    body?: string;
  }): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }>;
  signal: AbortSignal;
}

/** A login request that yields a token or a cookie. */
export interface HttpLoginAuth {
  type: "login";
  /** The login endpoint, relative to `basePath`, for example `/login`. */
  path: string;
  /** @default "POST" */
  method?: "POST" | "GET" | undefined;
  /** How the credentials are sent. @default "json" */
  format?: "json" | "form" | undefined;
  /** @default "username" */
  usernameField?: string | undefined;
  /** @default "password" */
  passwordField?: string | undefined;
  /** The JSON field of the answer holding a token (dotted path). Without it, cookies from Set-Cookie are used. */
  tokenField?: string | undefined;
  /** Header that carries the token. @default "authorization" */
  tokenHeader?: string | undefined;
  /** Text put before the token. @default "Bearer " */
  tokenPrefix?: string | undefined;
  /** Replaces the built-in login: returns the headers to send with every request. */
  perform?: ((context: LoginContext) => Promise<AuthHeaders>) | undefined;
}

/** How requests authenticate. With credentials on the device and no `auth`, basic is used. */
export type HttpAuth =
  | { type: "none" }
  | { type: "basic"; username?: string | undefined; password?: string | undefined }
  | { type: "bearer"; token: string }
  | HttpLoginAuth;

/** Options of `HttpConnection`; also read from `device.data.http` (code options win). */
export interface HttpOptions {
  /** @default "https" */
  scheme?: HttpScheme | undefined;
  /**
   * Allow basic credentials over plain `http` (they cross the network readable by anyone on the
   * path). Without it, basic auth over `http` is refused before anything is sent. @default false
   */
  allowInsecureBasicAuth?: boolean | undefined;
  /** @default `device.port`, else 443 for https and 80 for http */
  port?: number | undefined;
  /** Prefix of every request path, for example `/api/v1`. @default "" */
  basePath?: string | undefined;
  tls?: HttpTlsOptions | undefined;
  auth?: HttpAuth | undefined;
  /** Headers sent with every request. */
  headers?: Record<string, string> | undefined;
  /** Time to open the TCP connection and finish the TLS handshake. @default 10000 */
  connectTimeoutMs?: number | undefined;
  /** Time from sending a request to receiving the response headers. @default 30000 */
  headersTimeoutMs?: number | undefined;
  /** Longest pause between two chunks of a response body. @default 30000 */
  bodyTimeoutMs?: number | undefined;
  /** Default limit of a whole request (retries included) when the call gives no `timeoutMs`. @default 60000 */
  requestTimeoutMs?: number | undefined;
  /** Extra attempts of idempotent requests after a dropped connection, a connect timeout or 429/502/503/504. @default 2 */
  retries?: number | undefined;
  /** Smallest jittered delay before a retry. @default 100 */
  retryMinDelayMs?: number | undefined;
  /** Largest delay before a retry (also caps Retry-After). @default 2000 */
  retryMaxDelayMs?: number | undefined;
  /** Most sockets open to the device at once. @default 8 */
  connections?: number | undefined;
  /** Largest body `request()` reads into memory; use `requestStream()` for more. @default 67108864 */
  maxBodyBytes?: number | undefined;
}

/** Options after merging code options over `device.data.http` over the defaults. */
export interface ResolvedHttpOptions {
  scheme: HttpScheme;
  allowInsecureBasicAuth: boolean;
  host: string;
  port: number;
  /** `https://host:port`. */
  origin: string;
  basePath: string;
  tls: HttpTlsOptions & { verify: boolean };
  auth: HttpAuth;
  username: string | undefined;
  password: string | undefined;
  headers: Record<string, string>;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  requestTimeoutMs: number;
  retries: number;
  retryMinDelayMs: number;
  retryMaxDelayMs: number;
  connections: number;
  maxBodyBytes: number;
}

const ms = (description: string, dflt: number): SettingSpec =>
  ({ schema: z.number().int().min(0), description, default: dflt }) as SettingSpec;
const pem = z.string().min(1);

const keys = {
  scheme: {
    schema: z.enum(["https", "http"]),
    description: "URL scheme; plain http only for lab devices.",
    default: "https" as const,
  },
  allowInsecureBasicAuth: {
    schema: z.boolean(),
    description:
      "Allow basic credentials over plain http (readable on the wire); refused otherwise. For lab devices only.",
    default: false,
  },
  port: {
    schema: z.number().int().min(1).max(65535),
    description: "TCP port; defaults to the device's port, else 443 (https) or 80 (http).",
  },
  basePath: {
    schema: z.string().regex(/^(\/[^?#]*)?$/, "must be empty or start with /"),
    description: "Prefix of every request path, for example /api/v1.",
    default: "",
  },
  tls: {
    schema: z.strictObject({
      verify: z.boolean().default(true),
      ca: z.union([pem, z.array(pem)]).optional(),
      cert: pem.optional(),
      key: pem.optional(),
      passphrase: z.string().optional(),
      servername: z.string().min(1).optional(),
    }),
    description: "TLS: verify (default true), ca, cert, key, passphrase, servername.",
    default: { verify: true },
  },
  auth: {
    schema: z.discriminatedUnion("type", [
      z.strictObject({ type: z.literal("none") }),
      z.strictObject({
        type: z.literal("basic"),
        username: z.string().optional(),
        password: z.string().optional(),
      }),
      z.strictObject({ type: z.literal("bearer"), token: z.string().min(1) }),
      z.strictObject({
        type: z.literal("login"),
        path: z.string().startsWith("/"),
        method: z.enum(["POST", "GET"]).optional(),
        format: z.enum(["json", "form"]).optional(),
        usernameField: z.string().optional(),
        passwordField: z.string().optional(),
        tokenField: z.string().optional(),
        tokenHeader: z.string().optional(),
        tokenPrefix: z.string().optional(),
      }),
    ]),
    description:
      "Authentication: none, basic, bearer (token) or login (a request that yields a token or cookie).",
    secret: true,
  },
  headers: {
    schema: z.record(z.string(), z.string()),
    description: "Headers sent with every request.",
  },
  connectTimeoutMs: ms("Time to open the TCP connection and finish the TLS handshake.", 10_000),
  headersTimeoutMs: ms("Time from sending a request to receiving the response headers.", 30_000),
  bodyTimeoutMs: ms("Longest pause between two chunks of a response body.", 30_000),
  requestTimeoutMs: ms("Default limit of a whole request, retries included.", 60_000),
  retries: ms("Extra attempts of idempotent requests after transient failures.", 2),
  retryMinDelayMs: ms("Smallest jittered delay before a retry.", 100),
  retryMaxDelayMs: ms("Largest delay before a retry.", 2_000),
  connections: {
    schema: z.number().int().min(1),
    description: "Most sockets open to the device at once.",
    default: 8,
  },
  maxBodyBytes: ms("Largest body request() reads into memory.", 64 * 1024 * 1024),
} satisfies Record<string, SettingSpec>;

/** The settings read from `device.data.http`, with descriptions and defaults (docs, JSON Schema). */
export const httpSettings: ConnectorSettings = defineConnectorSettings("http", keys);

/**
 * Merges code options over `device.data.http` over the defaults. Throws `ConnectorDataError`
 * listing every bad key of `device.data.http`.
 */
export function resolveHttpOptions(
  device: Pick<Device, "id" | "host" | "port" | "username" | "password" | "platform" | "data">,
  options: HttpOptions = {},
): ResolvedHttpOptions {
  const data = httpSettings.parse(device.data.http, {
    deviceId: device.id,
    host: device.host,
    platform: device.platform,
  }) as unknown as Required<HttpOptions> & { tls: HttpTlsOptions & { verify: boolean } };
  const pick = <K extends keyof HttpOptions>(key: K): HttpOptions[K] => options[key] ?? data[key];
  const scheme = pick("scheme") ?? "https";
  const port = pick("port") ?? device.port ?? (scheme === "https" ? 443 : 80);
  const username = device.username;
  const password = device.password;
  const explicitAuth = pick("auth");
  const auth: HttpAuth =
    explicitAuth ?? (username !== undefined && password !== undefined ? { type: "basic" } : { type: "none" });
  const allowInsecureBasicAuth = pick("allowInsecureBasicAuth") ?? false;
  if (scheme === "http" && auth.type === "basic" && !allowInsecureBasicAuth) {
    throw new ConnectionValidationError({
      deviceId: device.id,
      host: device.host,
      platform: device.platform,
      invalidFields: [
        {
          field: "data.http.scheme",
          reason:
            'is "http" with basic authentication, which would send the username and password in clear text; use https, or on a lab device set data.http.allowInsecureBasicAuth: true',
        },
      ],
    });
  }
  const tls = { ...data.tls, ...(options.tls ?? {}) };
  const host = device.host.includes(":") && !device.host.startsWith("[") ? `[${device.host}]` : device.host;
  const basePath = (pick("basePath") ?? "").replace(/\/+$/, "");
  return {
    scheme,
    allowInsecureBasicAuth,
    host: device.host,
    port,
    origin: `${scheme}://${host}:${port}`,
    basePath,
    tls: { ...tls, verify: tls.verify !== false },
    auth,
    username: auth.type === "basic" ? (auth.username ?? username) : username,
    password: auth.type === "basic" ? (auth.password ?? password) : password,
    headers: { ...(data.headers ?? {}), ...(options.headers ?? {}) },
    connectTimeoutMs: pick("connectTimeoutMs") ?? 10_000,
    headersTimeoutMs: pick("headersTimeoutMs") ?? 30_000,
    bodyTimeoutMs: pick("bodyTimeoutMs") ?? 30_000,
    requestTimeoutMs: pick("requestTimeoutMs") ?? 60_000,
    retries: pick("retries") ?? 2,
    retryMinDelayMs: pick("retryMinDelayMs") ?? 100,
    retryMaxDelayMs: pick("retryMaxDelayMs") ?? 2_000,
    connections: pick("connections") ?? 8,
    maxBodyBytes: pick("maxBodyBytes") ?? 64 * 1024 * 1024,
  };
}

/** The secrets among resolved options and the device, for masking. */
export function httpSecrets(options: ResolvedHttpOptions): string[] {
  const out = [options.password, options.tls.passphrase];
  if (options.auth.type === "bearer") out.push(options.auth.token);
  if (typeof options.tls.key === "string") out.push(options.tls.key);
  return out.filter((s): s is string => typeof s === "string" && s !== "");
}
