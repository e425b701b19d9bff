// rediss:// against a private redis-server with TLS (certificates made here with openssl).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectQueue } from "../../src/index.ts";
import { redisPeer } from "./peer.ts";

let dir: string;
let server: ChildProcess;
let port: number;

function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port: p } = s.address() as { port: number };
      s.close(() => done(p));
    });
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "pb-queue-tls-"));
  const ssl = (...args: string[]): void => {
    execFileSync("openssl", args, { cwd: dir, stdio: "ignore" });
  };
  ssl(
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
    "-days",
    "2",
    "-subj",
    "/CN=pb-test-ca",
  );
  ssl(
    "req",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    "server.key",
    "-out",
    "server.csr",
    "-subj",
    "/CN=127.0.0.1",
  );
  execFileSync("sh", ["-c", "printf 'subjectAltName=IP:127.0.0.1' > san.ext"], { cwd: dir });
  ssl(
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-out",
    "server.pem",
    "-days",
    "2",
    "-extfile",
    "san.ext",
  );
  port = await freePort();
  server = spawn(
    redisPeer().binary,
    [
      "--port",
      "0",
      "--tls-port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--tls-cert-file",
      join(dir, "server.pem"),
      "--tls-key-file",
      join(dir, "server.key"),
      "--tls-ca-cert-file",
      join(dir, "ca.pem"),
      "--tls-auth-clients",
      "no",
      "--save",
      "",
      "--dir",
      dir,
    ],
    { stdio: "ignore" },
  );
  for (let i = 0; i < 100; i++) {
    const listening = await new Promise<boolean>((done) => {
      const s = createServer();
      s.once("error", () => done(true));
      s.listen(port, "127.0.0.1", () => s.close(() => done(false)));
    });
    if (listening) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("redis-server with TLS did not start");
});

afterAll(() => {
  server?.kill("SIGKILL");
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("rediss://", () => {
  it("connects over TLS with the CA file and answers", async () => {
    const c = await connectQueue({ url: `rediss://127.0.0.1:${port}`, caFile: join(dir, "ca.pem") });
    try {
      expect(await c.redis.ping()).toBe("PONG");
    } finally {
      await c.close();
    }
  });

  it("refuses a server its CA did not sign, in one line", async () => {
    const error = await connectQueue({ url: `rediss://127.0.0.1:${port}` }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "QUEUE_UNREACHABLE" });
    expect((error as Error).message).toMatch(
      /^cannot reach Redis at rediss:\/\/127\.0\.0\.1:\d+: .*(certificate|self.signed)/i,
    );
  });

  it("rejects a CA file with a redis:// URL", async () => {
    await expect(
      connectQueue({ url: `redis://127.0.0.1:${port}`, caFile: join(dir, "ca.pem") }),
    ).rejects.toMatchObject({
      code: "QUEUE_USAGE",
    });
  });
});
