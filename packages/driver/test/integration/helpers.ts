import { createDevice, type Device } from "@patchbay/core";
import { type SimDevice, type SimDeviceOptions, startDevice } from "@patchbay/devsim";
import { SshConnection } from "@patchbay/ssh";
import { NetworkDriver, type NetworkDriverOptions } from "../../src/index.ts";

export const USER = "admin";
export const PASSWORD = "admin-pw";
export const SECRET = "enable-s3cret";

export interface Session {
  sim: SimDevice;
  device: Device;
  driver: NetworkDriver;
  connection: SshConnection;
}

/** A devsim device on 127.0.0.1:0. */
export function startSim(options: SimDeviceOptions): Promise<SimDevice> {
  return startDevice({ username: USER, password: PASSWORD, enableSecret: SECRET, ...options });
}

/** Opens an SSH shell to `sim` and hands it to a NetworkDriver, which is opened. */
export async function openDriver(
  sim: SimDevice,
  platform: string,
  options: Partial<NetworkDriverOptions> & { enableSecret?: string | undefined } = {},
): Promise<Session> {
  const device = createDevice({
    host: sim.host,
    port: sim.port,
    username: USER,
    password: PASSWORD,
    platform,
    data:
      options.enableSecret === undefined && "enableSecret" in options
        ? {}
        : { enableSecret: options.enableSecret ?? SECRET },
  });
  const connection = new SshConnection({ device, options: { hostKeyPolicy: "off" } });
  const driver = new NetworkDriver({
    device,
    timeoutOpsMs: 20_000,
    transport: async (op) => {
      await connection.connect(op);
      return connection.openShell(op);
    },
    ...options,
  });
  try {
    await driver.open({ timeoutMs: 20_000 });
  } catch (error) {
    await connection.disconnect();
    throw error;
  }
  return { sim, device, driver, connection };
}

/** Closes the driver and the SSH connection. */
export async function closeSession(session: Session | undefined): Promise<void> {
  if (session === undefined) return;
  await session.driver.close().catch(() => undefined);
  await session.connection.disconnect();
}
