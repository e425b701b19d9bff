import { readFile } from "node:fs/promises";
import { isIP } from "node:net";
import { maskSecrets } from "@patchbay/core";
import { Redis, type RedisOptions } from "ioredis";
import { QueueAuthError, QueueUnreachableError, QueueUsageError } from "./errors.ts";

/** Where the queue lives and how to reach it. */
export interface QueueConnectionOptions {
  /** `redis://[user:pass@]host[:port][/db][?queue=NAME]` or `rediss://...` (TLS). */
  url: string;
  /** PEM file of the CA that signed the server's certificate (rediss:// only). */
  caFile?: string | undefined;
  /** The BullMQ queue name; separate names partition a Redis between sites or fleets. @default the URL's `?queue=`, else "patchbay" */
  queueName?: string | undefined;
  /** The key prefix. @default "pb" */
  prefix?: string | undefined;
  /** Time limit of the first connection and of each reconnection attempt. @default 3000 */
  connectTimeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

/** A parsed Redis URL; `display` never holds the password. */
export interface RedisTarget {
  host: string;
  port: number;
  username: string | undefined;
  password: string | undefined;
  db: number;
  tls: boolean;
  /** `redis://user@host:port/db`, for messages. */
  display: string;
  /** The `?queue=NAME` parameter: a queue per site or fleet on one Redis. */
  queueName: string | undefined;
}

/** Parses a redis:// or rediss:// URL; a bad URL is a `QueueUsageError` that does not repeat it. */
export function parseRedisUrl(url: string): RedisTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new QueueUsageError(
      "the queue URL is not a URL: use redis://[user:pass@]host[:port][/db] or rediss://...",
    );
  }
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") {
    throw new QueueUsageError(
      `the queue URL must start with redis:// or rediss://, not ${parsed.protocol}//`,
    );
  }
  if (parsed.hostname === "") throw new QueueUsageError("the queue URL has no host");
  const port = parsed.port === "" ? 6379 : Number(parsed.port);
  const path = parsed.pathname.replace(/^\//, "");
  const db = path === "" ? 0 : Number(path);
  if (!Number.isInteger(db) || db < 0) {
    throw new QueueUsageError(`the queue URL's database must be a number, not "${path}"`);
  }
  const username = parsed.username === "" ? undefined : decodeURIComponent(parsed.username);
  const password = parsed.password === "" ? undefined : decodeURIComponent(parsed.password);
  const tls = parsed.protocol === "rediss:";
  const queueName = parsed.searchParams.get("queue") ?? undefined;
  if (queueName !== undefined && !/^[A-Za-z0-9_.-]{1,64}$/.test(queueName)) {
    throw new QueueUsageError(
      `the queue URL's queue name must be letters, digits, "_", "." or "-", not "${queueName}"`,
    );
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  const hostPart = host.includes(":") ? `[${host}]` : host;
  return {
    host,
    port,
    username,
    password,
    db,
    tls,
    display: `${parsed.protocol}//${username !== undefined ? `${encodeURIComponent(username)}@` : ""}${hostPart}:${port}${db !== 0 ? `/${db}` : ""}${queueName !== undefined ? `?queue=${queueName}` : ""}`,
    queueName,
  };
}

/** An open, checked connection to the queue's Redis. */
export interface QueueConnection {
  readonly target: RedisTarget;
  readonly queueName: string;
  readonly prefix: string;
  /** ioredis options for more connections (BullMQ opens its own; commands wait across reconnects). */
  readonly redisOptions: RedisOptions;
  /** The shared command connection. */
  readonly redis: Redis;
  /** Secrets of the connection (the password), to mask in any output. */
  readonly secrets: readonly string[];
  /** `text` with the connection's password masked in every encoding. */
  mask(text: string): string;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Connects and checks the server answers (PING) within `connectTimeoutMs`: an unreachable server is a
 * `QueueUnreachableError` and refused credentials a `QueueAuthError`, each one line without the password.
 */
export async function connectQueue(options: QueueConnectionOptions): Promise<QueueConnection> {
  const target = parseRedisUrl(options.url);
  const secrets = target.password !== undefined ? [target.password] : [];
  const mask = (text: string): string => maskSecrets(text, secrets);
  let ca: Buffer | undefined;
  if (options.caFile !== undefined) {
    if (!target.tls) throw new QueueUsageError("a CA file needs a rediss:// (TLS) queue URL");
    try {
      ca = await readFile(options.caFile);
    } catch (error) {
      throw new QueueUsageError(
        `cannot read the CA file ${options.caFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      );
    }
  }
  const connectTimeoutMs = options.connectTimeoutMs ?? 3000;
  const redisOptions: RedisOptions = {
    host: target.host,
    port: target.port,
    db: target.db,
    ...(target.username !== undefined ? { username: target.username } : {}),
    ...(target.password !== undefined ? { password: target.password } : {}),
    // SNI takes names only (RFC 6066); an IP address is checked against the certificate's IP SANs.
    ...(target.tls
      ? { tls: { ...(isIP(target.host) ? {} : { servername: target.host }), ...(ca ? { ca } : {}) } }
      : {}),
    connectTimeout: connectTimeoutMs,
    // BullMQ's blocking connections need commands to wait across reconnects instead of failing.
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(100 * times, 1000),
    lazyConnect: true,
  };
  const probe = new Redis({
    ...redisOptions,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    disconnectTimeout: 100,
  });
  // ioredis rejects connect() with "Connection is closed"; the cause arrives as an "error" event.
  let lastError: unknown;
  probe.on("error", (error) => {
    lastError ??= error;
  });
  const onAbort = (): void => probe.disconnect();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    await withTimeout(probe.connect(), connectTimeoutMs + 500);
    await withTimeout(probe.ping(), connectTimeoutMs);
  } catch (error) {
    probe.disconnect();
    throw describeConnectError(lastError ?? error, target, mask);
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
  }
  probe.disconnect();
  const redis = new Redis(redisOptions);
  redis.on("error", () => {});
  await redis.connect().catch(() => {});
  const close = async (): Promise<void> => {
    await redis.quit().catch(() => redis.disconnect());
  };
  return {
    target,
    queueName: options.queueName ?? target.queueName ?? "patchbay",
    prefix: options.prefix ?? "pb",
    redisOptions,
    redis,
    secrets,
    mask,
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** One line saying what went wrong with Redis, without the password. */
export function describeConnectError(
  error: unknown,
  target: RedisTarget,
  mask: (text: string) => string = (t) => t,
): QueueUnreachableError | QueueAuthError {
  const raw = mask(error instanceof Error ? error.message : String(error));
  const code = (error as { code?: string } | undefined)?.code;
  if (/WRONGPASS|invalid username-password|invalid password/i.test(raw)) {
    return new QueueAuthError(
      `Redis at ${target.display} refused the password${target.username ? ` of user "${target.username}"` : ""}: check the queue URL`,
    );
  }
  if (/NOAUTH|Authentication required/i.test(raw)) {
    return new QueueAuthError(
      `Redis at ${target.display} needs a password: use redis://user:password@${target.host}:${target.port}`,
    );
  }
  if (/NOPERM/i.test(raw)) {
    return new QueueAuthError(`Redis at ${target.display} denied a command to this user: ${oneLine(raw)}`);
  }
  const why =
    code === "ECONNREFUSED"
      ? "connection refused"
      : code === "ENOTFOUND" || code === "EAI_AGAIN"
        ? "unknown host"
        : code === "ETIMEDOUT" || /timed out/i.test(raw)
          ? "timed out"
          : oneLine(raw) || "no answer";
  return new QueueUnreachableError(`cannot reach Redis at ${target.display}: ${why}`, { cause: error });
}

function oneLine(text: string): string {
  return (text.split("\n")[0] ?? "").slice(0, 200);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
