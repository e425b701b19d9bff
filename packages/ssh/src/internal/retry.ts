/**
 * Delay before connect retry number `attempt` (1-based): exponential from `minMs`, capped at
 * `maxMs`, with "full jitter" between `minMs` and that cap so many clients do not retry in step.
 */
export function retryDelay(
  attempt: number,
  minMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const cap = Math.min(maxMs, minMs * 2 ** Math.max(0, attempt - 1) * 2);
  const low = Math.min(minMs, cap);
  return Math.round(low + random() * (cap - low));
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts (the timer is cleared). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
