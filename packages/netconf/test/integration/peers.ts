import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createDevice, type Logger } from "@patchbay/core";
import type { SshOptions } from "@patchbay/ssh";
import { NetconfConnection, type NetconfOptions } from "../../src/index.ts";

export interface NetconfdPeer {
  host: string;
  port: number;
  username: string;
  password: string;
  version: string;
  hostname?: string;
  interfaces?: string[];
}

export interface OpenSshPeer {
  host: string;
  port: number;
  username: string;
  password: string;
}

export interface Peers {
  netconfd: NetconfdPeer;
  openssh: OpenSshPeer;
}

const PEERS_FILE = resolve(import.meta.dirname, "../../../../.peers/peers.json");

/** The real peers' facts. Throws (never skips) when test/peers/setup.sh has not run. */
export function loadPeers(): Peers {
  if (!existsSync(PEERS_FILE)) {
    throw new Error(
      `${PEERS_FILE} is missing: the integration tests need the real peers. Run test/peers/setup.sh (as root) from the repository root first.`,
    );
  }
  const peers = JSON.parse(readFileSync(PEERS_FILE, "utf8")) as Partial<Peers>;
  if (peers.netconfd === undefined) {
    throw new Error(`${PEERS_FILE} has no "netconfd" entry: run test/peers/setup.sh (as root) again.`);
  }
  return peers as Peers;
}

/** A fresh temporary directory (for known_hosts files). */
export function tempDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), "pb-netconf-"));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A connection to netconfd; known_hosts goes to `knownHostsPath` (never the user's). */
export function netconfdConnection(
  peer: NetconfdPeer,
  knownHostsPath: string,
  options: NetconfOptions = {},
  sshOptions: SshOptions = {},
  logger?: Logger,
): NetconfConnection {
  return new NetconfConnection({
    device: createDevice({
      id: "netconfd-peer",
      host: peer.host,
      username: peer.username,
      password: peer.password,
      platform: "linux",
      data: { netconf: { port: peer.port } },
    }),
    options,
    sshOptions: { knownHostsPath, keepaliveIntervalMs: 0, ...sshOptions },
    ...(logger ? { logger } : {}),
  });
}
