import { randomInt } from "node:crypto";
import { join } from "node:path";
import { Readable } from "node:stream";
import { OperationAbortedError, TimeoutError } from "@patchbay/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SshConnection } from "../../src/index.ts";
import { loadPeers, opensshConnection, tempDir } from "./peers.ts";

const peer = loadPeers().openssh;
const dir = tempDir();
let conn: SshConnection;

beforeAll(async () => {
  conn = opensshConnection(peer, join(dir.path, "known_hosts"));
  await conn.connect();
});
afterAll(async () => {
  await conn.disconnect();
  dir.remove();
});

/** Whether a process whose command line contains `marker` runs on the peer. */
async function remoteRunning(marker: string): Promise<boolean> {
  // The pattern's brackets keep pgrep from matching its own shell.
  const pattern = `[s]leep ${marker}`;
  const result = await conn.exec(`pgrep -f '${pattern}'`);
  return result.exitCode === 0;
}

async function eventuallyGone(marker: string): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    if (!(await remoteRunning(marker))) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

describe("exec on OpenSSH", () => {
  it("returns stdout, stderr and the exit code", async () => {
    const r = await conn.exec("echo out; echo err >&2; exit 7");
    expect(r).toEqual({
      command: "echo out; echo err >&2; exit 7",
      stdout: "out\n",
      stderr: "err\n",
      exitCode: 7,
      signal: null,
    });
  });

  it("reports the signal that killed the command", async () => {
    const r = await conn.exec("kill -TERM $$");
    expect(r.exitCode).toBeNull();
    expect(r.signal).toBe("SIGTERM");
  });

  it("streams chunks to callbacks as they arrive", async () => {
    const seen: string[] = [];
    const errs: string[] = [];
    await conn.exec("for i in 1 2 3; do echo line$i; sleep 0.05; done; echo e >&2", {
      onStdout: (c) => seen.push(c.toString()),
      onStderr: (c) => errs.push(c.toString()),
    });
    expect(seen.join("")).toBe("line1\nline2\nline3\n");
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(errs.join("")).toBe("e\n");
  });

  it("feeds stdin from a string, a Buffer and a stream", async () => {
    expect((await conn.exec("wc -c", { stdin: "hello" })).stdout.trim()).toBe("5");
    expect((await conn.exec("cat", { stdin: Buffer.from([0x61, 0x62]) })).stdout).toBe("ab");
    const stream = Readable.from(["a\n", "b\n", "c\n"]);
    expect((await conn.exec("sort -r", { stdin: stream })).stdout).toBe("c\nb\na\n");
  });

  it("passes environment variables the server accepts", async () => {
    expect((await conn.exec("echo $PB_COLOUR", { env: { PB_COLOUR: "teal" } })).stdout).toBe("teal\n");
  });

  it("collects large outputs completely", async () => {
    const r = await conn.exec("head -c 6000000 /dev/zero | tr '\\0' x");
    expect(r.stdout.length).toBe(6_000_000);
  });

  it("runs sudo with the password sent over stdin", async () => {
    const r = await conn.exec("sudo -S -p '' id -u", { stdin: `${peer.password}\n` });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim()).toBe("0");
  });

  it("allocates a pty when asked", async () => {
    expect((await conn.exec("test -t 0 && echo tty", { pty: true })).stdout.trim()).toBe("tty");
    expect((await conn.exec("test -t 0 && echo tty || echo none")).stdout.trim()).toBe("none");
  });

  it("kills the remote command when the time runs out, with partial output", async () => {
    const marker = String(randomInt(100_000, 999_999));
    const err = (await conn
      .exec(`echo started; exec sleep ${marker}`, { timeoutMs: 500 })
      .catch((e: unknown) => e)) as TimeoutError;
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.timeoutMs).toBe(500);
    expect(err.partialOutput).toBe("started\n");
    expect(err.command).toContain(marker);
    expect(await eventuallyGone(marker)).toBe(true);
  });

  it("kills the remote command when the caller aborts", async () => {
    const marker = String(randomInt(100_000, 999_999));
    const controller = new AbortController();
    const running = conn.exec(`sleep ${marker}`, { signal: controller.signal });
    for (let i = 0; i < 50 && !(await remoteRunning(marker)); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(await remoteRunning(marker)).toBe(true);
    controller.abort();
    await expect(running).rejects.toBeInstanceOf(OperationAbortedError);
    expect(await eventuallyGone(marker)).toBe(true);
  });

  it("runs many commands concurrently on one connection", async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => conn.exec(`echo ${i}`)));
    expect(results.map((r) => r.stdout.trim())).toEqual(["0", "1", "2", "3", "4", "5", "6", "7"]);
  });
});
