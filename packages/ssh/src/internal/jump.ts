import type { Duplex } from "node:stream";
import {
  ConnectionError,
  deviceLabel,
  type ErrorContext,
  isPatchbayError,
  TimeoutError,
} from "@patchbay/core";
import type { Client } from "ssh2";
import type { TcpTarget } from "./tcp.ts";

/**
 * Step 1 through a jump host (OpenSSH's ProxyJump): a `direct-tcpip` channel from the connected jump
 * host to the device, used as the socket of the device's SSH session.
 */
export function forwardThroughJump(
  jump: { client: Client; host: string },
  target: TcpTarget,
  context: ErrorContext,
  signal: AbortSignal,
): Promise<Duplex> {
  const { host, port, connectTimeoutMs } = target;
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (err: unknown, stream?: Duplex): void => {
      if (settled) {
        stream?.destroy();
        return;
      }
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      if (stream) resolve(stream);
      else
        reject(
          isPatchbayError(err)
            ? err
            : new ConnectionError(
                `${deviceLabel(context)}jump host ${jump.host} could not open a channel to ${host}:${port}: ${(err as Error).message}`,
                { ...context, cause: err },
              ),
        );
    };
    const onAbort = (): void => finish(signal.reason);
    const timer = setTimeout(
      () =>
        finish(
          new TimeoutError(
            `${deviceLabel(context)}jump host ${jump.host} did not open a channel to ${host}:${port} within ${connectTimeoutMs} ms.`,
            { ...context, phase: "connect", timeoutMs: connectTimeoutMs },
          ),
        ),
      connectTimeoutMs,
    );
    signal.addEventListener("abort", onAbort, { once: true });
    jump.client.forwardOut("127.0.0.1", 0, host, port, (err, stream) =>
      finish(err, err ? undefined : stream),
    );
  });
}
