import type { DeviceInput } from "@patchbay/core";
import { type SimDevice, type SimDeviceOptions, startDevice } from "@patchbay/devsim";

export const USER = "netops";
export const PASSWORD = "Pw-for-tests-1";
export const SECRET = "enable-Secret-2";

/** An NX-OS simulator on 127.0.0.1:0. */
export function startNxos(options: Partial<SimDeviceOptions> = {}): Promise<SimDevice> {
  return startDevice({
    platform: "cisco_nxos",
    username: USER,
    password: PASSWORD,
    enableSecret: SECRET,
    ...options,
  });
}

/** A device for the SSH CLI plugins. */
export function cliDevice(sim: SimDevice, overrides: Partial<DeviceInput> = {}): DeviceInput {
  return {
    id: "n1",
    host: sim.host,
    port: sim.port,
    username: USER,
    password: PASSWORD,
    platform: "cisco_nxos",
    data: { enableSecret: SECRET, ssh: { hostKeyPolicy: "off", keepaliveIntervalMs: 0 } },
    ...overrides,
  };
}

/** Counts the simulator's configuration changes from now on. */
export function countChanges(sim: SimDevice): { readonly count: number; stop: () => void } {
  let count = 0;
  const stop = sim.state.subscribe(() => {
    count++;
  });
  return {
    get count() {
      return count;
    },
    stop,
  };
}

/** A device for the NX-API plugin: the simulator's HTTPS port, its certificate trusted as the CA. */
export function apiDevice(sim: SimDevice, overrides: Partial<DeviceInput> = {}): DeviceInput {
  const endpoint = sim.http;
  if (endpoint === undefined) throw new Error("start the simulator with http: true");
  return {
    id: "n1-api",
    host: endpoint.host,
    port: endpoint.port,
    username: USER,
    password: PASSWORD,
    platform: "cisco_nxos",
    data: { http: { tls: { ca: endpoint.certificatePem } } },
    ...overrides,
  };
}
