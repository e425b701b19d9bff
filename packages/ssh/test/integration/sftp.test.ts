import { createHash, randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { OperationAbortedError } from "@patchbay/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SshConnection } from "../../src/index.ts";
import { loadPeers, opensshConnection, tempDir } from "./peers.ts";

const peer = loadPeers().openssh;
const dir = tempDir();
let conn: SshConnection;
let remoteDir: string;

beforeAll(async () => {
  conn = opensshConnection(peer, join(dir.path, "known_hosts"));
  await conn.connect();
  remoteDir = (await conn.exec("mktemp -d")).stdout.trim();
});
afterAll(async () => {
  await conn.exec(`rm -rf '${remoteDir}'`);
  await conn.disconnect();
  dir.remove();
});

const sha256 = (b: Buffer): string => createHash("sha256").update(b).digest("hex");
const leftovers = async (): Promise<string> =>
  (await conn.exec(`ls -A '${remoteDir}' | grep '\\.pb-' || true`)).stdout.trim();

describe("SFTP on OpenSSH", () => {
  it("uploads and downloads a 20 MB file intact, reporting progress", async () => {
    const data = randomBytes(20 * 1024 * 1024);
    const local = join(dir.path, "big.bin");
    writeFileSync(local, data);
    const progress: number[] = [];
    const put = await conn.putFile(local, `${remoteDir}/big.bin`, {
      onProgress: (n, total) => {
        expect(total).toBe(data.length);
        progress.push(n);
      },
    });
    expect(put.bytes).toBe(data.length);
    expect(progress.at(-1)).toBe(data.length);
    expect((await conn.exec(`sha256sum '${remoteDir}/big.bin'`)).stdout.split(" ")[0]).toBe(sha256(data));
    const back = join(dir.path, "back.bin");
    const got = await conn.getFile(`${remoteDir}/big.bin`, back);
    expect(got.bytes).toBe(data.length);
    expect(sha256(readFileSync(back))).toBe(sha256(data));
    expect(await leftovers()).toBe("");
  });

  it("uploads a Buffer and a stream, sets the mode and replaces an existing file", async () => {
    const path = `${remoteDir}/conf.txt`;
    await conn.putFile(Buffer.from("first\n"), path, { mode: 0o600 });
    expect((await conn.exec(`stat -c %a '${path}'`)).stdout.trim()).toBe("600");
    await conn.putFile(Readable.from(["sec", "ond\n"]), path, { mode: 0o640 });
    expect((await conn.exec(`cat '${path}'; stat -c %a '${path}'`)).stdout).toBe("second\n640\n");
    expect(await leftovers()).toBe("");
  });

  it("writes to a temporary name first, so the target never holds a partial file", async () => {
    const path = `${remoteDir}/atomic.txt`;
    await conn.putFile(Buffer.from("old\n"), path);
    const source = new PassThrough();
    const upload = conn.putFile(source, path);
    source.write("partial-");
    // While the upload is under way, the target still holds the old content and a temp file exists.
    let temp = "";
    for (let i = 0; i < 50 && temp === ""; i++) {
      temp = await leftovers();
      if (temp === "") await new Promise((r) => setTimeout(r, 20));
    }
    expect(temp).toMatch(/^\.atomic\.txt\.pb-[0-9a-f]+\.tmp$/);
    expect((await conn.exec(`cat '${path}'`)).stdout).toBe("old\n");
    source.end("new\n");
    await upload;
    expect((await conn.exec(`cat '${path}'`)).stdout).toBe("partial-new\n");
    expect(await leftovers()).toBe("");
  });

  it("removes the temporary file when the upload is aborted", async () => {
    const source = new PassThrough();
    const controller = new AbortController();
    const upload = conn.putFile(source, `${remoteDir}/aborted.txt`, { signal: controller.signal });
    source.write("some bytes");
    for (let i = 0; i < 50 && (await leftovers()) === ""; i++) await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    await expect(upload).rejects.toBeInstanceOf(OperationAbortedError);
    expect(await leftovers()).toBe("");
    expect((await conn.exec(`test -e '${remoteDir}/aborted.txt' && echo yes || echo no`)).stdout.trim()).toBe(
      "no",
    );
  });

  it("downloads into a stream", async () => {
    await conn.putFile(Buffer.from("stream me"), `${remoteDir}/s.txt`);
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on("data", (c: Buffer) => chunks.push(c));
    await conn.getFile(`${remoteDir}/s.txt`, sink);
    expect(Buffer.concat(chunks).toString()).toBe("stream me");
  });
});
