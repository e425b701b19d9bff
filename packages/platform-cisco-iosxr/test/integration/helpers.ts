import { existsSync, readFileSync } from "node:fs";
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

/** The real yuma123 netconfd started by test/peers/setup.sh. */
export interface NetconfdPeer {
  host: string;
  port: number;
  username: string;
  password: string;
  hostname: string;
}

const PEERS_FILE = new URL("../../../../.peers/peers.json", import.meta.url);

/** Throws (never skips) when the peers are not set up. */
export function loadNetconfdPeer(): NetconfdPeer {
  if (!existsSync(PEERS_FILE)) {
    throw new Error(
      `${PEERS_FILE.pathname} is missing: the integration tests need the real peers. Run test/peers/setup.sh (as root) from the repository root first.`,
    );
  }
  const peers = JSON.parse(readFileSync(PEERS_FILE, "utf8")) as { netconfd?: NetconfdPeer };
  if (peers.netconfd === undefined)
    throw new Error(`${PEERS_FILE.pathname} has no "netconfd" entry: run test/peers/setup.sh again.`);
  return peers.netconfd;
}

export function netconfdDevice(peer: NetconfdPeer): DeviceInput {
  return {
    id: "netconfd-peer",
    host: peer.host,
    username: peer.username,
    password: peer.password,
    platform: "cisco_iosxr",
    data: {
      ssh: { hostKeyPolicy: "off", keepaliveIntervalMs: 0 },
      netconf: { port: peer.port, rpcTimeoutMs: 20_000 },
    },
  };
}
