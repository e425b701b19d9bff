import { hostname } from "node:os";
import { isPatchbayError } from "@patchbay/core";
import { type ConnectionOptions, type Job, WaitingError, Worker } from "bullmq";
import type { QueueConnection } from "./connection.ts";
import type { HostJobData, HostJobResult, RemoteError, StartedMark } from "./job.ts";
import { removeHeartbeat, type WorkerInfo, writeHeartbeat } from "./registry.ts";

/** What a worker does for one host. */
export interface TaskContext {
  runId: string;
  /** The host's name; resolve it (and its secrets) from the worker's own fleet file. */
  host: string;
  args: unknown;
  timeoutMs: number;
  /** Aborts at the host's time limit, or when the worker hands the job back at shutdown. */
  signal: AbortSignal;
}

/** A task the worker knows, by name. */
export interface TaskHandler {
  /**
   * True when the task changes devices (config apply --commit, shell): such a job is never run a
   * second time after a worker that had started it died; it is reported as OUTCOME_UNKNOWN instead.
   */
  changing(args: unknown): boolean;
  run(context: TaskContext): Promise<unknown>;
}

/** Options of `createWorker`. */
export interface CreateWorkerOptions {
  connection: QueueConnection;
  /** sha256 of this worker's fleet file; jobs from a controller with another fleet are refused. */
  fleetHash: string;
  tasks: Readonly<Record<string, TaskHandler>>;
  /** Shown in `workers` and results. @default "<hostname>-<pid>" */
  name?: string | undefined;
  /** Jobs at once. @default 10 */
  concurrency?: number | undefined;
  /** @default 2000 */
  heartbeatMs?: number | undefined;
  /** How often workers look for jobs of dead workers (they are taken over after this). @default 30000 */
  stalledIntervalMs?: number | undefined;
  /**
   * How long a job stays claimed without a lock renewal (renewed at half of it): a job of a dead
   * worker is taken over between this and this plus `stalledIntervalMs` after it died. Shorter
   * risks a busy (not dead) worker losing its job. @default 2 * stalledIntervalMs
   */
  lockDurationMs?: number | undefined;
  /** At shutdown, read-only jobs still running after this are handed back to the queue. @default 10000 */
  graceMs?: number | undefined;
  /** Masks secrets in a result before it is stored in Redis (the worker's fleet secrets). */
  mask?: ((value: unknown) => unknown) | undefined;
  /** One line per job and per state change. */
  log?: ((line: string) => void) | undefined;
}

/** A running worker. */
export interface QueueWorker {
  readonly name: string;
  readonly inFlight: number;
  readonly done: number;
  /** Resolves once the worker is connected and pulling jobs. */
  ready(): Promise<void>;
  /**
   * Stops taking jobs, lets changing jobs finish, hands read-only ones still running after
   * `graceMs` back to the queue, and removes the worker's record.
   */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Starts a worker that pulls host jobs from the queue and runs them with `tasks`. */
export function createWorker(options: CreateWorkerOptions): QueueWorker {
  const { connection } = options;
  const name = options.name ?? `${hostname()}-${process.pid}`;
  const concurrency = options.concurrency ?? 10;
  const heartbeatMs = options.heartbeatMs ?? 2000;
  const stalledIntervalMs = options.stalledIntervalMs ?? 30_000;
  const log = options.log ?? (() => {});
  const mask = options.mask ?? ((v: unknown) => v);
  const startedAt = Date.now();
  const handBack = new AbortController();
  const running = new Map<string, { changing: boolean }>();
  let inFlight = 0;
  let done = 0;
  let state: WorkerInfo["state"] = "running";

  const processor = async (job: Job<HostJobData, HostJobResult>, token?: string): Promise<HostJobResult> => {
    const data = job.data;
    const started = performance.now();
    const fail = (code: string, message: string, errName = "QueueError"): HostJobResult => ({
      ok: false,
      error: { code, name: errName, message },
      worker: name,
      elapsedMs: performance.now() - started,
    });
    if (data.fleetHash !== options.fleetHash) {
      log(`${data.host} ${data.task} refused: fleet file differs (run ${data.runId})`);
      return fail(
        "FLEET_MISMATCH",
        `worker ${name} has a different fleet file (sha256 ${short(options.fleetHash)}, the run's is ${short(data.fleetHash)}): give every worker the controller's fleet file`,
        "FleetMismatchError",
      );
    }
    const handler = Object.hasOwn(options.tasks, data.task) ? options.tasks[data.task] : undefined;
    if (handler === undefined) {
      return fail(
        "QUEUE_USAGE",
        `worker ${name} does not know the task "${data.task}": update patchbay on it`,
      );
    }
    const changing = handler.changing(data.args);
    if (changing) {
      const mark = job.progress as Partial<StartedMark> | number | undefined;
      if (typeof mark === "object" && mark !== null && mark.stage === "started") {
        log(`${data.host} ${data.task} OUTCOME_UNKNOWN: started by ${mark.worker}, which stopped answering`);
        return fail(
          "OUTCOME_UNKNOWN",
          `worker ${mark.worker} started this change at ${new Date(mark.at ?? 0).toISOString()} and stopped answering before it reported a result; it may or may not have been applied, so it was not run again: check the device`,
          "OutcomeUnknownError",
        );
      }
      await job.updateProgress({ stage: "started", worker: name, at: Date.now() } satisfies StartedMark);
    }
    const id = job.id ?? "";
    running.set(id, { changing });
    inFlight++;
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new Error(`timed out after ${data.timeoutMs} ms`)),
      data.timeoutMs,
    );
    const onHandBack = (): void => {
      if (!changing) controller.abort(new Error("handed back at worker shutdown"));
    };
    handBack.signal.addEventListener("abort", onHandBack, { once: true });
    try {
      const value = await Promise.race([
        handler.run({
          runId: data.runId,
          host: data.host,
          args: data.args,
          timeoutMs: data.timeoutMs,
          signal: controller.signal,
        }),
        new Promise<never>((_, reject) => {
          controller.signal.addEventListener("abort", () => reject(controller.signal.reason), { once: true });
        }),
      ]);
      const elapsedMs = performance.now() - started;
      log(`${data.host} ${data.task} ok ${Math.round(elapsedMs)} ms (run ${data.runId})`);
      return { ok: true, value: mask(value), worker: name, elapsedMs };
    } catch (error) {
      if (handBack.signal.aborted && !changing && token !== undefined) {
        // Back to the waiting list: another worker runs it from the start (read-only, safe to repeat).
        await job.moveToWait(token);
        log(`${data.host} ${data.task} handed back (run ${data.runId})`);
        throw new WaitingError();
      }
      const remote = toRemoteError(error, mask);
      log(`${data.host} ${data.task} FAILED ${remote.code}: ${remote.message} (run ${data.runId})`);
      return { ok: false, error: remote, worker: name, elapsedMs: performance.now() - started };
    } finally {
      clearTimeout(timer);
      handBack.signal.removeEventListener("abort", onHandBack);
      running.delete(id);
      inFlight--;
      done++;
    }
  };

  const worker = new Worker<HostJobData, HostJobResult>(connection.queueName, processor, {
    prefix: connection.prefix,
    connection: connection.redisOptions as ConnectionOptions,
    name,
    concurrency,
    stalledInterval: stalledIntervalMs,
    lockDuration: options.lockDurationMs ?? 2 * stalledIntervalMs,
    // A read-only job may be taken over twice; a changing one is caught by its start mark.
    maxStalledCount: 2,
    drainDelay: 1,
  });
  let lastError = "";
  worker.on("error", (error) => {
    const line = connection.mask(error instanceof Error ? error.message : String(error));
    if (line !== lastError) log(`queue: ${line}`);
    lastError = line;
  });

  const info = (): WorkerInfo => ({
    name,
    hostname: hostname(),
    pid: process.pid,
    concurrency,
    inFlight,
    done,
    fleetHash: options.fleetHash,
    startedAt,
    lastHeartbeat: Date.now(),
    state,
  });
  const beat = (): void => {
    writeHeartbeat(connection, info(), heartbeatMs * 3).catch(() => {});
  };
  beat();
  const heartbeat = setInterval(beat, heartbeatMs);
  heartbeat.unref();

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      state = "stopping";
      beat();
      const grace = setTimeout(() => handBack.abort(), options.graceMs ?? 10_000);
      try {
        await worker.close();
      } finally {
        clearTimeout(grace);
        clearInterval(heartbeat);
        await removeHeartbeat(connection, name).catch(() => {});
      }
    })();
    return closing;
  };
  return {
    name,
    get inFlight() {
      return inFlight;
    },
    get done() {
      return done;
    },
    ready: () => worker.waitUntilReady().then(() => undefined),
    close,
    [Symbol.asyncDispose]: close,
  };
}

function toRemoteError(error: unknown, mask: (value: unknown) => unknown): RemoteError {
  const message = error instanceof Error ? error.message : String(error);
  const code = isPatchbayError(error) ? error.code : (error as { code?: unknown })?.code;
  return {
    code: typeof code === "string" ? code : error instanceof Error ? error.name : "ERROR",
    name: error instanceof Error ? error.name : "Error",
    message: String(mask((message.split("\n")[0] ?? "").slice(0, 500))),
  };
}

function short(hash: string): string {
  return hash.slice(0, 12);
}
