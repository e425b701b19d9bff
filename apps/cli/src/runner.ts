import { createDeadline, isPatchbayError } from "@patchbay/core";
import type { InventoryHost } from "@patchbay/inventory";
import { describeError, errorCode, type Output } from "./output.ts";
import { Progress } from "./progress.ts";

/** `ok`, `failed`, `skipped` (the platform lacks what the command needs) or `interrupted` (Ctrl-C). */
export type HostStatus = "ok" | "failed" | "skipped" | "interrupted";

/** One host's outcome. */
export interface HostResult<T> {
  host: InventoryHost;
  status: HostStatus;
  /** `status === "ok"`. */
  ok: boolean;
  value?: T;
  error?: unknown;
  /** The error's machine code (`TIMEOUT`, `AUTHENTICATION_FAILED`...), for failures. */
  code?: string;
  /** One line a user can act on, for failures and skips. */
  message?: string;
  elapsedMs: number;
}

/** A task's view of its host's deadline. */
export interface HostOp {
  /** Time left for the next operation (a little less than the host's deadline, so its own typed error wins). */
  readonly timeoutMs: number;
  /** Aborted at the host's deadline or when the run is interrupted. */
  readonly signal: AbortSignal;
  /** Names the phase under way (`connect`, `run "show version"`, `close`) and what it has received. */
  step(phase: string, partialOutput?: () => string): void;
}

/** Thrown by a task when its host cannot do what the command needs: the host is `skipped`, not failed. */
export class SkipHost extends Error {
  override readonly name = "SkipHost";
}

export interface RunOptions {
  title: string;
  parallel: number;
  /** Per host: the whole task (connect included) must finish in this time. */
  timeoutMs: number;
  /** Each result as soon as it is known (for --ndjson). */
  onResult?: (result: HostResult<unknown>) => void;
  quiet?: boolean;
  /** Interrupts the run: hosts not started are `interrupted`, running ones are aborted. */
  signal?: AbortSignal;
  /** How long to wait for aborted tasks to close their sessions after the run. @default 3000 */
  closeGraceMs?: number;
}

const SKIP_CODES = new Set(["NOT_IMPLEMENTED_FOR_PLATFORM", "UNSUPPORTED_OPERATION"]);

/**
 * Runs `task` on every host with at most `parallel` at once. Each host has a core deadline: its
 * operations get slightly less time, so their own `TimeoutError` (with phase and partial output)
 * wins; if a task ignores its signal, the runner's `TIMEOUT` names the phase it was in. Aborted tasks
 * are awaited (bounded) after the run so every session closes before the command exits.
 */
export async function forEachHost<T>(
  output: Output,
  hosts: readonly InventoryHost[],
  task: (host: InventoryHost, op: HostOp) => Promise<T>,
  options: RunOptions,
): Promise<HostResult<T>[]> {
  const progress = new Progress(output, options.title, hosts.length, { quiet: options.quiet ?? false });
  const results: HostResult<T>[] = new Array(hosts.length);
  const pending = new Set<Promise<unknown>>();
  const margin = Math.min(1000, Math.max(20, options.timeoutMs * 0.05));
  const onInterrupt = (): void =>
    progress.note("interrupted: stopping remote commands and closing sessions (Ctrl-C again to quit now)");
  options.signal?.addEventListener("abort", onInterrupt, { once: true });
  let next = 0;
  const runOne = async (host: InventoryHost): Promise<HostResult<T>> => {
    const started = performance.now();
    const phase: { name: string; partial: (() => string) | undefined } = {
      name: "start",
      partial: undefined,
    };
    const deadline = createDeadline({
      get operation() {
        return phase.name;
      },
      defaultTimeoutMs: options.timeoutMs,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      deviceId: host.name,
      platform: host.device.platform,
      partialOutput: () => phase.partial?.() ?? "",
    });
    const op: HostOp = {
      get timeoutMs() {
        return Math.max(1, Math.floor(options.timeoutMs - margin - (performance.now() - started)));
      },
      signal: deadline.signal,
      step(name, partial) {
        phase.name = name;
        phase.partial = partial;
      },
    };
    const work = task(host, op);
    pending.add(work);
    work.then(
      () => pending.delete(work),
      () => pending.delete(work),
    );
    try {
      const value = await deadline.race(work);
      return { host, status: "ok", ok: true, value, elapsedMs: performance.now() - started };
    } catch (error) {
      const code = error instanceof SkipHost ? "SKIPPED" : errorCode(error);
      const status: HostStatus =
        error instanceof SkipHost || SKIP_CODES.has(code)
          ? "skipped"
          : options.signal?.aborted && isPatchbayError(error) && code === "ABORTED"
            ? "interrupted"
            : "failed";
      return {
        host,
        status,
        ok: false,
        error,
        code,
        message: error instanceof SkipHost ? error.message : describeError(error, output.debug),
        elapsedMs: performance.now() - started,
      };
    } finally {
      deadline.dispose();
    }
  };
  const worker = async (): Promise<void> => {
    while (next < hosts.length) {
      const index = next++;
      const host = hosts[index]!;
      if (options.signal?.aborted) {
        results[index] = {
          host,
          status: "interrupted",
          ok: false,
          code: "INTERRUPTED",
          message: "not started: the run was interrupted",
          elapsedMs: 0,
        };
        continue;
      }
      progress.start(host.name);
      const result = await runOne(host);
      results[index] = result;
      progress.finish(host.name, result.status, result.ok ? "" : (result.message ?? ""));
      options.onResult?.(result);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.parallel, hosts.length)) }, worker));
  } finally {
    options.signal?.removeEventListener("abort", onInterrupt);
    progress.stop();
  }
  if (pending.size > 0) {
    // Tasks given up on (deadline or Ctrl-C) are closing their sessions; let them, within a bound.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...pending]),
      new Promise<void>((r) => {
        timer = setTimeout(r, options.closeGraceMs ?? 3000);
      }),
    ]);
    clearTimeout(timer);
  }
  return results;
}
