import { existsSync } from "node:fs";
import { isPatchbayError } from "@patchbay/core";
import type { Inventory, InventoryHost } from "@patchbay/inventory";
import type { Command } from "commander";
import { loadFleet } from "../fleet.ts";
import { errorLines, type Output, renderTable } from "../output.ts";
import { forEachHost, type HostResult } from "../runner.ts";

/** Exit codes: 0 every host ok, 1 the command could not run (bad input), 2 some hosts failed. */
export const EXIT = { ok: 0, usage: 1, someFailed: 2 } as const;

/** The options every fleet command takes. */
export interface FleetOptions {
  inventory?: string;
  limit?: string[];
  parallel?: string;
  timeout?: string;
  json?: boolean;
  ndjson?: boolean;
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
    .option("--json", "print one JSON document with every result")
    .option("--ndjson", "print one JSON line per host as it finishes");
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Reads the fleet and the selection; prints the problems and returns undefined when they are wrong. */
export async function selectHosts(
  output: Output,
  options: FleetOptions,
  filter?: (host: InventoryHost) => boolean,
): Promise<{ fleet: Inventory; hosts: InventoryHost[] } | undefined> {
  const file = options.inventory ?? (existsSync("fleet.yaml") ? "fleet.yaml" : undefined);
  if (file === undefined) {
    output.err(
      "patchbay: no fleet file: pass -i FILE (or create fleet.yaml here; `patchbay sim` prints one).",
    );
    return undefined;
  }
  try {
    const fleet = await loadFleet(file);
    output.addSecrets(fleet.secrets);
    let hosts = fleet.select(options.limit ?? []);
    if (filter) hosts = hosts.filter(filter);
    if (hosts.length === 0) {
      output.err("patchbay: no hosts selected.");
      return undefined;
    }
    return { fleet, hosts };
  } catch (error) {
    for (const line of errorLines(error, output.debug)) output.err(line);
    return undefined;
  }
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

/** A result as JSON: host, platform, ok, and the value or the error's code and message. */
export function resultJson(
  result: HostResult<unknown>,
  redact: (s: string) => string,
  summarise?: (v: unknown) => unknown,
): unknown {
  const base = {
    host: result.host.name,
    platform: result.host.device.platform,
    connector: result.host.connector,
    ok: result.ok,
    elapsedMs: Math.round(result.elapsedMs),
  };
  if (result.ok)
    return JSON.parse(
      redact(JSON.stringify({ ...base, result: summarise ? summarise(result.value) : result.value })),
    );
  const error = result.error;
  return {
    ...base,
    error: {
      code: isPatchbayError(error) ? error.code : error instanceof Error ? error.name : "ERROR",
      message: redact((error instanceof Error ? error.message : String(error)).split("\n")[0] ?? ""),
    },
  };
}

/**
 * Runs a task across the selected hosts and prints the results: a table (the `summary` column per
 * host), one JSON document, or JSON lines as hosts finish. Returns the exit code.
 */
export async function runAcrossFleet<T>(
  output: Output,
  title: string,
  options: FleetOptions,
  task: (host: InventoryHost, signal: AbortSignal, timeoutMs: number) => Promise<T>,
  present: {
    summary: (value: T) => string;
    json?: (value: T) => unknown;
    after?: (results: HostResult<T>[]) => void;
  },
  filter?: (host: InventoryHost) => boolean,
): Promise<number> {
  const selected = await selectHosts(output, options, filter);
  if (selected === undefined) return EXIT.usage;
  const parallel = positiveInt(output, "parallel", options.parallel, selected.fleet.parallelism);
  const seconds = positiveInt(output, "timeout", options.timeout, 120);
  if (parallel === undefined || seconds === undefined) return EXIT.usage;
  const timeoutMs = seconds * 1000;
  const json = present.json as ((v: unknown) => unknown) | undefined;
  const results = await forEachHost(output, selected.hosts, (host, signal) => task(host, signal, timeoutMs), {
    title,
    parallel,
    timeoutMs,
    quiet: options.json === true || options.ndjson === true,
    ...(options.ndjson
      ? {
          onResult: (r: HostResult<unknown>) =>
            output.out(JSON.stringify(resultJson(r, output.redact, json))),
        }
      : {}),
  });
  if (options.json) {
    output.out(
      JSON.stringify(
        results.map((r) => resultJson(r as HostResult<unknown>, output.redact, json)),
        null,
        2,
      ),
    );
  } else if (!options.ndjson) {
    const c = output.colors;
    output.out(
      renderTable(
        output,
        ["host", "platform", "status", "result", "time"],
        results.map((r) => [
          r.host.name,
          r.host.device.platform,
          r.ok ? c.green("ok") : c.red("FAILED"),
          r.ok ? present.summary(r.value as T) : (r.message ?? ""),
          `${(r.elapsedMs / 1000).toFixed(2)}s`,
        ]),
      ),
    );
    present.after?.(results);
    const failed = results.filter((r) => !r.ok).length;
    output.out(
      failed === 0
        ? c.green(`${results.length} host(s) ok`)
        : c.red(`${failed} of ${results.length} host(s) failed`),
    );
  }
  return results.every((r) => r.ok) ? EXIT.ok : EXIT.someFailed;
}
