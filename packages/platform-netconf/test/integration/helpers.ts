import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { DeviceInput } from "@patchbay/core";
import { type SimDevice, startDevice } from "@patchbay/devsim";

export const USER = "admin";
export const PASSWORD = "netconf-sim-pw";
export const IF_NS = "urn:ietf:params:xml:ns:yang:ietf-interfaces";
export const IANA_NS = "urn:ietf:params:xml:ns:yang:iana-if-type";

/** A simulated device on 127.0.0.1:0 whose SSH port also serves the `netconf` subsystem. */
export function startSim(hostname = "nc-sim1"): Promise<SimDevice> {
  return startDevice({ platform: "cisco_iosxe", hostname, username: USER, password: PASSWORD });
}

/** The simulator as a `netconf` device: its port is the device's `port` (no NETCONF setting). */
export function simDevice(sim: SimDevice, extra: Partial<DeviceInput> = {}): DeviceInput {
  return {
    id: "nc-sim",
    host: sim.host,
    port: sim.port,
    username: USER,
    password: PASSWORD,
    platform: "netconf",
    data: { ssh: { hostKeyPolicy: "off" } },
    ...extra,
  };
}

export interface NetconfdPeer {
  host: string;
  port: number;
  username: string;
  password: string;
  hostname: string;
}

const PEERS_FILE = resolve(import.meta.dirname, "../../../../.peers/peers.json");

/** The real yuma123 netconfd peer of test/peers. Throws (never skips) when it is not set up. */
export function loadNetconfdPeer(): NetconfdPeer {
  if (!existsSync(PEERS_FILE)) {
    throw new Error(
      `${PEERS_FILE} is missing: the integration tests need the real peers. Run test/peers/setup.sh (as root) from the repository root first.`,
    );
  }
  const peers = JSON.parse(readFileSync(PEERS_FILE, "utf8")) as { netconfd?: NetconfdPeer };
  if (peers.netconfd === undefined) {
    throw new Error(`${PEERS_FILE} has no "netconfd" entry: run test/peers/setup.sh again.`);
  }
  return peers.netconfd;
}

/** netconfd as a `netconf` device, on its port through the device's `port`. */
export function netconfdDevice(peer: NetconfdPeer, extra: Partial<DeviceInput> = {}): DeviceInput {
  return {
    id: "netconfd-peer",
    host: peer.host,
    port: peer.port,
    username: peer.username,
    password: peer.password,
    platform: "netconf",
    data: {
      ssh: { hostKeyPolicy: "off", keepaliveIntervalMs: 0 },
      netconf: { rpcTimeoutMs: 20_000 },
      netconfPlatform: { vendor: "yuma123" },
    },
    ...extra,
  };
}

/** An ietf-interfaces entry for edit-config. */
export function interfaceXml(name: string, description: string, type = "ianaift:softwareLoopback"): string {
  return `<interfaces xmlns="${IF_NS}"><interface><name>${name}</name><description>${description}</description><type xmlns:ianaift="${IANA_NS}">${type}</type></interface></interfaces>`;
}
