import { join } from "node:path";
import {
  AuthenticationError,
  ConnectionError,
  createDevice,
  createMemoryLogger,
  HostKeyMismatchError,
  OperationAbortedError,
  UnreachableError,
} from "@patchbay/core";
import { afterAll, describe, expect, it } from "vitest";
import { NetconfConnection } from "../../src/index.ts";
import { loadPeers, netconfdConnection, tempDir } from "./peers.ts";

const peers = loadPeers();
const dir = tempDir();
afterAll(() => dir.remove());
const knownHosts = join(dir.path, "known_hosts");

describe("connecting", () => {
  it("rejects a wrong password with AuthenticationError; neither the message nor the log has it", async () => {
    const logger = createMemoryLogger();
    const secret = "Wrong-S3cret-pw";
    const conn = netconfdConnection(
      { ...peers.netconfd, password: secret },
      knownHosts,
      {},
      { connectRetries: 0 },
      logger,
    );
    const err = (await conn.connect().catch((e: unknown) => e)) as AuthenticationError;
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err.deviceId).toBe("netconfd-peer");
    expect(err.host).toBe(peers.netconfd.host);
    expect(err.message).not.toContain(secret);
    expect(JSON.stringify(logger.entries)).not.toContain(secret);
    expect(conn.connected).toBe(false);
  });

  it("reports a closed port as UnreachableError", async () => {
    const conn = new NetconfConnection({
      device: createDevice({
        id: "x",
        host: "127.0.0.1",
        username: "u",
        password: "pw",
        platform: "linux",
        data: { netconf: { port: 1 } },
      }),
      sshOptions: { connectRetries: 0, knownHostsPath: knownHosts },
    });
    expect(await conn.connect().catch((e: unknown) => e)).toBeInstanceOf(UnreachableError);
  });

  it("refuses an unknown host key under the strict policy", async () => {
    const conn = netconfdConnection(
      peers.netconfd,
      join(dir.path, "empty_known_hosts"),
      {},
      { hostKeyPolicy: "strict" },
    );
    expect(await conn.connect().catch((e: unknown) => e)).toBeInstanceOf(HostKeyMismatchError);
  });

  it("says so when the SSH server has no netconf subsystem", async () => {
    const conn = new NetconfConnection({
      device: createDevice({
        id: "openssh",
        host: peers.openssh.host,
        username: peers.openssh.username,
        password: peers.openssh.password,
        platform: "linux",
        data: { netconf: { port: peers.openssh.port } },
      }),
      sshOptions: { knownHostsPath: knownHosts, keepaliveIntervalMs: 0 },
    });
    const err = (await conn.connect().catch((e: unknown) => e)) as ConnectionError;
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toMatch(/"netconf" subsystem/);
    expect(conn.ssh.connected).toBe(false);
  });

  it("rejects with OperationAbortedError when the caller aborts the connect", async () => {
    const conn = netconfdConnection(peers.netconfd, knownHosts);
    const err = await conn.connect({ signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperationAbortedError);
    expect(conn.connected).toBe(false);
    expect(conn.ssh.connected).toBe(false);
  });

  it("reaches netconfd through an SSH jump host", async () => {
    const { openssh } = peers;
    const conn = netconfdConnection(
      peers.netconfd,
      knownHosts,
      {},
      {
        jumpHost: {
          host: openssh.host,
          port: openssh.port,
          username: openssh.username,
          password: openssh.password,
          knownHostsPath: knownHosts,
        },
      },
    );
    try {
      await conn.connect();
      const reply = await conn.getConfig({
        filter: '<system xmlns="urn:ietf:params:xml:ns:yang:ietf-system"><hostname/></system>',
      });
      expect(reply.xml).toContain("<hostname>");
    } finally {
      await conn.disconnect();
    }
    expect(await conn.isAlive()).toBe(false);
  });
});
