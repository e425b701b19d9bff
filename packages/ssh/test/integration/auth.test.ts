import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { AuthenticationError, createMemoryLogger } from "@patchbay/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPeers, opensshConnection, tempDir } from "./peers.ts";

const peers = loadPeers();
const peer = peers.openssh;
const dir = tempDir();
const knownHosts = join(dir.path, "known_hosts");
afterAll(() => dir.remove());

async function whoami(conn: ReturnType<typeof opensshConnection>): Promise<string> {
  try {
    await conn.connect({ timeoutMs: 20_000 });
    return (await conn.exec("whoami")).stdout.trim();
  } finally {
    await conn.disconnect();
  }
}

describe("authentication against OpenSSH", () => {
  it("logs in with a password", async () => {
    expect(await whoami(opensshConnection(peer, knownHosts, { authOrder: ["password"] }))).toBe(
      peer.username,
    );
  });

  it("answers keyboard-interactive prompts with the password", async () => {
    const logger = createMemoryLogger();
    const conn = opensshConnection(peer, knownHosts, { authOrder: ["keyboard-interactive"] }, {}, logger);
    expect(await whoami(conn)).toBe(peer.username);
    expect(logger.entries.some((e) => e.data.method === "keyboard-interactive")).toBe(true);
  });

  it("logs in with a private key file and no password", async () => {
    const conn = opensshConnection(
      peer,
      knownHosts,
      { privateKeyPath: peer.privateKeyPath },
      { password: undefined },
    );
    expect(await whoami(conn)).toBe(peer.username);
  });

  it("logs in with an encrypted key given as a Buffer with its passphrase", async () => {
    const conn = opensshConnection(
      peer,
      knownHosts,
      { privateKey: readFileSync(peer.encryptedKeyPath), passphrase: peer.keyPassphrase },
      { password: undefined },
    );
    expect(await whoami(conn)).toBe(peer.username);
  });

  it("refuses a wrong passphrase with AuthenticationError that does not show it", async () => {
    const conn = opensshConnection(
      peer,
      knownHosts,
      { privateKeyPath: peer.encryptedKeyPath, passphrase: "wrong-passphrase-123" },
      { password: undefined },
    );
    const err = await conn.connect().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect((err as Error).message).not.toContain("wrong-passphrase-123");
  });

  it("falls back from a key the server refuses to the password", async () => {
    const conn = opensshConnection(peer, knownHosts, { privateKeyPath: peer.unauthorizedKeyPath });
    expect(await whoami(conn)).toBe(peer.username);
  });

  describe("with an ssh-agent", () => {
    let agent: ChildProcess;
    const sock = join(dir.path, "agent.sock");
    beforeAll(async () => {
      agent = spawn("ssh-agent", ["-D", "-a", sock], { stdio: "ignore" });
      for (let i = 0; i < 100 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 20));
      execFileSync("ssh-add", [peer.privateKeyPath], {
        env: { ...process.env, SSH_AUTH_SOCK: sock },
        stdio: "ignore",
      });
    });
    afterAll(() => {
      agent.kill();
    });

    it("logs in with the agent given by path", async () => {
      const conn = opensshConnection(peer, knownHosts, { agent: sock }, { password: undefined });
      expect(await whoami(conn)).toBe(peer.username);
    });
  });

  it("fails a wrong password with AuthenticationError, no retries, and no password in messages or logs", async () => {
    const wrong = "Wr0ng-Pa55word-zz9";
    const logger = createMemoryLogger();
    const conn = opensshConnection(
      peer,
      knownHosts,
      { authOrder: ["password", "keyboard-interactive"], connectRetries: 3 },
      { password: wrong },
      logger,
    );
    const err = (await conn.connect().catch((e: unknown) => e)) as AuthenticationError;
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err.deviceId).toBe("openssh-peer");
    expect(err.host).toBe(peer.host);
    expect(err.cause).toBeDefined();
    expect(logger.entries.some((e) => e.msg?.includes("retrying"))).toBe(false);
    const everything = JSON.stringify([err.message, String(err.cause), err.stack, logger.entries]);
    expect(everything).not.toContain(wrong);
    // A failing operation after connecting must not leak the (right) password either.
    const right = opensshConnection(peer, knownHosts, {}, {}, logger);
    await right.connect();
    const timeout = await right
      .exec(`sleep 5; echo ${peer.password}`, { timeoutMs: 50 })
      .catch((e: unknown) => e);
    await right.disconnect();
    expect(JSON.stringify([(timeout as Error).message, logger.entries])).not.toContain(peer.password);
  });
});
