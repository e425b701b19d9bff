import { existsSync } from "node:fs";
import { createDevice, OperationAbortedError } from "@patchbay/core";
import type { Inventory, InventoryHost } from "@patchbay/inventory";
import { loadFleet } from "../fleet.ts";
import { reportTrust } from "../log.ts";
import { errorLines, type Output, renderTable } from "../output.ts";
import { forEachHost, type HostOp, type HostResult, type RunOptions } from "../runner.ts";
import { fleetSecrets } from "../secrets.ts";
import { EXIT, type FleetOptions, positiveInt } from "./options.ts";

export { EXIT, type FleetOptions, positiveInt } from "./options.ts";

/** Reads the fleet and the selection; prints the problems and returns undefined when they are wrong. */
export async function selectHosts(
  output: Output,
  options: FleetOptions,
  load: { checkPlatforms?: boolean } = {},
): Promise<{ fleet: Inventory; hosts: InventoryHost[] } | undefined> {
  if (options.json && options.ndjson) {
    output.err("patchbay: --json and --ndjson exclude each other; choose one.");
    return undefined;
  }
  const file = options.inventory ?? (existsSync("fleet.yaml") ? "fleet.yaml" : undefined);
  if (file === undefined) {
    output.err(
      "patchbay: no fleet file: pass -i FILE (or create fleet.yaml here; `patchbay sim` prints one).",
    );
    return undefined;
  }
  // Ctrl-C while the fleet loads stops its dynamic sources: an exec source runs in its own process
  // group, which Node's default SIGINT exit would leave running.
  const interrupt = new AbortController();
  const onSigint = (): void => {
    interrupt.abort(new OperationAbortedError("interrupted by the user (Ctrl-C) while reading the fleet"));
  };
  process.once("SIGINT", onSigint);
  try {
    const fleet = await loadFleet(file, { limit: options.limit, signal: interrupt.signal, ...load });
    output.addSecrets(fleet.secrets);
    const hosts = await withPrompted(fleet.select(options.limit ?? []), options);
    output.addSecrets(fleetSecrets(fleet, hosts));
    if (hosts.length === 0) {
      output.err("patchbay: no hosts selected.");
      return undefined;
    }
    return { fleet, hosts };
  } catch (error) {
    for (const line of errorLines(error, output.debug)) output.err(line);
    return undefined;
  } finally {
    process.off("SIGINT", onSigint);
  }
}

/** The hosts with the passwords asked for (`--ask-pass`, `--ask-become-pass`), asked once each. */
async function withPrompted(hosts: InventoryHost[], options: FleetOptions): Promise<InventoryHost[]> {
  if (!options.askPass && !options.askBecomePass) return hosts;
  const { askSecret } = await import("../prompt.ts");
  const password = options.askPass ? await askSecret("SSH password: ") : undefined;
  const become = options.askBecomePass ? await askSecret("BECOME (sudo) password: ") : undefined;
  return hosts.map((host) => {
    const linux = (host.device.data.linux ?? {}) as Record<string, unknown>;
    const device = createDevice({
      ...host.device,
      ...(password !== undefined ? { password } : {}),
      data: {
        ...host.device.data,
        ...(become !== undefined ? { linux: { ...linux, sudoPassword: become } } : {}),
      },
    });
    return { ...host, device };
  });
}

/**
 * A result as JSON (masked by the output before it is serialised): host, platform, status, and the
 * value, or the error's code, message, phase, partial output and, for shell, exit status and streams.
 */
export function resultJson(result: HostResult<unknown>, summarise?: (v: unknown) => unknown): unknown {
  const base = {
    host: result.host.name,
    platform: result.host.device.platform,
    connector: result.host.connector,
    status: result.status,
    ok: result.ok,
    elapsedMs: Math.round(result.elapsedMs),
  };
  if (result.ok) return { ...base, result: summarise ? summarise(result.value) : result.value };
  const e = (result.error ?? {}) as {
    message?: string;
    phase?: string;
    partialOutput?: string;
    result?: { exitCode: number | null; stdout: string; stderr: string };
  };
  return {
    ...base,
    ...(result.status === "skipped" ? { reason: result.message } : {}),
    error: {
      code: result.code ?? "INTERNAL",
      message: (e.message ?? result.message ?? "").split("\n")[0] ?? "",
      ...(e.phase !== undefined ? { phase: e.phase } : {}),
      ...(e.partialOutput ? { partialOutput: e.partialOutput } : {}),
      ...(e.result ? { exitCode: e.result.exitCode, stdout: e.result.stdout, stderr: e.result.stderr } : {}),
    },
  };
}

/** Runs a task on hosts and returns their results: the runner in this process by default. */
export type HostExecutor = <T>(
  output: Output,
  hosts: readonly InventoryHost[],
  task: (host: InventoryHost, op: HostOp) => Promise<T>,
  options: RunOptions,
) => Promise<HostResult<T>[]>;

/**
 * The one place a fleet run's per-host executor is chosen (a queue of workers can hook in here,
 * keyed on the command's options).
 */
export function chooseExecutor(options: FleetOptions): HostExecutor {
  const { queue } = options;
  if (queue === undefined) return forEachHost;
  return async (output, hosts, task, run) =>
    (await import("./queue-executor.ts")).runOnQueue(
      { queue, queueCa: options.queueCa, inventory: options.inventory },
      output,
      hosts,
      task,
      run,
    );
}

/** How a command presents its results. */
export interface Presenter<T> {
  /** One table cell per successful host. */
  summary: (value: T) => string;
  /** The JSON form of a successful host's value. */
  json?: (value: T) => unknown;
  /** The full output under a host header (run, shell), shown unless --summary; else the table. */
  details?: (result: HostResult<T>) => string;
  after?: (results: HostResult<T>[]) => void;
}

/**
 * Runs a task across the selected hosts and prints the results: each host's full output (commands
 * with `details`), a table, one JSON document, or JSON lines as hosts finish. Ctrl-C prints the
 * results so far and says how many hosts had not finished. Returns the exit code.
 */
export async function runAcrossFleet<T>(
  output: Output,
  title: string,
  options: FleetOptions,
  task: (host: InventoryHost, op: HostOp) => Promise<T>,
  present: Presenter<T>,
): Promise<number> {
  const selected = await selectHosts(output, options);
  if (selected === undefined) return EXIT.usage;
  const parallel = positiveInt(output, "parallel", options.parallel, selected.fleet.parallelism);
  const seconds = positiveInt(output, "timeout", options.timeout, 120);
  if (parallel === undefined || seconds === undefined) return EXIT.usage;
  const json = present.json as ((v: unknown) => unknown) | undefined;
  const interrupt = new AbortController();
  let interrupts = 0;
  const onSigint = (): void => {
    interrupts++;
    if (interrupts > 1) process.exit(EXIT.interrupted);
    interrupt.abort(new OperationAbortedError("interrupted by the user (Ctrl-C)"));
  };
  process.on("SIGINT", onSigint);
  let results: HostResult<T>[];
  try {
    results = await chooseExecutor(options)(output, selected.hosts, task, {
      title,
      parallel,
      timeoutMs: seconds * 1000,
      signal: interrupt.signal,
      quiet: options.json === true || options.ndjson === true,
      ...(options.ndjson
        ? { onResult: (r: HostResult<unknown>) => output.json(resultJson(r, json), false) }
        : {}),
    });
  } finally {
    process.off("SIGINT", onSigint);
  }
  reportTrust(output);
  if (options.json) {
    output.json(results.map((r) => resultJson(r as HostResult<unknown>, json)));
  } else if (!options.ndjson) {
    printResults(output, results, present, options.summary === true);
  }
  const unfinished = results.filter((r) => r.status === "interrupted").length;
  if (interrupt.signal.aborted) {
    output.err(
      `patchbay: interrupted: ${unfinished} of ${results.length} host${results.length === 1 ? "" : "s"} had not finished.`,
    );
    return EXIT.interrupted;
  }
  return results.some((r) => r.status === "failed") ? EXIT.someFailed : EXIT.ok;
}

const STATUS_WORD = { ok: "ok", failed: "FAILED", skipped: "skipped", interrupted: "interrupted" } as const;

function printResults<T>(
  output: Output,
  results: HostResult<T>[],
  present: Presenter<T>,
  summaryOnly: boolean,
): void {
  const c = output.colors;
  const mark = (r: HostResult<T>): string =>
    r.status === "ok"
      ? c.green(STATUS_WORD.ok)
      : r.status === "failed"
        ? c.red(STATUS_WORD.failed)
        : c.yellow(STATUS_WORD[r.status]);
  if (present.details && !summaryOnly) {
    for (const r of results) {
      output.out(
        c.bold(
          `── ${r.host.name} · ${r.host.device.platform} · ${mark(r)}${c.bold(` · ${(r.elapsedMs / 1000).toFixed(2)}s`)}`,
        ),
      );
      const body = present.details(r);
      if (body !== "") output.out(body.replace(/\n$/, ""));
    }
  } else {
    output.out(
      renderTable(
        output,
        ["host", "platform", "status", "time", "result"],
        results.map((r) => [
          r.host.name,
          r.host.device.platform,
          mark(r),
          `${(r.elapsedMs / 1000).toFixed(2)}s`,
          r.ok ? present.summary(r.value as T) : ((r.message ?? "").split("\n")[0] ?? ""),
        ]),
      ),
    );
    present.after?.(results);
    // A table cell holds one line; with --debug each failure's stack follows the table.
    if (output.debug)
      for (const r of results) if (r.status === "failed") output.out(`\n${r.host.name}: ${r.message ?? ""}`);
  }
  output.out(countsLine(output, results));
}

/** `5 hosts ok`, or `3 ok, 1 failed, 1 skipped of 5 hosts`, with the right plurals. */
export function countsLine(output: Output, results: readonly HostResult<unknown>[]): string {
  const c = output.colors;
  const n = (k: string): number => results.filter((r) => r.status === k).length;
  const total = `${results.length} host${results.length === 1 ? "" : "s"}`;
  if (n("ok") === results.length) return c.green(`${total} ok`);
  const parts = [
    `${n("ok")} ok`,
    n("failed") > 0 ? c.red(`${n("failed")} failed`) : "",
    n("skipped") > 0 ? c.yellow(`${n("skipped")} skipped`) : "",
    n("interrupted") > 0 ? c.yellow(`${n("interrupted")} interrupted`) : "",
  ].filter(Boolean);
  return `${parts.join(", ")} of ${total}`;
}

/** What a failed or skipped host shows under its header: the reason, then any partial output. */
export function failureDetails(result: HostResult<unknown>): string {
  const partial = (result.error as { partialOutput?: unknown } | undefined)?.partialOutput;
  const lines = [result.message ?? ""];
  if (typeof partial === "string" && partial !== "") lines.push("partial output:", partial);
  return lines.join("\n");
}
