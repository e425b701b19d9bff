// What fleet commands accept, kept free of heavy imports: registering commands (and so `--help`)
// loads only this and commander.
import type { Command } from "commander";
import type { Output } from "../output.ts";

/**
 * Exit codes: 0 every host ok or skipped, 1 the command could not run (bad input), 2 some hosts
 * failed, 130 interrupted (Ctrl-C).
 */
export const EXIT = { ok: 0, usage: 1, someFailed: 2, interrupted: 130 } as const;

/** The options every fleet command takes. */
export interface FleetOptions {
  inventory?: string;
  limit?: string[];
  parallel?: string;
  timeout?: string;
  json?: boolean;
  ndjson?: boolean;
  summary?: boolean;
  /** Ask for the login password once (no echo), for every selected host (Ansible's -k). */
  askPass?: boolean;
  /** Ask for the sudo password once (no echo), for every selected host (Ansible's -K). */
  askBecomePass?: boolean;
  /** Run through workers on this Redis queue (`patchbay worker`). */
  queue?: string;
  queueCa?: string;
}

/** Adds -i/--limit/--parallel/--timeout/--json/--ndjson to a command. */
export function withFleetOptions(command: Command): Command {
  return command
    .option("-i, --inventory <file>", "the fleet file (default: fleet.yaml in this folder)")
    .option(
      "-l, --limit <group|host>",
      "only these groups or hosts (repeat or use commas; * globs)",
      collect,
      [],
    )
    .option("-p, --parallel <n>", "hosts at once (default: the fleet's parallelism)")
    .option("-t, --timeout <seconds>", "time limit per host", "120")
    .option("-k, --ask-pass", "ask for the login password (not echoed) and use it for every host")
    .option("-K, --ask-become-pass", "ask for the sudo password (not echoed) and use it for every host")
    .option("--json", "print one JSON document with every result")
    .option("--ndjson", "print one JSON line per host as it finishes")
    .option(
      "--queue <url>",
      "run on workers of this Redis queue: redis://[user:pass@]host[:port][?queue=NAME]",
    )
    .option("--queue-ca <file>", "CA certificate (PEM) for a rediss:// queue");
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Parses a positive integer option, or prints why not. */
export function positiveInt(
  output: Output,
  name: string,
  value: string | undefined,
  fallback: number,
): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) {
    output.err(`patchbay: --${name} must be a positive whole number, not "${value}".`);
    return undefined;
  }
  return n;
}
