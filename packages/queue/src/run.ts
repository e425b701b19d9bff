import { type ConnectionOptions, Queue, QueueEvents } from "bullmq";
import type { QueueConnection } from "./connection.ts";
import { QueueCancelledError, QueueLostError, RemoteTaskError } from "./errors.ts";
import {
  type HostJobData,
  type HostJobResult,
  type JobOutcome,
  jobId,
  keys,
  newRunId,
  outcomeOf,
} from "./job.ts";
import { readOutcomes, recordRun } from "./registry.ts";

/** A run to put on the queue: one job per host. */
export interface EnqueueRunOptions {
  /** The task name the workers know, for example "facts". */
  task: string;
  /** For `runs list`, for example "run show version". @default task */
  title?: string | undefined;
  /** The task's arguments (JSON; never secrets). */
  args: unknown;
  /** Host names from the fleet file, in order. */
  hosts: readonly string[];
  /** sha256 of the fleet file (see `hashFleetFile`); workers with another fleet refuse the jobs. */
  fleetHash: string;
  /** Each host's time limit on the worker. */
  timeoutMs: number;
  /** How long results and the run's record stay in Redis. @default 86400 */
  retentionSeconds?: number | undefined;
  /** Give up when Redis stays unreachable this long. @default 30000 */
  lostAfterMs?: number | undefined;
  /** Unfinished jobs are read directly after a reconnect and when no result came for this long (events missed). @default 30000 */
  sweepMs?: number | undefined;
}

/** A run on the queue, as its controller sees it. */
export interface RunHandle {
  readonly runId: string;
  readonly total: number;
  /** Hosts with an outcome so far. */
  readonly finished: number;
  /** The outcome of host `index`, as soon as a worker reports it; rejects if the run is lost or cancelled. */
  outcome(index: number): Promise<JobOutcome>;
  /** Every outcome in order of arrival. */
  results(): AsyncIterable<JobOutcome>;
  /**
   * Removes the run's jobs that no worker has taken yet and stops waiting: every open outcome
   * rejects with `QueueCancelledError`; jobs already running finish on their workers (see `getRun`).
   */
  cancel(): Promise<{ cancelled: number; finished: number; running: number }>;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

interface Pending {
  promise: Promise<JobOutcome>;
  resolve: (o: JobOutcome) => void;
  reject: (e: unknown) => void;
  done: boolean;
}

/** Puts one job per host on the queue and follows their results. */
export async function enqueueRun(
  connection: QueueConnection,
  options: EnqueueRunOptions,
): Promise<RunHandle> {
  const runId = newRunId();
  const retentionSeconds = options.retentionSeconds ?? 86_400;
  const lostAfterMs = options.lostAfterMs ?? 30_000;
  const sweepMs = options.sweepMs ?? 30_000;
  const k = keys(connection);
  const common = { prefix: connection.prefix };
  // Follow events from the stream's current end, so none between enqueueing and listening is missed.
  const last = await connection.redis.xrevrange(k.events, "+", "-", "COUNT", 1);
  const events = new QueueEvents(connection.queueName, {
    ...common,
    connection: connection.redisOptions as ConnectionOptions,
    lastEventId: last[0]?.[0] ?? "0-0",
  });
  events.on("error", () => {});
  const queue = new Queue(connection.queueName, {
    ...common,
    connection: connection.redis,
    streams: { events: { maxLen: Math.max(10_000, options.hosts.length * 8) } },
  });
  queue.on("error", () => {});

  const pending: Pending[] = options.hosts.map(() => {
    let resolve!: (o: JobOutcome) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<JobOutcome>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    promise.catch(() => {});
    return { promise, resolve, reject, done: false };
  });
  const arrived: JobOutcome[] = [];
  const waiters = new Set<() => void>();
  let finished = 0;
  let closed = false;
  let lastOutcomeAt = Date.now();
  const settle = (index: number, outcome: JobOutcome | Error): void => {
    lastOutcomeAt = Date.now();
    const p = pending[index];
    if (!p || p.done) return;
    p.done = true;
    if (outcome instanceof Error) {
      p.reject(outcome);
    } else {
      finished++;
      arrived.push(outcome);
      p.resolve(outcome);
    }
    for (const w of waiters) w();
  };
  const prefix = `${runId}-`;
  const indexOf = (id: string): number | undefined => {
    if (!id.startsWith(prefix)) return undefined;
    const n = Number(id.slice(prefix.length));
    return Number.isInteger(n) ? n : undefined;
  };
  const dataOf = (index: number): Pick<HostJobData, "runId" | "index" | "host"> => ({
    runId,
    index,
    host: options.hosts[index] ?? "",
  });
  events.on("completed", ({ jobId: id, returnvalue }) => {
    const index = indexOf(id);
    if (index === undefined) return;
    const value = (typeof returnvalue === "string" ? safeJson(returnvalue) : returnvalue) as HostJobResult;
    const outcome = outcomeOf(dataOf(index), { finishedOn: Date.now(), returnvalue: value });
    if (outcome) settle(index, outcome);
  });
  events.on("failed", ({ jobId: id, failedReason }) => {
    const index = indexOf(id);
    if (index === undefined) return;
    const outcome = outcomeOf(dataOf(index), { finishedOn: Date.now(), failedReason });
    if (outcome) settle(index, outcome);
  });

  // Reads unfinished jobs directly: after a reconnect (events may have been missed) and now and then.
  let sweeping = false;
  const sweep = async (): Promise<void> => {
    if (sweeping || closed) return;
    sweeping = true;
    try {
      const open = pending.map((p, i) => (p.done ? -1 : i)).filter((i) => i >= 0);
      const outcomes = await readOutcomes(connection, open.map(dataOf));
      outcomes.forEach((o, i) => {
        if (o) settle(open[i]!, o);
      });
    } catch {
      // Redis is away; the next sweep or the loss bound decides.
    } finally {
      sweeping = false;
    }
  };
  let downSince: number | undefined;
  const onDown = (): void => {
    downSince ??= Date.now();
  };
  const onReady = (): void => {
    downSince = undefined;
    void sweep();
  };
  connection.redis.on("close", onDown);
  connection.redis.on("ready", onReady);
  const timer = setInterval(
    () => {
      if (downSince !== undefined && Date.now() - downSince > lostAfterMs) {
        const error = new QueueLostError(
          `lost Redis at ${connection.target.display} for more than ${Math.round(lostAfterMs / 1000)} s; ${finished} of ${options.hosts.length} hosts had finished; workers may still finish the rest: see \`patchbay runs show ${runId}\``,
        );
        for (let i = 0; i < pending.length; i++) settle(i, error);
        return;
      }
      // Only when results stopped coming: a healthy run costs no extra commands.
      if (Date.now() - lastOutcomeAt >= sweepMs) void sweep();
    },
    Math.min(1000, sweepMs),
  );
  timer.unref();

  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    clearInterval(timer);
    connection.redis.off("close", onDown);
    connection.redis.off("ready", onReady);
    await Promise.allSettled([events.close(), queue.close()]);
  };

  try {
    await events.waitUntilReady();
    await recordRun(
      connection,
      {
        runId,
        task: options.task,
        title: options.title ?? options.task,
        total: options.hosts.length,
        createdAt: Date.now(),
        fleetHash: options.fleetHash,
        hosts: [...options.hosts],
      },
      retentionSeconds,
    );
    const keep = { age: retentionSeconds };
    await queue.addBulk(
      options.hosts.map((host, index) => ({
        name: options.task,
        data: {
          runId,
          index,
          host,
          task: options.task,
          args: options.args,
          fleetHash: options.fleetHash,
          timeoutMs: options.timeoutMs,
        } satisfies HostJobData,
        opts: { jobId: jobId(runId, index), removeOnComplete: keep, removeOnFail: keep, attempts: 1 },
      })),
    );
  } catch (error) {
    await close();
    throw error;
  }

  return {
    runId,
    total: options.hosts.length,
    get finished() {
      return finished;
    },
    outcome: (index) => {
      const p = pending[index];
      if (!p) return Promise.reject(new RangeError(`no host ${index} in run ${runId}`));
      return p.promise;
    },
    async *results() {
      let seen = 0;
      while (seen < options.hosts.length) {
        while (seen < arrived.length) yield arrived[seen++]!;
        if (pending.every((p) => p.done)) {
          if (seen >= arrived.length) return;
          continue;
        }
        await new Promise<void>((resolve) => {
          const wake = (): void => {
            waiters.delete(wake);
            resolve();
          };
          waiters.add(wake);
        });
      }
    },
    async cancel() {
      const open = pending.map((p, i) => (p.done ? -1 : i)).filter((i) => i >= 0);
      const removed = await Promise.all(open.map((i) => queue.remove(jobId(runId, i)).catch(() => 0)));
      let cancelled = 0;
      open.forEach((i, n) => {
        if (removed[n] === 1) {
          cancelled++;
          settle(
            i,
            new QueueCancelledError(`cancelled before a worker took it (run ${runId})`, {
              host: options.hosts[i],
            }),
          );
        }
      });
      const running = pending.map((p, i) => (p.done ? -1 : i)).filter((i) => i >= 0);
      for (const i of running)
        settle(
          i,
          new QueueCancelledError(
            `still running on a worker when the run was cancelled; its result will be in \`patchbay runs show ${runId}\``,
            { host: options.hosts[i] },
          ),
        );
      return { cancelled, finished, running: running.length };
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** The error a failed outcome stands for (a `RemoteTaskError` carrying the worker's code). */
export function outcomeError(outcome: JobOutcome): RemoteTaskError {
  const e = outcome.error ?? { code: "REMOTE_TASK_FAILED", name: "Error", message: "failed" };
  return new RemoteTaskError(e.message, {
    code: e.code,
    remoteName: e.name,
    worker: outcome.worker,
    host: outcome.host,
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
