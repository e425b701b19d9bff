/**
 * The logger interface: pino's levels and call shapes (`log.info(obj, msg)` or `log.info(msg)`), so a
 * pino logger can be passed as it is. Libraries never write to the console; the default is silent.
 */

export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "fatal";

export const LOG_LEVELS: readonly LogLevel[] = ["trace", "debug", "info", "warn", "error", "fatal"];

export interface LogFn {
  (msg: string): void;
  (obj: object, msg?: string): void;
}

/** A pino-compatible logger. */
export interface Logger {
  trace: LogFn;
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  fatal: LogFn;
  /** A logger whose every entry carries `bindings` (for example `{ deviceId }`). */
  child(bindings: Record<string, unknown>): Logger;
}

const noop = (): void => {};

/** A logger that drops everything. The default. */
export const silentLogger: Logger = {
  trace: noop,
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
  fatal: noop,
  child: () => silentLogger,
};

const SECRET_KEY =
  /pass(word|phrase|wd)?$|secret|token|private_?key|privatekey|api_?key|credential|authorization|cookie/i;
const MAX_DEPTH = 8;

/** The value that replaces a secret. */
export const REDACTED = "[redacted]";

/** True when a key's name says its value is a secret (password, passphrase, key, token...). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/**
 * A copy of `value` with the values of secret-named keys replaced by `[redacted]`, at any depth, and
 * any string in `secrets` masked wherever it appears. Buffers and functions are summarised.
 */
export function redact(value: unknown, secrets: readonly string[] = []): unknown {
  return redactInner(value, secrets, 0, new WeakSet());
}

function redactInner(
  value: unknown,
  secrets: readonly string[],
  depth: number,
  seen: WeakSet<object>,
): unknown {
  if (typeof value === "string") return maskSecrets(value, secrets);
  if (typeof value !== "object" || value === null) {
    return typeof value === "function" ? "[function]" : value;
  }
  if (seen.has(value)) return "[circular]";
  if (depth >= MAX_DEPTH) return "[deep]";
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  seen.add(value);
  if (value instanceof Error) {
    return {
      name: value.name,
      message: maskSecrets(value.message, secrets),
      code: (value as { code?: unknown }).code,
    };
  }
  if (Array.isArray(value)) return value.map((v) => redactInner(v, secrets, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] =
      isSecretKey(k) && v !== undefined && v !== null ? REDACTED : redactInner(v, secrets, depth + 1, seen);
  }
  return out;
}

/** `text` with every occurrence of each secret (of 3 characters or more) replaced by `[redacted]`. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length >= 3 && out.includes(s)) out = out.split(s).join(REDACTED);
  }
  return out;
}

/**
 * Wraps a logger so that every object it is given is redacted first (secret-named keys, and the
 * literal `secrets`, such as a device's password, wherever they appear).
 */
export function redactingLogger(inner: Logger, secrets: readonly string[] = []): Logger {
  const wrap =
    (fn: LogFn): LogFn =>
    (objOrMsg: object | string, msg?: string): void => {
      if (typeof objOrMsg === "string") fn(maskSecrets(objOrMsg, secrets));
      else if (msg === undefined) fn(redact(objOrMsg, secrets) as object);
      else fn(redact(objOrMsg, secrets) as object, maskSecrets(msg, secrets));
    };
  return {
    trace: wrap(inner.trace.bind(inner)),
    debug: wrap(inner.debug.bind(inner)),
    info: wrap(inner.info.bind(inner)),
    warn: wrap(inner.warn.bind(inner)),
    error: wrap(inner.error.bind(inner)),
    fatal: wrap(inner.fatal.bind(inner)),
    child: (bindings) =>
      redactingLogger(inner.child(redact(bindings, secrets) as Record<string, unknown>), secrets),
  };
}

/** One entry recorded by `createMemoryLogger`. */
export interface LogEntry {
  level: LogLevel;
  msg: string | undefined;
  /** Bindings of the logger chain merged with the entry's object. */
  data: Record<string, unknown>;
}

/** A logger that keeps entries in memory, for tests and for showing warnings to a user later. */
export interface MemoryLogger extends Logger {
  readonly entries: LogEntry[];
}

export function createMemoryLogger(
  bindings: Record<string, unknown> = {},
  entries: LogEntry[] = [],
): MemoryLogger {
  const at =
    (level: LogLevel): LogFn =>
    (objOrMsg: object | string, msg?: string): void => {
      if (typeof objOrMsg === "string") entries.push({ level, msg: objOrMsg, data: { ...bindings } });
      else entries.push({ level, msg, data: { ...bindings, ...(objOrMsg as Record<string, unknown>) } });
    };
  return {
    entries,
    trace: at("trace"),
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    fatal: at("fatal"),
    child: (more) => createMemoryLogger({ ...bindings, ...more }, entries),
  };
}

export interface StreamLoggerOptions {
  /** Lowest level written. @default "info" */
  level?: LogLevel;
  /** Where lines go. @default process.stderr */
  stream?: { write(chunk: string): unknown };
}

/** A logger writing one JSON line per entry (pino's shape), for applications without pino. */
export function createStreamLogger(
  options: StreamLoggerOptions = {},
  bindings: Record<string, unknown> = {},
): Logger {
  const min = LOG_LEVELS.indexOf(options.level ?? "info");
  const stream = options.stream ?? process.stderr;
  const at =
    (level: LogLevel): LogFn =>
    (objOrMsg: object | string, msg?: string): void => {
      if (LOG_LEVELS.indexOf(level) < min) return;
      const obj = typeof objOrMsg === "string" ? {} : objOrMsg;
      const text = typeof objOrMsg === "string" ? objOrMsg : msg;
      stream.write(`${JSON.stringify({ level, time: Date.now(), ...bindings, ...obj, msg: text })}\n`);
    };
  return {
    trace: at("trace"),
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    fatal: at("fatal"),
    child: (more) => createStreamLogger(options, { ...bindings, ...more }),
  };
}
