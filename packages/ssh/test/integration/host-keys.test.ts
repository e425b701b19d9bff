import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createMemoryLogger, HostKeyMismatchError } from "@patchbay/core";
import { afterAll, describe, expect, it } from "vitest";
import { fingerprint, formatKnownHostLine, readKnownHosts } from "../../src/index.ts";
import { loadPeers, opensshConnection, tempDir } from "./peers.ts";

const peer = loadPeers().openssh;
const dir = tempDir();
afterAll(() => dir.remove());

function pubKey(path: string): Buffer {
  return Buffer.from(readFileSync(path, "utf8").trim().split(/\s+/)[1] ?? "", "base64");
}

const hostKeys = [peer.hostKeys.ed25519, peer.hostKeys.ecdsa, peer.hostKeys.rsa].map(pubKey);

async function connectOnce(
  knownHostsPath: string,
  policy: "strict" | "accept-new" | "off",
  logger = createMemoryLogger(),
) {
  const conn = opensshConnection(peer, knownHostsPath, { hostKeyPolicy: policy }, {}, logger);
  try {
    await conn.connect();
    return (await conn.exec("echo ok")).stdout.trim();
  } finally {
    await conn.disconnect();
  }
}

describe("host key policies", () => {
  it("accept-new records an unknown key as [host]:port, and strict accepts it afterwards", async () => {
    const path = join(dir.path, "accept-new", "known_hosts");
    expect(await connectOnce(path, "accept-new")).toBe("ok");
    const entries = await readKnownHosts(path);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.patterns).toEqual([`[${peer.host}]:${peer.port}`]);
    expect(hostKeys.some((k) => entries[0]?.key.equals(k))).toBe(true);
    expect(await connectOnce(path, "strict")).toBe("ok");
    expect(await readKnownHosts(path)).toHaveLength(1);
  });

  it("strict refuses a host missing from known_hosts", async () => {
    const path = join(dir.path, "empty_known_hosts");
    const err = await connectOnce(path, "strict").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostKeyMismatchError);
    expect((err as HostKeyMismatchError).knownHostsPath).toBe(path);
    expect((err as HostKeyMismatchError).presented).toMatch(/^SHA256:/);
  });

  it("strict accepts a hashed known_hosts entry", async () => {
    const path = join(dir.path, "hashed_known_hosts");
    writeFileSync(
      path,
      `${hostKeys.map((k) => formatKnownHostLine(peer.host, peer.port, k, { hash: true })).join("\n")}\n`,
    );
    expect(await connectOnce(path, "strict")).toBe("ok");
  });

  for (const policy of ["strict", "accept-new"] as const) {
    it(`${policy} refuses a changed key and reports both fingerprints`, async () => {
      const path = join(dir.path, `changed_${policy}`);
      const bogus = pubKey(`${peer.unauthorizedKeyPath}.pub`);
      writeFileSync(path, `${formatKnownHostLine(peer.host, peer.port, bogus)}\n`);
      const err = (await connectOnce(path, policy).catch((e: unknown) => e)) as HostKeyMismatchError;
      expect(err).toBeInstanceOf(HostKeyMismatchError);
      expect(err.expected).toBe(fingerprint(bogus));
      expect(hostKeys.map(fingerprint)).toContain(err.presented);
      expect(err.message).toMatch(/CHANGED/);
      expect(readFileSync(path, "utf8").trim().split("\n")).toHaveLength(1);
    });
  }

  it("off accepts a changed key and logs a warning", async () => {
    const path = join(dir.path, "changed_off");
    writeFileSync(
      path,
      `${formatKnownHostLine(peer.host, peer.port, pubKey(`${peer.unauthorizedKeyPath}.pub`))}\n`,
    );
    const logger = createMemoryLogger();
    expect(await connectOnce(path, "off", logger)).toBe("ok");
    expect(
      logger.entries.some((e) => e.level === "warn" && /host key checking is off/.test(e.msg ?? "")),
    ).toBe(true);
  });
});
