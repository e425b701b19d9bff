import { join } from "node:path";
import { ConnectionError, DisconnectedError } from "@patchbay/core";
import { afterAll, describe, expect, it } from "vitest";
import type { SshSubsystem } from "../../src/index.ts";
import { loadPeers, opensshConnection, tempDir } from "./peers.ts";

const peers = loadPeers();
const dir = tempDir();
afterAll(() => dir.remove());

/** Collects data until `count` bytes arrived. */
function readBytes(sub: SshSubsystem, count: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`only ${total} of ${count} bytes arrived`));
    }, 15_000);
    const stop = sub.onData((chunk) => {
      chunks.push(chunk);
      total += chunk.length;
      if (total >= count) {
        clearTimeout(timer);
        stop();
        resolve(Buffer.concat(chunks));
      }
    });
  });
}

describe("SSH subsystems on OpenSSH", () => {
  it("speaks SFTP over the sftp subsystem: SSH_FXP_INIT is answered with SSH_FXP_VERSION", async () => {
    const conn = opensshConnection(peers.openssh, join(dir.path, "kh"));
    await conn.connect();
    const sub = await conn.openSubsystem("sftp");
    expect(sub.name).toBe("sftp");
    // uint32 length 5, byte SSH_FXP_INIT (1), uint32 version 3.
    sub.write(Buffer.from([0, 0, 0, 5, 1, 0, 0, 0, 3]));
    const reply = await readBytes(sub, 9);
    expect(reply[4]).toBe(2);
    expect(reply.readUInt32BE(5)).toBe(3);
    await sub.drain();
    const closes: (Error | undefined)[] = [];
    sub.onClose((e) => closes.push(e));
    await sub.close();
    expect(sub.closed).toBe(true);
    expect(closes).toEqual([undefined]);
    expect(() => sub.write("x")).toThrow(DisconnectedError);
    await conn.disconnect();
  });

  it("rejects a subsystem the server does not offer with a ConnectionError naming it", async () => {
    const conn = opensshConnection(peers.openssh, join(dir.path, "kh"));
    await conn.connect();
    const err = await conn.openSubsystem("no-such-subsystem").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as Error).message).toContain('"no-such-subsystem"');
    // The connection stays usable.
    const sub = await conn.openSubsystem("sftp");
    await sub.close();
    await conn.disconnect();
  });

  it("reports a DisconnectedError to close listeners when the connection drops", async () => {
    const conn = opensshConnection(peers.openssh, join(dir.path, "kh"));
    await conn.connect();
    const sub = await conn.openSubsystem("sftp");
    const closed = new Promise<Error | undefined>((resolve) => sub.onClose(resolve));
    await conn.disconnect();
    expect(await closed).toBeInstanceOf(DisconnectedError);
    expect(sub.closed).toBe(true);
  });
});
