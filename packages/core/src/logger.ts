/**
 * The logger interface: pino's levels and call shapes (`log.info(obj, msg)` or `log.info(msg)`), so a
 * pino logger can be passed as it is. Libraries never write to the console; the default is silent.
 */

import { createSecretSet, type SecretSet } from "./redact.ts";

export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "fatal";

export { isSecretKey, maskSecrets, REDACTED, redact } from "./redact.ts";

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

/**
 * Wraps a logger so that every object it is given is redacted first (secret-named keys, and the
 * literal `secrets`, such as a device's password, wherever they appear).
 */
export function redactingLogger(inner: Logger, secrets: readonly string[] | SecretSet = []): Logger {
  const set = Array.isArray(secrets) ? createSecretSet(secrets) : (secrets as SecretSet);
  const wrap =
    (fn: LogFn): LogFn =>
    (objOrMsg: object | string, msg?: string): void => {
      if (typeof objOrMsg === "string") fn(set.maskText(objOrMsg));
      else if (msg === undefined) fn(set.maskValue(objOrMsg) as object);
      else fn(set.maskValue(objOrMsg) as object, set.maskText(msg));
    };
  return {
    trace: wrap(inner.trace.bind(inner)),
    debug: wrap(inner.debug.bind(inner)),
    info: wrap(inner.info.bind(inner)),
    warn: wrap(inner.warn.bind(inner)),
    error: wrap(inner.error.bind(inner)),
    fatal: wrap(inner.fatal.bind(inner)),
    child: (bindings) =>
      redactingLogger(inner.child(set.maskValue(bindings) as Record<string, unknown>), set),
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
