import { Commands, ConfigRead, ConfigWrite, DeviceInfo } from "@patchbay/capabilities";
import { connect, isPatchbayError, registerConnectionPlugin } from "@patchbay/core";
import { type RegistrySnapshot, restoreRegistry, snapshotRegistry } from "@patchbay/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FrrSshPlugin, plugins } from "../../src/index.ts";
import { loadFrrPeer, peerDevice } from "./helpers.ts";

const peer = loadFrrPeer();
const ALL = [DeviceInfo, Commands, ConfigRead, ConfigWrite] as const;
const mark = `patchbay-frr-${process.pid}`;
// An interface of this run only (FRR configures interfaces that do not exist yet), so suites that
// share the peer never see each other's changes.
const IFACE = `pbfrr${process.pid}`;
let registry: RegistrySnapshot;

beforeAll(() => {
  registry = snapshotRegistry();
  for (const r of plugins) registerConnectionPlugin(r.plugin, r);
});
afterAll(async () => {
  // Leave the peer as it was for the other suites.
  await using r = await connect(peerDevice(peer), { capabilities: ALL });
  await r.loadConfig({ mode: "merge", config: `no interface ${IFACE}\n` });
  await r.commitConfig();
  restoreRegistry(registry);
});

describe("platform-frr against the real FRR vtysh (test/peers)", () => {
  it("reads the real version and hostname from show version", async () => {
    await using r = await connect(peerDevice(peer), { capabilities: ALL });
    const facts = await r.getFacts();
    expect(facts.hostname).toBe(peer.hostname);
    expect(facts.vendor).toBe("FRRouting");
    expect(peer.version.startsWith(facts.osVersion)).toBe(true);
    expect(facts.osVersion).toMatch(/^\d+\.\d+/);
  });

  it("returns the running configuration with all 2,000 static routes, and the routing table in full", async () => {
    await using r = await connect(peerDevice(peer), { capabilities: ALL });
    const running = (await r.getConfig()).config;
    const routes = running.split("\n").filter((line) => line.startsWith("ip route "));
    expect(routes.length).toBeGreaterThanOrEqual(peer.staticRoutes);
    expect(running).not.toContain("Current configuration:");
    expect(running.trimEnd().endsWith("end")).toBe(true);
    const [table] = await r.runCommands(["show ip route static"]);
    expect(table?.failed).toBe(false);
    expect(table?.output.split("\n").filter((l) => /^S>\* /.test(l)).length).toBeGreaterThanOrEqual(
      peer.staticRoutes,
    );
  });

  it("commits a merge whose diff is real, and a new session sees it", async () => {
    await using r = await connect(peerDevice(peer), { capabilities: ALL });
    await r.loadConfig({ mode: "merge", config: `interface ${IFACE}\n description ${mark}\n` });
    expect(await r.compareConfig()).toContain(`+ description ${mark}`);
    const result = await r.commitConfig();
    expect(result.diff).toContain(`+ description ${mark}`);
    expect(result.pendingConfirmation).toBe(false);
    await using other = await connect(peerDevice(peer), { capabilities: [ConfigRead] as const });
    expect((await other.getConfig()).config).toMatch(
      new RegExp(`interface ${IFACE}\\n(?: .*\\n)*? description ${mark}`),
    );
  });

  it("reports a line the real vtysh rejects as a typed error and sends nothing after it", async () => {
    await using r = await connect(peerDevice(peer), { capabilities: ALL });
    await r.loadConfig({
      mode: "merge",
      config: `interface ${IFACE}\n bogus-setting 42\n description ${mark}-after\n`,
    });
    const error = await r.commitConfig().catch((e: unknown) => e);
    expect(isPatchbayError(error, "COMMAND_FAILED"), String(error)).toBe(true);
    expect((error as Error).message).toContain("bogus-setting 42");
    expect((await r.getConfig()).config).not.toContain(`${mark}-after`);
  });

  it("saves with write memory, which ends with [OK]", async () => {
    await using r = await connect(peerDevice(peer), { capabilities: ALL });
    const output = await (r.plugin as FrrSshPlugin).writeMemory({ timeoutMs: 30_000 });
    expect(output).toContain("Integrated configuration saved");
    expect(output).toMatch(/\[OK\]\s*$/);
  });

  it("keeps startup unsupported: vtysh 8.4 accepts show startup-config but prints nothing", async () => {
    await using r = await connect(peerDevice(peer), { capabilities: ALL });
    const [shown] = await r.runCommands(["show startup-config"]);
    expect(shown?.output.trim()).toBe("");
    const error = await r.getConfig({ source: "startup" }).catch((e: unknown) => e);
    expect(isPatchbayError(error, "UNSUPPORTED_OPERATION")).toBe(true);
  });
});
