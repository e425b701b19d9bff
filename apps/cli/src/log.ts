// The CLI's logger: every library log entry comes here. Host key trust decisions are collected and
// printed (one line per newly trusted host, a warning per host whose key is not checked); with -v/-vv
// entries are printed on stderr, masked like all output.
import { LOG_LEVELS, type Logger, type LogLevel } from "@patchbay/core";
import type { Output } from "./output.ts";

interface TrustEvent {
  deviceId: string;
  fingerprint: string;
  file?: string;
}

const recorded = new Map<string, TrustEvent>();
const unchecked = new Map<string, TrustEvent>();
let sink: { output: Output; min: number } | undefined;

/** Prints log entries at `verbosity` (1: info, 2: debug, 3: trace) through `output`; 0 prints none. */
export function setVerbosity(output: Output, verbosity: number): void {
  sink =
    verbosity <= 0
      ? undefined
      : { output, min: LOG_LEVELS.indexOf(verbosity === 1 ? "info" : verbosity === 2 ? "debug" : "trace") };
}

function make(bindings: Record<string, unknown>): Logger {
  const at =
    (level: LogLevel) =>
    (objOrMsg: object | string, msg?: string): void => {
      const data = {
        ...bindings,
        ...(typeof objOrMsg === "string" ? {} : (objOrMsg as Record<string, unknown>)),
      };
      const text = typeof objOrMsg === "string" ? objOrMsg : (msg ?? "");
      const deviceId = String(data.deviceId ?? data.host ?? "?");
      if (data.event === "hostKeyRecorded")
        recorded.set(deviceId, {
          deviceId,
          fingerprint: String(data.fingerprint),
          file: String(data.knownHostsPath),
        });
      if (data.event === "hostKeyUnchecked")
        unchecked.set(deviceId, { deviceId, fingerprint: String(data.fingerprint) });
      if (sink && LOG_LEVELS.indexOf(level) >= sink.min) {
        const { deviceId: _d, ...rest } = data;
        const masked = sink.output.secrets.maskValue(rest);
        const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(masked)}` : "";
        sink.output.err(`[${level}] ${deviceId}: ${text}${extra}`);
      }
    };
  return {
    trace: at("trace"),
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    fatal: at("fatal"),
    child: (more) => make({ ...bindings, ...more }),
  };
}

/** The logger the CLI gives every connection. */
export const cliLogger: Logger = make({});

/**
 * Prints, once each, the hosts whose key was just recorded (`accept-new`) and those connected with
 * host key checking off.
 */
export function reportTrust(output: Output): void {
  const c = output.colors;
  for (const e of recorded.values())
    output.err(
      `patchbay: trusted a new host key for ${e.deviceId}: ${e.fingerprint} (recorded in ${e.file})`,
    );
  for (const e of unchecked.values())
    output.err(
      c.yellow(
        `patchbay: WARNING: host key checking is off for ${e.deviceId}; its key ${e.fingerprint} was not verified (set ssh.hostKeyPolicy to "accept-new" or "strict").`,
      ),
    );
  recorded.clear();
  unchecked.clear();
}
