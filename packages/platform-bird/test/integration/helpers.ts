import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { DeviceInput } from "@patchbay/core";

/** The real BIRD peer started by test/peers/setup.sh (birdc as the login shell, 3,000 static routes). */
export interface BirdPeer {
  host: string;
  port: number;
  username: string;
  password: string;
  version: string;
  routerId: string;
  staticRoutes: number;
  configPath: string;
  prompt: string;
}

const PEERS_FILE = resolve(import.meta.dirname, "../../../../.peers/peers.json");

/** Throws (never skips) when the peers are not set up. */
export function loadBirdPeer(): BirdPeer {
  if (!existsSync(PEERS_FILE)) {
    throw new Error(
      `${PEERS_FILE} is missing: the integration tests need the real peers. Run test/peers/setup.sh (as root) from the repository root first.`,
    );
  }
  const peers = JSON.parse(readFileSync(PEERS_FILE, "utf8")) as { bird?: BirdPeer };
  if (peers.bird === undefined)
    throw new Error(`${PEERS_FILE} has no "bird" entry: run test/peers/setup.sh again.`);
  return peers.bird;
}

export function peerDevice(
  peer: BirdPeer,
  extra: Partial<DeviceInput> = {},
  bird: Record<string, unknown> = {},
): DeviceInput {
  return {
    id: "bird-peer",
    host: peer.host,
    port: peer.port,
    username: peer.username,
    password: peer.password,
    platform: "bird",
    data: {
      ssh: { hostKeyPolicy: "off", keepaliveIntervalMs: 0 },
      bird: { configPath: peer.configPath, ...bird },
    },
    ...extra,
  };
}
