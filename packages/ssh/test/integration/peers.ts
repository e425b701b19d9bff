import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createDevice, type Device, type Logger } from "@patchbay/core";
import { SshConnection, type SshOptions } from "../../src/index.ts";

export interface OpenSshPeer {
  host: string;
  port: number;
  username: string;
  password: string;
  privateKeyPath: string;
  encryptedKeyPath: string;
  keyPassphrase: string;
  unauthorizedKeyPath: string;
  hostKeys: { ed25519: string; ecdsa: string; rsa: string };
}

export interface FrrPeer {
  host: string;
  port: number;
  username: string;
  password: string;
  hostname: string;
  staticRoutes: number;
  privilegedPrompt: string;
}

export interface Peers {
  openssh: OpenSshPeer;
  frr: FrrPeer;
}

const PEERS_FILE = resolve(import.meta.dirname, "../../../../.peers/peers.json");

/** The real peers' facts. Throws (never skips) when test/peers/setup.sh has not run. */
export function loadPeers(): Peers {
  if (!existsSync(PEERS_FILE)) {
    throw new Error(
      `${PEERS_FILE} is missing: the integration tests need the real peers. Run test/peers/setup.sh (as root) from the repository root first.`,
    );
  }
  return JSON.parse(readFileSync(PEERS_FILE, "utf8")) as Peers;
}

/** A fresh temporary directory (for known_hosts files and downloads). */
export function tempDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), "pb-ssh-"));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function opensshDevice(
  peer: OpenSshPeer,
  overrides: Partial<Parameters<typeof createDevice>[0]> = {},
): Device {
  return createDevice({
    id: "openssh-peer",
    host: peer.host,
    port: peer.port,
    username: peer.username,
    platform: "linux",
    ...overrides,
  });
}

/** A connection to the OpenSSH peer; known_hosts goes to `knownHostsPath` (never the user's). */
export function opensshConnection(
  peer: OpenSshPeer,
  knownHostsPath: string,
  options: SshOptions = {},
  device: Partial<Parameters<typeof createDevice>[0]> = {},
  logger?: Logger,
): SshConnection {
  return new SshConnection({
    device: opensshDevice(peer, { password: peer.password, ...device }),
    options: { knownHostsPath, keepaliveIntervalMs: 0, ...options },
    ...(logger ? { logger } : {}),
  });
}
