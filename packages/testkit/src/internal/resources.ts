import { createHook } from "node:async_hooks";
import { setTimeout as sleep } from "node:timers/promises";

// The handle types that outlive an operation when something is not closed: sockets, pipes, child
// processes and timers. Requests (DNS, connect, write) end by themselves and are left out. TLSWRAP
// is left out too: it is destroyed only when garbage-collected, long after its socket closed; the
// TCPWRAP under it tells whether the connection was closed.
const WATCHED = new Set(["TCPWRAP", "PIPEWRAP", "PROCESSWRAP", "UDPWRAP", "Timeout", "SIGNALWRAP"]);

/** Resources created since `trackResources()` and not yet destroyed. */
export interface ResourceTracker {
  /** The watched resources still alive, by type, once the event loop had up to `settleMs` to close them. */
  leaks(settleMs?: number): Promise<Record<string, number>>;
  stop(): void;
}

/**
 * Starts watching handle creation with async_hooks. Comparing live counts of the whole process is
 * not reliable under a test runner (its own timers come and go); following the handles created
 * during the checked operation is.
 */
export function trackResources(): ResourceTracker {
  const alive = new Map<number, string>();
  let ignoring = false;
  const hook = createHook({
    init(asyncId, type) {
      if (!ignoring && WATCHED.has(type)) alive.set(asyncId, type);
    },
    destroy(asyncId) {
      alive.delete(asyncId);
    },
  });
  hook.enable();
  const counts = (): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const type of alive.values()) out[type] = (out[type] ?? 0) + 1;
    return out;
  };
  return {
    async leaks(settleMs = 2000): Promise<Record<string, number>> {
      // Sockets close and timers are destroyed a few turns after close() resolves; destroy hooks run
      // after that. Poll rather than sleep a fixed time; the poll's own timers are not counted.
      const until = Date.now() + settleMs;
      while (alive.size > 0 && Date.now() < until) {
        ignoring = true;
        const pause = sleep(25);
        ignoring = false;
        await pause;
      }
      return counts();
    },
    stop(): void {
      hook.disable();
    },
  };
}
