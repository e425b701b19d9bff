import { PatchbayError, type PatchbayErrorOptions } from "@patchbay/core";

/** Base of every @patchbay/queue error. */
export class QueueError extends PatchbayError {
  static override readonly code: string = "QUEUE_ERROR";
}

/** Redis could not be reached (refused, timed out, DNS, TLS). */
export class QueueUnreachableError extends QueueError {
  static override readonly code: string = "QUEUE_UNREACHABLE";
}

/** Redis refused the credentials of the URL. */
export class QueueAuthError extends QueueError {
  static override readonly code: string = "QUEUE_AUTH";
}

/** The connection to Redis was lost and did not come back within the bound. */
export class QueueLostError extends QueueError {
  static override readonly code: string = "QUEUE_LOST";
}

/** The run was cancelled (Ctrl-C on the controller) before this host's job ran. */
export class QueueCancelledError extends QueueError {
  static override readonly code: string = "QUEUE_CANCELLED";
}

/** The worker's fleet file differs from the controller's. */
export class FleetMismatchError extends QueueError {
  static override readonly code: string = "FLEET_MISMATCH";
}

/** A changing task may have partly run on a worker that died: it is not run again. */
export class OutcomeUnknownError extends QueueError {
  static override readonly code: string = "OUTCOME_UNKNOWN";
}

/** A bad option or argument (URL, CA file, task name). */
export class QueueUsageError extends QueueError {
  static override readonly code: string = "QUEUE_USAGE";
}

/**
 * A host's task failed on a worker. `code` is the code the worker reported (for example
 * `CONNECTION_TIMEOUT`, `FLEET_MISMATCH`, `OUTCOME_UNKNOWN`), so output matches a local run.
 */
export class RemoteTaskError extends QueueError {
  static override readonly code: string = "REMOTE_TASK_FAILED";
  /** The worker that reported it, when known. */
  readonly worker: string | undefined;
  /** The name of the error on the worker. */
  readonly remoteName: string;

  constructor(
    message: string,
    options: PatchbayErrorOptions & { code: string; remoteName?: string; worker?: string | undefined },
  ) {
    super(message, options);
    this.worker = options.worker;
    this.remoteName = options.remoteName ?? "Error";
    // The reported code, so JSON output and tables name the real cause (OUTCOME_UNKNOWN, FLEET_MISMATCH...).
    Object.defineProperty(this, "code", { value: options.code, enumerable: true });
  }
}
