import type { DeviceInput } from "@patchbay/core";
import { type SimDevice, type SimDeviceOptions, startDevice } from "@patchbay/devsim";

export const USER = "netops";
export const PASSWORD = "Pw-for-tests-1";
export const SECRET = "enable-Secret-2";

/** An IOS-XE simulator on 127.0.0.1:0 with its NETCONF server on the SSH port. */
export function startIosxe(options: Partial<SimDeviceOptions> = {}): Promise<SimDevice> {
  return startDevice({
    platform: "cisco_iosxe",
    username: USER,
    password: PASSWORD,
    enableSecret: SECRET,
    ...options,
  });
}

/** A device for the SSH CLI plugins. */
export function cliDevice(sim: SimDevice, overrides: Partial<DeviceInput> = {}): DeviceInput {
  return {
    id: "r1",
    host: sim.host,
    port: sim.port,
    username: USER,
    password: PASSWORD,
    platform: "cisco_iosxe",
    data: { enableSecret: SECRET, ssh: { hostKeyPolicy: "off", keepaliveIntervalMs: 0 } },
    ...overrides,
  };
}

/** A device for the NETCONF plugin: the simulator serves NETCONF on its SSH port. */
export function netconfDevice(sim: SimDevice, overrides: Partial<DeviceInput> = {}): DeviceInput {
  return {
    id: "r1-netconf",
    host: sim.host,
    username: USER,
    password: PASSWORD,
    platform: "cisco_iosxe",
    data: { ssh: { hostKeyPolicy: "off", keepaliveIntervalMs: 0 }, netconf: { port: sim.port } },
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
