// Fleet commands with --queue: one job per host on a Redis queue, results fed into the same runner,
// progress and output as a local run. Loaded only when --queue is given.
import type { InventoryHost } from "@patchbay/inventory";
import {
  connectQueue,
  enqueueRun,
  hashFleetFile,
  type JobOutcome,
  listWorkers,
  QueueUsageError,
  RemoteTaskError,
} from "@patchbay/queue";
import type { Output } from "../output.ts";
import {
  forEachHost,
  type HostOp,
  type HostResult,
  type HostStatus,
  type RunOptions,
  SkipHost,
} from "../runner.ts";
import { taskSpec } from "./host-tasks.ts";

/** The options of a fleet command that sends its hosts to a queue. */
export interface QueueRunOptions {
  queue: string;
  queueCa?: string | undefined;
  /** The fleet file (its hash goes with every job). */
  inventory?: string | undefined;
  /** How long results stay in Redis. */
  keepSeconds?: number | undefined;
}

/** A host's result as a worker sends it back: the runner's result without the host. */
export interface WireResult {
  status: HostStatus;
  value?: unknown;
  code?: string | undefined;
  message?: string | undefined;
  error?:
    | { name: string; message: string; phase?: string; partialOutput?: string; result?: unknown }
    | undefined;
}

/** A runner's result as it travels back through Redis (the error's useful fields only). */
export function toWire(result: HostResult<unknown>): WireResult {
  if (result.ok) return { status: "ok", value: result.value };
  const e = result.error as
    | { name?: string; message?: string; phase?: unknown; partialOutput?: unknown; result?: unknown }
    | undefined;
  return {
    status: result.status,
    code: result.code,
    message: result.message,
    error: {
      name: e?.name ?? "Error",
      message: (e?.message ?? result.message ?? "").split("\n")[0] ?? "",
      ...(typeof e?.phase === "string" ? { phase: e.phase } : {}),
      ...(typeof e?.partialOutput === "string" && e.partialOutput !== ""
        ? { partialOutput: e.partialOutput }
        : {}),
      ...(e?.result !== undefined ? { result: e.result } : {}),
    },
  };
}

/** The value of a finished job, or the error the local runner turns into the same status and code. */
export function fromOutcome(outcome: JobOutcome): unknown {
  if (!outcome.ok) {
    const e = outcome.error;
    throw new RemoteTaskError(e?.message ?? "failed on the queue", {
      code: e?.code ?? "REMOTE_TASK_FAILED",
      remoteName: e?.name,
      worker: outcome.worker,
      deviceId: outcome.host,
    });
  }
  const wire = outcome.value as WireResult;
  if (wire.status === "ok") return wire.value;
  if (wire.code === "SKIPPED") throw new SkipHost(wire.message ?? "skipped");
  const error = new RemoteTaskError(wire.error?.message ?? wire.message ?? "failed", {
    code: wire.code ?? "REMOTE_TASK_FAILED",
    remoteName: wire.error?.name,
    worker: outcome.worker,
    deviceId: outcome.host,
  });
  // The fields output reads from a local error (phase, partial output, a shell's exit and streams).
  throw Object.assign(error, pickDetails(wire.error));
}

function pickDetails(e: WireResult["error"]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (e?.phase !== undefined) out.phase = e.phase;
  if (e?.partialOutput !== undefined) out.partialOutput = e.partialOutput;
  if (e?.result !== undefined) out.result = e.result;
  return out;
}

/**
 * Runs the hosts through the queue: enqueues one job per host (task name, arguments and the fleet
 * file's hash; no secrets), then waits for each host's result in the same runner as a local run, so
 * progress, tables, --json/--ndjson and exit codes are the same. Ctrl-C removes the jobs no worker
 * took yet and says how many hosts had finished.
 */
export async function runOnQueue<T>(
  queueOptions: QueueRunOptions,
  output: Output,
  hosts: readonly InventoryHost[],
  task: (host: InventoryHost, op: HostOp) => Promise<T>,
  options: RunOptions,
): Promise<HostResult<T>[]> {
  const spec = taskSpec(task);
  // How long results stay in Redis for `runs show`: the option, else $PATCHBAY_QUEUE_KEEP_SECONDS, else 24 h.
  const keepEnv = Number(process.env.PATCHBAY_QUEUE_KEEP_SECONDS);
  const keepSeconds =
    queueOptions.keepSeconds ?? (Number.isInteger(keepEnv) && keepEnv > 0 ? keepEnv : undefined);
  if (spec === undefined)
    throw new QueueUsageError(
      `"${options.title}" cannot run through a queue (it reads or writes local files); run it without --queue`,
    );
  const connection = await connectQueue({
    url: queueOptions.queue,
    caFile: queueOptions.queueCa,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  output.addSecrets(connection.secrets);
  try {
    const fleetHash = await hashFleetFile(queueOptions.inventory ?? "fleet.yaml");
    const run = await enqueueRun(connection, {
      task: spec.name,
      title: options.title,
      args: spec.args,
      hosts: hosts.map((h) => h.name),
      fleetHash,
      timeoutMs: options.timeoutMs,
      ...(keepSeconds !== undefined ? { retentionSeconds: keepSeconds } : {}),
    });
    try {
      if (!options.quiet)
        output.err(`patchbay: run ${run.runId}: ${hosts.length} job(s) on ${connection.target.display}`);
      const index = new Map(hosts.map((h, i) => [h, i]));
      const warnIdle = watchWorkers(output, connection, run);
      let cancelling: Promise<void> | undefined;
      const onAbort = (): void => {
        cancelling = run.cancel().then(
          ({ cancelled, finished, running }) =>
            output.err(
              `patchbay: cancelled ${cancelled} waiting job(s); ${finished} of ${run.total} host(s) had finished; ${running} still running on workers (their results: patchbay runs show ${run.runId} --queue ...)`,
            ),
          () => {},
        );
      };
      options.signal?.addEventListener("abort", onAbort, { once: true });
      try {
        return await forEachHost(
          output,
          hosts,
          async (host, op) => {
            op.step("waiting for a worker");
            return fromOutcome(await run.outcome(index.get(host) ?? -1)) as T;
          },
          // Every host waits at once; the workers' concurrency sets the pace, and each worker
          // enforces the host's time limit, so the wait here is bounded by the queue, not a timer.
          { ...options, parallel: hosts.length, timeoutMs: 2 ** 31 - 1, closeGraceMs: 0 },
        );
      } finally {
        options.signal?.removeEventListener("abort", onAbort);
        clearInterval(warnIdle);
        await cancelling;
      }
    } finally {
      await run.close();
    }
  } finally {
    await connection.close();
  }
}

/** Says once when no worker has served the queue for 10 s while jobs wait. */
function watchWorkers(
  output: Output,
  connection: Awaited<ReturnType<typeof connectQueue>>,
  run: { finished: number; total: number },
): NodeJS.Timeout {
  let idle = 0;
  let warned = false;
  const timer = setInterval(() => {
    listWorkers(connection).then(
      (workers) => {
        idle = workers.length === 0 ? idle + 1 : 0;
        if (idle >= 2 && !warned && run.finished < run.total) {
          warned = true;
          output.err(
            `patchbay: no worker serves queue "${connection.queueName}" at ${connection.target.display}; start one with \`patchbay worker --queue ...\``,
          );
        }
      },
      () => {},
    );
  }, 5000);
  timer.unref();
  return timer;
}
