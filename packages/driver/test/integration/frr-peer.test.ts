import { createDevice } from "@patchbay/core";
import { SshConnection } from "@patchbay/ssh";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The real peers' facts (a real FRR vtysh behind OpenSSH), written by the repository's test/peers
// scripts; one reader for every package's integration tests.
import { loadPeers } from "../../../ssh/test/integration/peers.ts";
import { NetworkDriver } from "../../src/index.ts";

const frr = loadPeers().frr;

async function open(): Promise<{ driver: NetworkDriver; connection: SshConnection }> {
  const device = createDevice({
    id: "frr-peer",
    host: frr.host,
    port: frr.port,
    username: frr.username,
    password: frr.password,
    platform: "frr",
  });
  const connection = new SshConnection({ device, options: { hostKeyPolicy: "off" } });
  const driver = new NetworkDriver({
    device,
    timeoutOpsMs: 30_000,
    transport: async (op) => {
      await connection.connect(op);
      return connection.openShell(op);
    },
  });
  await driver.open({ timeoutMs: 30_000 });
  return { driver, connection };
}

async function close(s: { driver: NetworkDriver; connection: SshConnection } | undefined): Promise<void> {
  await s?.driver.close();
  await s?.connection.disconnect();
}

describe("FRRouting vtysh over OpenSSH (real peer)", () => {
  let s: { driver: NetworkDriver; connection: SshConnection };
  const mark = `patchbay-driver-${process.pid}-${Date.now()}`;
  beforeAll(async () => {
    s = await open();
  });
  afterAll(async () => {
    await s?.driver.sendConfigs(["interface lo", `no description ${mark}`]).catch(() => undefined);
    await close(s);
  });

  it("opens in vtysh at privilege exec, past the MOTD, and learns the hostname", async () => {
    expect(await s.driver.getPrompt()).toBe(frr.privilegedPrompt.trim());
    expect(s.driver.hostname).toBe(frr.hostname);
    expect(s.driver.currentPrivilegeLevel).toBe("privilege_exec");
  });

  it("sends show version", async () => {
    const r = await s.driver.sendCommand("show version");
    expect(r.result).toMatch(/FRRouting/);
    expect(r.failed).toBe(false);
  });

  it("detects vtysh's unknown command", async () => {
    const r = await s.driver.sendCommand("terminal width 511");
    expect(r.failed).toBe(true);
  });

  it("enters configuration mode and sub-modes and comes back", async () => {
    await s.driver.acquirePriv("configuration");
    expect(await s.driver.getPrompt()).toBe(`${frr.hostname}(config)#`);
    const r = await s.driver.sendConfigs(["router bgp 65001", "exit"]);
    expect(r.failed).toBe(false);
    expect(s.driver.currentPrivilegeLevel).toBe("privilege_exec");
  });

  it("applies a config change that a new session sees", async () => {
    const r = await s.driver.sendConfigs(["interface lo", `description ${mark}`], { stopOnFailed: true });
    expect(r.failed).toBe(false);
    const other = await open();
    try {
      const run = await other.driver.sendCommand("show running-config");
      expect(run.result).toMatch(new RegExp(`interface lo\\n(?: .*\\n)*? description ${mark}`));
    } finally {
      await close(other);
    }
  });

  it("returns the 2,000 static routes of the running configuration, none lost to prompts or paging", async () => {
    const r = await s.driver.sendCommand("show running-config");
    const routes = r.result.split("\n").filter((line) => line.startsWith("ip route "));
    expect(routes.length).toBeGreaterThanOrEqual(frr.staticRoutes);
    expect(r.result).toContain("ip route 10.107.249.0/24 Null0");
    expect(r.result.trimEnd().endsWith("end")).toBe(true);
    const table = await s.driver.sendCommand("show ip route static");
    expect(table.result.split("\n").filter((l) => /^S>\* /.test(l)).length).toBeGreaterThanOrEqual(
      frr.staticRoutes,
    );
  });
});
