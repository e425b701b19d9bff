import type { DeviceInput } from "@patchbay/core";
import { type SimDevice, type SimDeviceOptions, startDevice } from "@patchbay/devsim";

export const USER = "admin";
export const PASSWORD = "Srl-sim-pw-3";

/** A simulated SR Linux on 127.0.0.1:0. */
export function startSrl(options: Partial<SimDeviceOptions> = {}): Promise<SimDevice> {
  return startDevice({
    platform: "nokia_srlinux",
    hostname: "leaf1",
    username: USER,
    password: PASSWORD,
    netconf: false,
    ...options,
  });
}

/** A device for the CLI plugin. */
export function cliDevice(sim: SimDevice, overrides: Partial<DeviceInput> = {}): DeviceInput {
  return {
    id: "leaf1",
    host: sim.host,
    port: sim.port,
    username: USER,
    password: PASSWORD,
    platform: "nokia_srlinux",
    data: { ssh: { hostKeyPolicy: "off", keepaliveIntervalMs: 0 } },
    ...overrides,
  };
}

/** A device for the JSON-RPC plugin: the simulator's HTTPS port, its certificate trusted as the CA. */
export function apiDevice(sim: SimDevice, overrides: Partial<DeviceInput> = {}): DeviceInput {
  const endpoint = sim.http;
  if (endpoint === undefined) throw new Error("start the simulator with http: true");
  return {
    id: "leaf1-api",
    host: endpoint.host,
    port: endpoint.port,
    username: USER,
    password: PASSWORD,
    platform: "nokia_srlinux",
    data: { http: { tls: { ca: endpoint.certificatePem } } },
    ...overrides,
  };
}
