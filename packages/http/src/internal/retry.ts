/**
 * Delay before retry number `attempt` (1-based): exponential from `minMs`, capped at `maxMs`, with
 * "full jitter" between `minMs` and that cap so many clients do not retry in step.
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

/**
 * The delay a `Retry-After` header asks for (seconds or an HTTP date), capped at `maxMs`;
 * undefined when absent or unreadable.
 */
export function retryAfterMs(
  value: string | undefined,
  maxMs: number,
  now: number = Date.now(),
): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(maxMs, Math.max(0, Math.round(ms)));
}
