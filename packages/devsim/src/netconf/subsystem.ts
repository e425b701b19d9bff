import type { ServerChannel } from "ssh2";
import type { ChannelWriter } from "../internal/channel-writer.ts";
import type { SessionHost } from "../internal/session.ts";
import type { DeviceState } from "../state.ts";
import type { SimNetconf, SimNetconfOptions } from "../types.ts";
import { NetconfServer } from "./server.ts";
import { NetconfSession } from "./session.ts";

/** The device's NETCONF server per its `netconf` option; undefined when turned off. */
export function createNetconfServer(
  state: DeviceState,
  option: boolean | SimNetconfOptions | undefined,
): NetconfServer | undefined {
  if (option === false) return undefined;
  const options = typeof option === "object" ? option : {};
  return new NetconfServer(state, { routes: options.routes ?? 0, base11: options.base11 ?? true });
}

/** Runs a NETCONF session on an accepted `netconf` subsystem channel; `host` supplies the output faults. */
export function openNetconfSession(
  server: NetconfServer,
  channel: ServerChannel,
  writer: ChannelWriter,
  info: { username: string; sourceHost: string },
  host?: SessionHost,
): void {
  const session = new NetconfSession(
    server,
    channel,
    writer,
    info,
    () => {
      // ssh2 keeps a channel open until both sides close it.
      try {
        if (!channel.destroyed) channel.close();
      } catch {
        // Already gone.
      }
    },
    host,
  );
  if (server.closed) session.terminate();
}

/** The public handle of a device's NETCONF server. */
export function netconfHandle(server: NetconfServer): SimNetconf {
  return {
    get sessions() {
      return server.sessions.length;
    },
    setRoutes: (count: number) => server.setRoutes(count),
  };
}
