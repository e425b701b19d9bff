import { createServer, type Server, type Socket, connect as tcpConnect } from "node:net";
import { join } from "node:path";
import {
  createMemoryLogger,
  DisconnectedError,
  OperationAbortedError,
  TimeoutError,
  UnreachableError,
} from "@patchbay/core";
import { afterAll, describe, expect, it } from "vitest";
import { loadPeers, opensshConnection, tempDir } from "./peers.ts";

const peer = loadPeers().openssh;
const dir = tempDir();
const knownHosts = join(dir.path, "known_hosts");
afterAll(() => dir.remove());

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)),
  );
}

/**
 * A TCP proxy to the OpenSSH peer that the test can freeze or cut. The first `dropFirst` connections
 * get what an sshd over its MaxStartups limit sends (a line, then the close) and never reach the peer.
 */
async function startProxy(
  dropFirst = 0,
): Promise<{ port: number; accepted(): number; freeze(): void; cut(): void; close(): Promise<void> }> {
  const sockets: Socket[] = [];
  let accepted = 0;
  const server = createServer((client) => {
    if (accepted++ < dropFirst) {
      client.on("error", () => {});
      client.end("Exceeded MaxStartups\r\n");
      client.resume(); // read the client's end, so the socket closes

      return;
    }
    const upstream = tcpConnect(peer.port, peer.host);
    sockets.push(client, upstream);
    client.pipe(upstream).pipe(client);
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
  });
  const port = await listen(server);
  return {
    port,
    accepted: () => accepted,
    freeze: () => {
      for (const s of sockets) {
        s.unpipe();
        s.pause();
      }
    },
    cut: () => {
      for (const s of sockets) s.destroy();
    },
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

function countResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) counts[r] = (counts[r] ?? 0) + 1;
  return counts;
}

describe("connection behaviour against OpenSSH", () => {
  it("hops through a jump host", async () => {
    const logger = createMemoryLogger();
    const conn = opensshConnection(
      peer,
      knownHosts,
      {
        jumpHost: {
          host: peer.host,
          port: peer.port,
          username: peer.username,
          password: peer.password,
          knownHostsPath: knownHosts,
          keepaliveIntervalMs: 0,
        },
      },
      { host: "127.0.0.1" },
      logger,
    );
    await conn.connect();
    // The target sees the connection coming from the jump host's sshd, not from us.
    const r = await conn.exec("echo $SSH_CONNECTION");
    expect(r.stdout.split(" ")[2]).toBe("127.0.0.1");
    expect(r.stdout.trim().split(" ")[3]).toBe(String(peer.port));
    expect(logger.entries.filter((e) => e.msg === "SSH connection ready")).toHaveLength(2);
    await conn.disconnect();
    expect(logger.entries.filter((e) => e.msg === "SSH connection closed")).toHaveLength(2);
  });

  it("retries a closed port with jittered delays, then fails with UnreachableError", async () => {
    const probe = createServer();
    const port = await listen(probe);
    await new Promise((r) => probe.close(r));
    const logger = createMemoryLogger();
    const conn = opensshConnection(
      peer,
      knownHosts,
      { connectRetries: 2, retryMinDelayMs: 10, retryMaxDelayMs: 30 },
      { port },
      logger,
    );
    const err = (await conn.connect().catch((e: unknown) => e)) as UnreachableError;
    expect(err).toBeInstanceOf(UnreachableError);
    expect(err.message).toContain("ECONNREFUSED");
    expect(err.deviceId).toBe("openssh-peer");
    const retries = logger.entries.filter((e) => e.msg === "connect failed; retrying");
    expect(retries.map((e) => e.data.attempt)).toEqual([1, 2]);
    for (const e of retries) {
      expect(e.data.delayMs).toBeGreaterThanOrEqual(10);
      expect(e.data.delayMs).toBeLessThanOrEqual(30);
    }
  });

  it("reports an unknown host name as unreachable without retrying", async () => {
    const logger = createMemoryLogger();
    const conn = opensshConnection(
      peer,
      knownHosts,
      { connectRetries: 3 },
      { host: "no-such-host.invalid" },
      logger,
    );
    await expect(conn.connect()).rejects.toBeInstanceOf(UnreachableError);
    expect(logger.entries.some((e) => e.msg === "connect failed; retrying")).toBe(false);
  });

  it("times out the handshake against a server that never speaks SSH", async () => {
    const silent = createServer(() => {});
    const port = await listen(silent);
    try {
      const conn = opensshConnection(peer, knownHosts, { authTimeoutMs: 300 }, { port });
      const err = (await conn.connect().catch((e: unknown) => e)) as TimeoutError;
      expect(err).toBeInstanceOf(TimeoutError);
      expect(err.phase).toBe("auth");
      expect(err.timeoutMs).toBe(300);
      const whole = opensshConnection(peer, knownHosts, {}, { port });
      const overall = (await whole.connect({ timeoutMs: 200 }).catch((e: unknown) => e)) as TimeoutError;
      expect(overall).toBeInstanceOf(TimeoutError);
      const controller = new AbortController();
      const aborted = opensshConnection(peer, knownHosts, {}, { port }).connect({
        signal: controller.signal,
      });
      controller.abort();
      await expect(aborted).rejects.toBeInstanceOf(OperationAbortedError);
    } finally {
      silent.close();
    }
  });

  it("retries a connection dropped before the handshake (sshd over MaxStartups) under connectRetries", async () => {
    const proxy = await startProxy(2);
    try {
      const log = createMemoryLogger();
      const conn = opensshConnection(
        peer,
        knownHosts,
        { connectRetries: 2, retryMinDelayMs: 10, retryMaxDelayMs: 20 },
        { port: proxy.port },
        log,
      );
      await conn.connect({ timeoutMs: 10_000 });
      expect((await conn.exec("echo through")).stdout).toBe("through\n");
      expect(proxy.accepted()).toBe(3);
      expect(log.entries.filter((e) => e.msg === "connect failed; retrying")).toHaveLength(2);
      await conn.disconnect();
    } finally {
      await proxy.close();
    }
  });

  it("reports a connection dropped before the handshake as UnreachableError once retries run out", async () => {
    const proxy = await startProxy(5);
    try {
      const conn = opensshConnection(
        peer,
        knownHosts,
        { connectRetries: 1, retryMinDelayMs: 10, retryMaxDelayMs: 20 },
        { port: proxy.port },
      );
      const err = (await conn.connect({ timeoutMs: 10_000 }).catch((e: unknown) => e)) as UnreachableError;
      expect(err).toBeInstanceOf(UnreachableError);
      expect(err.message).toContain("closed the connection before the SSH handshake");
      expect(err.host).toBe(peer.host);
      expect(proxy.accepted()).toBe(2);
    } finally {
      await proxy.close();
    }
  });

  it("detects a dead peer through keepalives and tells the shell", async () => {
    const proxy = await startProxy();
    try {
      const conn = opensshConnection(
        peer,
        knownHosts,
        { keepaliveIntervalMs: 100, keepaliveCountMax: 2 },
        { port: proxy.port },
      );
      await conn.connect();
      const shell = await conn.openShell();
      const closed = new Promise<Error | undefined>((resolve) => shell.onClose(resolve));
      proxy.freeze();
      const error = await closed;
      expect(error).toBeInstanceOf(DisconnectedError);
      expect(shell.closed).toBe(true);
      expect(await conn.isAlive()).toBe(false);
      await conn.disconnect();
    } finally {
      await proxy.close();
    }
  });

  it("fails a running command with DisconnectedError and its partial output when the link drops", async () => {
    const proxy = await startProxy();
    try {
      const conn = opensshConnection(peer, knownHosts, {}, { port: proxy.port });
      await conn.connect();
      let started: () => void = () => {};
      const seen = new Promise<void>((r) => {
        started = r;
      });
      const running = conn.exec("echo started; sleep 30", { onStdout: () => started() });
      await seen;
      proxy.cut();
      const err = (await running.catch((e: unknown) => e)) as DisconnectedError;
      expect(err).toBeInstanceOf(DisconnectedError);
      expect(err.partialOutput).toBe("started\n");
      await expect(conn.exec("true")).rejects.toBeInstanceOf(DisconnectedError);
      await conn.disconnect();
    } finally {
      await proxy.close();
    }
  });

  it("leaves no sockets or timers behind after disconnect", async () => {
    const before = countResources();
    const conn = opensshConnection(peer, knownHosts, { keepaliveIntervalMs: 1000 });
    await conn.connect();
    await conn.exec("echo hi", { timeoutMs: 5000 });
    await conn.putFile(Buffer.from("x"), "/tmp/pb-leak-check.txt", { timeoutMs: 5000 });
    const shell = await conn.openShell();
    await shell.close();
    await conn.exec("true", { timeoutMs: 1 }).catch(() => undefined);
    expect(countResources().TCPSocketWrap ?? 0).toBeGreaterThan(before.TCPSocketWrap ?? 0);
    await conn.disconnect();
    await new Promise((r) => setImmediate(r));
    const after = countResources();
    expect(after.TCPSocketWrap ?? 0).toBe(before.TCPSocketWrap ?? 0);
    expect(after.Timeout ?? 0).toBeLessThanOrEqual(before.Timeout ?? 0);
  });
});
