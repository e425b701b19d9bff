import { createHmac } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  appendKnownHost,
  checkHostKey,
  entryMatchesHost,
  fingerprint,
  formatKnownHostLine,
  keyTypeOf,
  knownHostName,
  parseKnownHosts,
  readKnownHosts,
} from "./known-hosts.ts";

function blob(type: string, body: string): Buffer {
  const t = Buffer.from(type);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(t.length);
  return Buffer.concat([len, t, Buffer.from(body)]);
}

const KEY_A = blob("ssh-ed25519", "key-a-material");
const KEY_B = blob("ssh-ed25519", "key-b-material");
const KEY_RSA = blob("ssh-rsa", "rsa-material");

function hashed(name: string, salt = Buffer.from("0123456789abcdefghij")): string {
  return `|1|${salt.toString("base64")}|${createHmac("sha1", salt).update(name).digest("base64")}`;
}

describe("parseKnownHosts", () => {
  it("reads plain, bracketed, hashed and marked lines and skips comments and junk", () => {
    const text = [
      "# comment",
      "",
      `router1,10.0.0.1 ssh-ed25519 ${KEY_A.toString("base64")} a comment`,
      `[10.0.0.2]:2222 ssh-rsa ${KEY_RSA.toString("base64")}`,
      `${hashed("hidden.example")} ssh-ed25519 ${KEY_B.toString("base64")}`,
      `@revoked * ssh-ed25519 ${KEY_B.toString("base64")}`,
      "garbage-line-without-key",
      `@unknown host ssh-ed25519 ${KEY_A.toString("base64")}`,
    ].join("\n");
    const entries = parseKnownHosts(text);
    expect(entries).toHaveLength(4);
    expect(entries[0]).toMatchObject({
      patterns: ["router1", "10.0.0.1"],
      keyType: "ssh-ed25519",
      comment: "a comment",
      line: 3,
    });
    expect(entries[0]?.key.equals(KEY_A)).toBe(true);
    expect(entries[1]?.patterns).toEqual(["[10.0.0.2]:2222"]);
    expect(entries[3]?.marker).toBe("revoked");
  });
});

describe("host matching", () => {
  it("uses [host]:port for non-standard ports", () => {
    expect(knownHostName("r1", 22)).toBe("r1");
    expect(knownHostName("r1", 2222)).toBe("[r1]:2222");
    expect(entryMatchesHost({ patterns: ["r1"] }, "r1", 2222)).toBe(false);
    expect(entryMatchesHost({ patterns: ["[r1]:2222"] }, "r1", 2222)).toBe(true);
  });

  it("matches hashed entries, wildcards, and honours negation", () => {
    expect(entryMatchesHost({ patterns: [hashed("[10.1.1.1]:830")] }, "10.1.1.1", 830)).toBe(true);
    expect(entryMatchesHost({ patterns: [hashed("10.1.1.1")] }, "10.1.1.2", 22)).toBe(false);
    expect(entryMatchesHost({ patterns: ["*.lab"] }, "core1.lab", 22)).toBe(true);
    expect(entryMatchesHost({ patterns: ["*.lab", "!bad.lab"] }, "bad.lab", 22)).toBe(false);
    expect(entryMatchesHost({ patterns: ["r?"] }, "R1", 22)).toBe(true);
  });
});

describe("checkHostKey", () => {
  const entries = parseKnownHosts(
    [
      `r1 ssh-ed25519 ${KEY_A.toString("base64")}`,
      `[r2]:2222 ssh-rsa ${KEY_RSA.toString("base64")}`,
      `@revoked r3 ssh-ed25519 ${KEY_B.toString("base64")}`,
    ].join("\n"),
  );

  it("reports a match, an unknown host, a changed key and a revoked key", () => {
    expect(checkHostKey(entries, "r1", 22, KEY_A).status).toBe("match");
    expect(checkHostKey(entries, "r9", 22, KEY_A).status).toBe("unknown");
    const changed = checkHostKey(entries, "r1", 22, KEY_B);
    expect(changed.status).toBe("mismatch");
    expect(checkHostKey(entries, "r3", 22, KEY_B).status).toBe("revoked");
  });

  it("treats a known host presenting another key type as a mismatch", () => {
    expect(checkHostKey(entries, "r2", 2222, KEY_A).status).toBe("mismatch");
  });
});

describe("keys and lines", () => {
  it("reads the key type from the blob and fingerprints like ssh-keygen", () => {
    expect(keyTypeOf(KEY_RSA)).toBe("ssh-rsa");
    expect(keyTypeOf(Buffer.from([1, 2]))).toBe("unknown");
    // ssh-keygen -lf of AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl
    const key = Buffer.from("AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl", "base64");
    expect(fingerprint(key)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it("formats lines that parse back, hashed or not", () => {
    for (const hash of [false, true]) {
      const line = formatKnownHostLine("10.0.0.5", 2022, KEY_A, { hash });
      const [entry] = parseKnownHosts(line);
      expect(entry && entryMatchesHost(entry, "10.0.0.5", 2022)).toBe(true);
      expect(entry?.key.equals(KEY_A)).toBe(true);
      expect(line.includes("10.0.0.5")).toBe(!hash);
    }
  });

  it("appends to a new file and to one without a final newline", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pb-kh-"));
    try {
      const path = join(dir, "sub", "known_hosts");
      expect(await readKnownHosts(path)).toEqual([]);
      await appendKnownHost(path, "r1", 22, KEY_A);
      await appendKnownHost(path, "r2", 2222, KEY_B);
      const entries = await readKnownHosts(path);
      expect(entries.map((e) => e.patterns[0])).toEqual(["r1", "[r2]:2222"]);
      expect(readFileSync(path, "utf8").endsWith("\n")).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
