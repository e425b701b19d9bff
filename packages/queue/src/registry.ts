import type { QueueConnection } from "./connection.ts";
import { type HostJobData, type JobOutcome, jobId, keys, outcomeOf } from "./job.ts";

/** A live worker, as its last heartbeat said. */
export interface WorkerInfo {
  name: string;
  /** The machine it runs on. */
  hostname: string;
  pid: number;
  concurrency: number;
  /** Jobs it works on now. */
  inFlight: number;
  /** Jobs it finished since it started. */
  done: number;
  /** sha256 of its fleet file. */
  fleetHash: string;
  startedAt: number;
  lastHeartbeat: number;
  /** "running", or "stopping" after SIGTERM. */
  state: "running" | "stopping";
}

/** A run, as the controller recorded it. */
export interface RunInfo {
  runId: string;
  task: string;
  /** The task's title, for example "run show version". */
  title: string;
  total: number;
  createdAt: number;
  fleetHash: string;
  /** Host names in order. */
  hosts: string[];
}

/** Writes a worker's heartbeat; it expires after `ttlMs` unless renewed. */
export async function writeHeartbeat(
  connection: QueueConnection,
  info: WorkerInfo,
  ttlMs: number,
): Promise<void> {
  const k = keys(connection);
  await connection.redis
    .multi()
    .set(k.worker(info.name), JSON.stringify(info), "PX", ttlMs)
    .zadd(k.workers, info.lastHeartbeat, info.name)
    .exec();
}

/** Removes a worker's record (it stopped). */
export async function removeHeartbeat(connection: QueueConnection, name: string): Promise<void> {
  const k = keys(connection);
  await connection.redis.multi().del(k.worker(name)).zrem(k.workers, name).exec();
}

/** Workers whose heartbeat has not expired, by name. */
export async function listWorkers(connection: QueueConnection): Promise<WorkerInfo[]> {
  const k = keys(connection);
  const names = await connection.redis.zrange(k.workers, "0", "-1");
  if (names.length === 0) return [];
  const values = await connection.redis.mget(...names.map((n) => k.worker(n)));
  const gone = names.filter((_, i) => values[i] === null);
  if (gone.length > 0) await connection.redis.zrem(k.workers, ...gone);
  return values
    .filter((v): v is string => v !== null)
    .map((v) => JSON.parse(v) as WorkerInfo)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Records a run for `retentionSeconds`. */
export async function recordRun(
  connection: QueueConnection,
  run: RunInfo,
  retentionSeconds: number,
): Promise<void> {
  const k = keys(connection);
  const expireBefore = Date.now() - retentionSeconds * 1000;
  await connection.redis
    .multi()
    .set(k.run(run.runId), JSON.stringify(run), "EX", retentionSeconds)
    .zadd(k.runs, String(run.createdAt), run.runId)
    .zremrangebyscore(k.runs, "-inf", String(expireBefore))
    .exec();
}

/** Runs still kept, newest first. */
export async function listRuns(connection: QueueConnection): Promise<RunInfo[]> {
  const k = keys(connection);
  const ids = await connection.redis.zrevrange(k.runs, "0", "-1");
  if (ids.length === 0) return [];
  const values = await connection.redis.mget(...ids.map((id) => k.run(id)));
  return values.filter((v): v is string => v !== null).map((v) => JSON.parse(v) as RunInfo);
}

/** A run and every host's outcome so far (`undefined` for hosts still waiting or running). */
export interface RunReport {
  run: RunInfo;
  outcomes: (JobOutcome | undefined)[];
}

/** Reads one run, or undefined when it is unknown or expired. */
export async function getRun(connection: QueueConnection, runId: string): Promise<RunReport | undefined> {
  const k = keys(connection);
  const raw = await connection.redis.get(k.run(runId));
  if (raw === null) return undefined;
  const run = JSON.parse(raw) as RunInfo;
  const outcomes = await readOutcomes(
    connection,
    run.hosts.map((host, index) => ({ runId, index, host })),
  );
  return { run, outcomes };
}

/** Reads finished jobs' outcomes in one pipeline. */
export async function readOutcomes(
  connection: QueueConnection,
  jobs: readonly Pick<HostJobData, "runId" | "index" | "host">[],
): Promise<(JobOutcome | undefined)[]> {
  if (jobs.length === 0) return [];
  const k = keys(connection);
  const pipeline = connection.redis.pipeline();
  for (const j of jobs)
    pipeline.hmget(k.job(jobId(j.runId, j.index)), "finishedOn", "returnvalue", "failedReason");
  const replies = (await pipeline.exec()) ?? [];
  return jobs.map((j, i) => {
    const [error, fields] = replies[i] ?? [null, null];
    if (error || !Array.isArray(fields)) return undefined;
    const [finishedOn, returnvalue, failedReason] = fields as (string | null)[];
    if (finishedOn === null || finishedOn === undefined) return undefined;
    let value: unknown = null;
    try {
      value = returnvalue ? JSON.parse(returnvalue) : null;
    } catch {
      value = null;
    }
    return outcomeOf(j, {
      finishedOn: Number(finishedOn),
      returnvalue: value,
      failedReason: failedReason ?? undefined,
    });
  });
}
