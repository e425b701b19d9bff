import { type ErrorContext, OperationAbortedError, TimeoutError } from "./errors.ts";

/** What every network operation accepts. */
export interface OperationOptions {
  /** Upper bound for the whole operation, in milliseconds. Each operation documents its default. */
  timeoutMs?: number | undefined;
  /** Aborts the operation; it rejects with `OperationAbortedError`. */
  signal?: AbortSignal | undefined;
}

/**
 * One operation's time limit and cancellation, joined into a single `signal`. Call `dispose()` when
 * the operation ends (a `using` declaration does it), so no timer outlives it.
 */
export interface Deadline extends Disposable {
  /** Aborted when the time runs out or the caller aborts. Its `reason` is the typed error. */
  readonly signal: AbortSignal;
  /** Throws the typed error if the deadline has passed or the caller aborted. */
  throwIfDone(): void;
  /**
   * Settles with `promise`, or rejects with the typed error as soon as the deadline passes.
   * `onAbort` runs once on abort, to stop the underlying work (close a channel, kill a command).
   */
  race<T>(promise: Promise<T>, onAbort?: (reason: unknown) => void): Promise<T>;
  dispose(): void;
}

export interface DeadlineOptions extends OperationOptions, ErrorContext {
  /** What is being done, for the error message: `connect`, `exec "show version"`... */
  operation: string;
  /** Used when `timeoutMs` is not given. Infinity means no limit. */
  defaultTimeoutMs: number;
  /** Returns output received so far, attached to the TimeoutError or OperationAbortedError. */
  partialOutput?: () => string;
}

/** Starts a deadline. See `Deadline`. */
export function createDeadline(options: DeadlineOptions): Deadline {
  const timeoutMs = options.timeoutMs ?? options.defaultTimeoutMs;
  const controller = new AbortController();
  const ctx: ErrorContext = {
    deviceId: options.deviceId,
    host: options.host,
    platform: options.platform,
    command: options.command,
  };
  const who = ctx.deviceId ?? ctx.host;
  const prefix = who !== undefined ? `device "${who}": ` : "";
  let timer: NodeJS.Timeout | undefined;
  const onCallerAbort = (): void => {
    controller.abort(
      new OperationAbortedError(`${prefix}${options.operation} was aborted by the caller.`, {
        ...ctx,
        cause: options.signal?.reason,
        partialOutput: options.partialOutput?.(),
      }),
    );
    cleanup();
  };
  const cleanup = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    options.signal?.removeEventListener("abort", onCallerAbort);
  };
  if (options.signal?.aborted) onCallerAbort();
  else {
    options.signal?.addEventListener("abort", onCallerAbort, { once: true });
    if (Number.isFinite(timeoutMs)) {
      timer = setTimeout(() => {
        timer = undefined;
        controller.abort(
          new TimeoutError(`${prefix}${options.operation} timed out after ${timeoutMs} ms.`, {
            ...ctx,
            timeoutMs,
            phase: options.operation,
            partialOutput: options.partialOutput?.(),
          }),
        );
        cleanup();
      }, timeoutMs);
    }
  }
  const signal = controller.signal;
  return {
    signal,
    throwIfDone() {
      if (signal.aborted) throw signal.reason;
    },
    race<T>(promise: Promise<T>, onAbort?: (reason: unknown) => void): Promise<T> {
      if (signal.aborted) {
        onAbort?.(signal.reason);
        promise.catch(() => {});
        return Promise.reject(signal.reason);
      }
      return new Promise<T>((resolve, reject) => {
        const abort = (): void => {
          onAbort?.(signal.reason);
          reject(signal.reason);
        };
        signal.addEventListener("abort", abort, { once: true });
        promise.then(
          (v) => {
            signal.removeEventListener("abort", abort);
            resolve(v);
          },
          (e: unknown) => {
            signal.removeEventListener("abort", abort);
            reject(e);
          },
        );
      });
    },
    dispose: cleanup,
    [Symbol.dispose]: cleanup,
  };
}
