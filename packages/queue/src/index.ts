// The public API of @patchbay/queue. Every export is listed by name.
export {
  connectQueue,
  describeConnectError,
  parseRedisUrl,
  type QueueConnection,
  type QueueConnectionOptions,
  type RedisTarget,
} from "./connection.ts";
export {
  FleetMismatchError,
  OutcomeUnknownError,
  QueueAuthError,
  QueueCancelledError,
  QueueError,
  QueueLostError,
  QueueUnreachableError,
  QueueUsageError,
  RemoteTaskError,
} from "./errors.ts";
export { hashFleetFile, hashFleetText } from "./fleet-hash.ts";
export { type HostJobData, type HostJobResult, type JobOutcome, newRunId, type RemoteError } from "./job.ts";
export { getRun, listRuns, listWorkers, type RunInfo, type RunReport, type WorkerInfo } from "./registry.ts";
export { type EnqueueRunOptions, enqueueRun, outcomeError, type RunHandle } from "./run.ts";
export {
  type CreateWorkerOptions,
  createWorker,
  type QueueWorker,
  type TaskContext,
  type TaskHandler,
} from "./worker.ts";
