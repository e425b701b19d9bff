import { EventEmitter } from "node:events";
import { type ErrorContext, OperationAbortedError, TimeoutError } from "@patchbay/core";

/**
 * One request's time limit and the caller's signal, joined. An `EventEmitter` with `aborted` and
 * `reason`, which undici accepts as a request's `signal`: a request pays for one timer, not for an
 * `AbortController` (an EventTarget costs several microseconds and a listener more, on every call).
 * The `reason` is the typed error (`TimeoutError`, `OperationAbortedError`).
 */
export class RequestDeadline extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;
  readonly #caller: AbortSignal | undefined;
  #timer: NodeJS.Timeout | undefined;
  #controller: AbortController | undefined;
  /** The response body received so far, attached to a TimeoutError (set while a body is read). */
  partialOutput: (() => string | undefined) | undefined = undefined;
  /** Only made when the caller gave a signal: most requests never pay for the closure. */
  #onCallerAbort: (() => void) | undefined;

  constructor(context: ErrorContext, operation: string, timeoutMs: number, signal: AbortSignal | undefined) {
    super();
    this.#caller = signal;
    if (signal !== undefined) {
      const onAbort = (): void => {
        const who = context.deviceId ?? context.host;
        this.abort(
          new OperationAbortedError(
            `${who === undefined ? "" : `device "${who}": `}${operation} was aborted by the caller.`,
            { ...context, cause: signal.reason },
          ),
        );
      };
      if (signal.aborted) {
        onAbort();
        return;
      }
      this.#onCallerAbort = onAbort;
      signal.addEventListener("abort", onAbort, { once: true });
    }
    if (Number.isFinite(timeoutMs)) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        const who = context.deviceId ?? context.host;
        this.abort(
          new TimeoutError(
            `${who === undefined ? "" : `device "${who}": `}${operation} timed out after ${timeoutMs} ms.`,
            {
              ...context,
              timeoutMs,
              phase: "request",
              ...partial(this.partialOutput?.()),
            },
          ),
        );
      }, timeoutMs);
    }
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.dispose();
    this.#controller?.abort(reason);
    this.emit("abort");
  }

  /** Throws the typed error if the time ran out or the caller aborted. */
  throwIfDone(): void {
    if (this.aborted) throw this.reason;
  }

  /** Stops the clock but keeps following the caller's signal (a streamed body after its headers). */
  stopTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Stops the clock and forgets the caller's signal. */
  dispose(): void {
    this.stopTimer();
    if (this.#onCallerAbort !== undefined) this.#caller?.removeEventListener("abort", this.#onCallerAbort);
    this.#onCallerAbort = undefined;
  }

  /** An `AbortSignal` that follows this deadline, for code that needs a real one (custom logins). */
  toAbortSignal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.aborted) this.#controller.abort(this.reason);
    }
    return this.#controller.signal;
  }

  /** Resolves after `ms`, or rejects with the reason when the deadline aborts first. */
  sleep(ms: number): Promise<void> {
    if (this.aborted) return Promise.reject(this.reason);
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(this.reason);
      };
      const timer = setTimeout(() => {
        this.removeListener("abort", onAbort);
        resolve();
      }, ms);
      this.once("abort", onAbort);
    });
  }
}

/** `{ partialOutput }` when there is some, else nothing (the field stays undefined). */
export function partial(text: string | undefined): { partialOutput?: string } {
  return text === undefined || text === "" ? {} : { partialOutput: text };
}
