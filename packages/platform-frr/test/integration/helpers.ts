import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { DeviceInput } from "@patchbay/core";
import { type SimDevice, startDevice } from "@patchbay/devsim";

export const USER = "admin";
export const PASSWORD = "frr-sim-pw";

/** A simulated FRR router (vtysh) on 127.0.0.1:0. */
export function startFrrSim(hostname = "R1"): Promise<SimDevice> {
  return startDevice({ platform: "frr", hostname, username: USER, password: PASSWORD, netconf: false });
}

export function simDevice(sim: SimDevice, extra: Partial<DeviceInput> = {}): DeviceInput {
  return {
    id: "frr-sim",
    host: sim.host,
    port: sim.port,
    username: USER,
    password: PASSWORD,
    platform: "frr",
    data: { ssh: { hostKeyPolicy: "off" } },
    ...extra,
  };
}

/** The real FRR peer started by test/peers/setup.sh (vtysh as the login shell, 2,000 static routes). */
export interface FrrPeer {
  host: string;
  port: number;
  username: string;
  password: string;
  hostname: string;
  version: string;
  staticRoutes: number;
}

const PEERS_FILE = resolve(import.meta.dirname, "../../../../.peers/peers.json");

/** Throws (never skips) when the peers are not set up. */
export function loadFrrPeer(): FrrPeer {
  if (!existsSync(PEERS_FILE)) {
    throw new Error(
      `${PEERS_FILE} is missing: the integration tests need the real peers. Run test/peers/setup.sh (as root) from the repository root first.`,
    );
  }
  const peers = JSON.parse(readFileSync(PEERS_FILE, "utf8")) as { frr?: FrrPeer };
  if (peers.frr === undefined)
    throw new Error(`${PEERS_FILE} has no "frr" entry: run test/peers/setup.sh again.`);
  return peers.frr;
}

export function peerDevice(peer: FrrPeer, extra: Partial<DeviceInput> = {}): DeviceInput {
  return {
    id: "frr-peer",
    host: peer.host,
    port: peer.port,
    username: peer.username,
    password: peer.password,
    platform: "frr",
    data: { ssh: { hostKeyPolicy: "off", keepaliveIntervalMs: 0 } },
    ...extra,
  };
}
