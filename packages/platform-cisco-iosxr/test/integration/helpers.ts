import type { DeviceInput } from "@patchbay/core";
import { type SimDevice, startDevice } from "@patchbay/devsim";

export const USER = "admin";
export const PASSWORD = "iosxr-sim-pw";
export const IF_NS = "urn:ietf:params:xml:ns:yang:ietf-interfaces";
export const IANA_NS = "urn:ietf:params:xml:ns:yang:iana-if-type";

/** A simulated IOS-XR router on 127.0.0.1:0: the CLI, and NETCONF on the same SSH port. */
export function startXrSim(hostname = "R1"): Promise<SimDevice> {
  return startDevice({ platform: "cisco_iosxr", hostname, username: USER, password: PASSWORD });
}

export function cliDevice(sim: SimDevice, extra: Partial<DeviceInput> = {}): DeviceInput {
  return {
    id: "xr-sim",
    host: sim.host,
    port: sim.port,
    username: USER,
    password: PASSWORD,
    platform: "cisco_iosxr",
    data: { ssh: { hostKeyPolicy: "off" } },
    ...extra,
  };
}

export function netconfDevice(sim: SimDevice, extra: Partial<DeviceInput> = {}): DeviceInput {
  return {
    id: "xr-sim",
    host: sim.host,
    username: USER,
    password: PASSWORD,
    platform: "cisco_iosxr",
    data: { ssh: { hostKeyPolicy: "off" }, netconf: { port: sim.port } },
    ...extra,
  };
}

export function interfaceXml(name: string, description: string): string {
  return `<interfaces xmlns="${IF_NS}"><interface><name>${name}</name><description>${description}</description><type xmlns:ianaift="${IANA_NS}">ianaift:ethernetCsmacd</type></interface></interfaces>`;
}
