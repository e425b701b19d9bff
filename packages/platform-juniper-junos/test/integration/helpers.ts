import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { DeviceInput } from "@patchbay/core";
import { type SimDevice, startDevice } from "@patchbay/devsim";

export const USER = "admin";
export const PASSWORD = "junos-sim-pw";
export const IF_NS = "urn:ietf:params:xml:ns:yang:ietf-interfaces";
export const IANA_NS = "urn:ietf:params:xml:ns:yang:iana-if-type";

/** A simulated Junos router on 127.0.0.1:0: the CLI, and NETCONF on the same SSH port. */
export function startJunosSim(hostname = "R1"): Promise<SimDevice> {
  return startDevice({ platform: "juniper_junos", hostname, username: USER, password: PASSWORD });
}

/** The simulator as a device of the SSH CLI plugin. */
export function cliDevice(sim: SimDevice, extra: Partial<DeviceInput> = {}): DeviceInput {
  return {
    id: "junos-sim",
    host: sim.host,
    port: sim.port,
    username: USER,
    password: PASSWORD,
    platform: "juniper_junos",
    data: { ssh: { hostKeyPolicy: "off" } },
    ...extra,
  };
}

/** The simulator as a device of the NETCONF plugin (NETCONF is on the SSH port). */
export function netconfDevice(sim: SimDevice, extra: Partial<DeviceInput> = {}): DeviceInput {
  return {
    id: "junos-sim",
    host: sim.host,
    username: USER,
    password: PASSWORD,
    platform: "juniper_junos",
    data: { ssh: { hostKeyPolicy: "off" }, netconf: { port: sim.port } },
    ...extra,
  };
}

/** An interface entry of ietf-interfaces for edit-config. */
export function interfaceXml(name: string, description: string, type = "ianaift:ethernetCsmacd"): string {
  return `<interfaces xmlns="${IF_NS}"><interface><name>${name}</name><description>${description}</description><type xmlns:ianaift="${IANA_NS}">${type}</type></interface></interfaces>`;
}

/** The real yuma123 netconfd started by test/peers/setup.sh. */
export interface NetconfdPeer {
  host: string;
  port: number;
  username: string;
  password: string;
  hostname: string;
}

const PEERS_FILE = resolve(import.meta.dirname, "../../../../.peers/peers.json");

/** Throws (never skips) when the peers are not set up. */
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

export function netconfdDevice(peer: NetconfdPeer, extra: Partial<DeviceInput> = {}): DeviceInput {
  return {
    id: "netconfd-peer",
    host: peer.host,
    username: peer.username,
    password: peer.password,
    platform: "juniper_junos",
    data: {
      ssh: { hostKeyPolicy: "off", keepaliveIntervalMs: 0 },
      netconf: { port: peer.port, rpcTimeoutMs: 20_000 },
    },
    ...extra,
  };
}
