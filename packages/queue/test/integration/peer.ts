import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The redis peer started by test/peers/setup.sh. */
export interface RedisPeer {
  host: string;
  port: number;
  username: string;
  password: string;
  binary: string;
}

const root = join(fileURLToPath(new URL(".", import.meta.url)), "../../../..");

export function redisPeer(): RedisPeer {
  const peers = JSON.parse(readFileSync(join(root, ".peers/peers.json"), "utf8")) as { redis?: RedisPeer };
  if (!peers.redis) throw new Error("no redis peer in .peers/peers.json: run test/peers/setup.sh");
  return peers.redis;
}

export function peerUrl(peer: RedisPeer, password: string = peer.password): string {
  return `redis://${peer.username}:${encodeURIComponent(password)}@${peer.host}:${peer.port}`;
}

/** A queue name no other test uses. */
export function uniqueQueue(label: string): string {
  return `t-${label}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}
