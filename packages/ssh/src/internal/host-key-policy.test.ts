import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger } from "@patchbay/core";
import { afterAll, describe, expect, it } from "vitest";
import { checkHostKey, knownHostName, parseKnownHosts } from "../known-hosts.ts";
import { verifyHostKey } from "./host-key-policy.ts";

function blob(body: string): Buffer {
  const t = Buffer.from("ssh-ed25519");
  const len = Buffer.alloc(4);
  len.writeUInt32BE(t.length);
  return Buffer.concat([len, t, Buffer.from(body)]);
}

const KEYS = [blob("key-a"), blob("key-b"), blob("key-c")];
const HOSTS = ["10.0.0.1", "10.0.0.2", "Router.Example", "router.example", "db1", "db12"];
const PORTS = [22, 2222];

// A small fixed-seed generator: the same files every run.
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function pattern(rnd: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const name = knownHostName(pick(HOSTS), pick(PORTS));
  const r = rnd();
  if (r < 0.5) return name;
  if (r < 0.6) return name.toUpperCase();
  if (r < 0.7) return `!${name}`;
  if (r < 0.8) return name.replace(/\d$/, "?");
  if (r < 0.9) return name.replace(/\..*$/, ".*");
  const salt = Buffer.from(`salt-${Math.floor(rnd() * 1000)}`);
  return `|1|${salt.toString("base64")}|${createHmac("sha1", salt).update(name).digest("base64")}`;
}

function file(rnd: () => number): string {
  const lines: string[] = [];
  for (let i = 0; i < 12; i++) {
    const marker = rnd() < 0.1 ? "@revoked " : "";
    const patterns = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pattern(rnd));
    const key = KEYS[Math.floor(rnd() * KEYS.length)] as Buffer;
    lines.push(`${marker}${patterns.join(",")} ssh-ed25519 ${key.toString("base64")}`);
  }
  return `${lines.join("\n")}\n`;
}

describe("verifyHostKey over a known_hosts file", () => {
  const dir = mkdtempSync(join(tmpdir(), "pb-hostkey-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("decides as checkHostKey over every entry (60 files, fixed seed), rereading a changed file", async () => {
    const rnd = prng(1717);
    const path = join(dir, "known_hosts");
    for (let round = 0; round < 60; round++) {
      const text = file(rnd);
      writeFileSync(path, text);
      // Every other file is dated in the past (a different second each round), so it is kept
      // parsed between checks; the others were just written and are read again each time.
      if (round % 2 === 0) utimesSync(path, 1e9 + round, 1e9 + round);
      const entries = parseKnownHosts(text);
      for (const host of HOSTS) {
        for (const port of PORTS) {
          for (const key of KEYS) {
            const expected = checkHostKey(entries, host, port, key).status;
            const rejection = await verifyHostKey(
              key,
              { hostKeyPolicy: "strict", knownHostsPath: path, host, port },
              silentLogger,
            );
            expect(rejection?.reason ?? "match", `${round} ${host}:${port}\n${text}`).toBe(expected);
          }
        }
      }
    }
  });
});
