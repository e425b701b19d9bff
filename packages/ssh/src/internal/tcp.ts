import { type Socket, connect as tcpConnect } from "node:net";
import { deviceLabel, type ErrorContext, isPatchbayError, TimeoutError } from "@patchbay/core";
import { mapConnectError } from "../errors.ts";

/** Where to open the TCP connection and for how long to try. */
export interface TcpTarget {
  host: string;
  port: number;
  connectTimeoutMs: number;
}

/**
 * Step 1 of a connection: the TCP socket to the device. Refusals and unreachable networks become
 * `UnreachableError`, a slow connect `TimeoutError` (phase `connect`), an abort the signal's reason.
 */
export function openTcp(
  target: TcpTarget,
  context: ErrorContext,
  secrets: readonly string[],
  signal: AbortSignal,
): Promise<Socket> {
  const { host, port, connectTimeoutMs } = target;
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host, port });
    const done = (err?: unknown): void => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      socket.removeListener("error", done);
      socket.removeListener("connect", onConnect);
      if (err === undefined) return;
      socket.destroy();
      reject(isPatchbayError(err) ? err : mapConnectError(err, { ...context, secrets, phase: "connect" }));
    };
    const onConnect = (): void => {
      done();
      socket.setNoDelay(true);
      resolve(socket);
    };
    const onAbort = (): void => done(signal.reason);
    const timer = setTimeout(
      () =>
        done(
          new TimeoutError(
            `${deviceLabel(context)}TCP connection to ${host}:${port} not established within ${connectTimeoutMs} ms.`,
            { ...context, phase: "connect", timeoutMs: connectTimeoutMs },
          ),
        ),
      connectTimeoutMs,
    );
    socket.once("connect", onConnect);
    socket.once("error", done);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
