import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll } from "vitest";

/**
 * Node emits the async_hooks `destroy` of a TLS socket (TLSWRAP) only when the socket object is
 * garbage collected, not when it closes; testkit's leak check, which follows destroy hooks, then
 * reports every closed HTTPS connection as a leak. Collecting garbage while the check polls lets
 * closed sockets be seen as closed; a socket still open is not collected and is still reported.
 */
export function collectGarbageDuringTests(): void {
  let timer: NodeJS.Timeout | undefined;
  beforeAll(() => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    timer = setInterval(gc, 20);
    timer.unref();
  });
  afterAll(() => clearInterval(timer));
}
