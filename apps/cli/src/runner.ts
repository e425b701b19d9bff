import type { InventoryHost } from "@patchbay/inventory";
import { describeError, type Output } from "./output.ts";
import { Progress } from "./progress.ts";

/** One host's outcome. */
export interface HostResult<T> {
  host: InventoryHost;
  ok: boolean;
  value?: T;
  error?: unknown;
  /** One line a user can act on, for failures. */
  message?: string;
  elapsedMs: number;
}

export interface RunOptions {
  title: string;
  parallel: number;
  /** Per host: the whole task (connect included) must finish in this time. */
  timeoutMs: number;
  /** Each result as soon as it is known (for --ndjson). */
  onResult?: (result: HostResult<unknown>) => void;
  quiet?: boolean;
  signal?: AbortSignal;
}

/**
 * Runs `task` on every host with at most `parallel` at once. A task gets a signal that aborts at its
 * host's deadline (or when the run is interrupted); the runner also stops waiting at that deadline,
 * so one stuck host can never hold the run.
 */
export async function forEachHost<T>(
  output: Output,
  hosts: readonly InventoryHost[],
  task: (host: InventoryHost, signal: AbortSignal) => Promise<T>,
  options: RunOptions,
): Promise<HostResult<T>[]> {
  const progress = new Progress(output, options.title, hosts.length, { quiet: options.quiet ?? false });
  const results: HostResult<T>[] = new Array(hosts.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < hosts.length) {
      const index = next++;
      const host = hosts[index]!;
      progress.start(host.name);
      const started = performance.now();
      const controller = new AbortController();
      const timer = setTimeout(
        () => controller.abort(new Error(`timed out after ${options.timeoutMs} ms`)),
        options.timeoutMs,
      );
      const onOuterAbort = (): void => controller.abort(options.signal?.reason);
      options.signal?.addEventListener("abort", onOuterAbort, { once: true });
      let result: HostResult<T>;
      try {
        const value = await Promise.race([
          task(host, controller.signal),
          new Promise<never>((_, reject) => {
            controller.signal.addEventListener("abort", () => reject(controller.signal.reason), {
              once: true,
            });
          }),
        ]);
        result = { host, ok: true, value, elapsedMs: performance.now() - started };
      } catch (error) {
        result = {
          host,
          ok: false,
          error,
          message: describeError(error, output.debug),
          elapsedMs: performance.now() - started,
        };
      } finally {
        clearTimeout(timer);
        options.signal?.removeEventListener("abort", onOuterAbort);
        if (!controller.signal.aborted) controller.abort();
      }
      results[index] = result;
      progress.finish(host.name, result.ok, result.ok ? "" : (result.message ?? ""));
      options.onResult?.(result);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.parallel, hosts.length)) }, worker));
  } finally {
    progress.stop();
  }
  return results;
}
