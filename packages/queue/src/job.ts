import { randomBytes } from "node:crypto";
import type { QueueConnection } from "./connection.ts";

/**
 * What travels through Redis for one host: names and arguments only. The worker resolves the host
 * and its secrets from its own fleet file, and checks `fleetHash` first.
 */
export interface HostJobData {
  runId: string;
  /** The host's position in the run. */
  index: number;
  /** The host's name in the fleet file. */
  host: string;
  /** The task name, for example "facts". */
  task: string;
  /** The task's arguments (JSON). */
  args: unknown;
  /** sha256 of the controller's fleet file. */
  fleetHash: string;
  /** The host's time limit. */
  timeoutMs: number;
}

/** An error as a worker reports it: code, name and a one-line message (secrets masked). */
export interface RemoteError {
  code: string;
  name: string;
  message: string;
}

/** What a worker stores as a job's return value. */
export type HostJobResult =
  | { ok: true; value: unknown; worker: string; elapsedMs: number }
  | { ok: false; error: RemoteError; worker: string; elapsedMs: number };

/** One host's outcome, as the controller and `runs show` see it. */
export interface JobOutcome {
  runId: string;
  index: number;
  host: string;
  ok: boolean;
  value?: unknown;
  error?: RemoteError;
  /** The worker that reported it. */
  worker?: string | undefined;
  /** Time on the worker. */
  elapsedMs: number;
}

/** What a worker records on a changing job before it starts it (the only progress write). */
export interface StartedMark {
  stage: "started";
  worker: string;
  at: number;
}

/** Keys of Patchbay's own records, beside BullMQ's under the same prefix and queue name. */
export function keys(connection: Pick<QueueConnection, "prefix" | "queueName">): {
  runs: string;
  run: (runId: string) => string;
  workers: string;
  worker: (name: string) => string;
  events: string;
  job: (jobId: string) => string;
} {
  const base = `${connection.prefix}:${connection.queueName}`;
  return {
    runs: `${base}:pb-runs`,
    run: (runId) => `${base}:pb-run:${runId}`,
    workers: `${base}:pb-workers`,
    worker: (name) => `${base}:pb-worker:${name}`,
    events: `${base}:events`,
    job: (jobId) => `${base}:${jobId}`,
  };
}

/** A run id: UTC time and 4 random bytes (`20261202T133001Z-3fa9c2d1`); sorts by time. */
export function newRunId(now: Date = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return `${stamp}-${randomBytes(4).toString("hex")}`;
}

/** The BullMQ job id of a run's host (BullMQ ids may not contain ":"). */
export function jobId(runId: string, index: number): string {
  return `${runId}-${index}`;
}

/** The outcome stored in a finished job, or undefined while it waits or runs. */
export function outcomeOf(
  data: Pick<HostJobData, "runId" | "index" | "host">,
  job: { returnvalue?: unknown; failedReason?: string | undefined; finishedOn?: number | undefined },
): JobOutcome | undefined {
  if (job.finishedOn === undefined || job.finishedOn === 0 || Number.isNaN(job.finishedOn)) return undefined;
  const base = { runId: data.runId, index: data.index, host: data.host };
  const value = job.returnvalue as HostJobResult | null | undefined;
  if (value && typeof value === "object" && "ok" in value) {
    return value.ok
      ? { ...base, ok: true, value: value.value, worker: value.worker, elapsedMs: value.elapsedMs }
      : { ...base, ok: false, error: value.error, worker: value.worker, elapsedMs: value.elapsedMs };
  }
  return {
    ...base,
    ok: false,
    error: {
      code: "JOB_FAILED",
      name: "JobFailed",
      message: `the queue gave up on this host: ${job.failedReason ?? "no reason given"}`,
    },
    elapsedMs: 0,
  };
}
