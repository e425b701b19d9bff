import { Commands, ConfigRead, ConfigWrite, DeviceInfo } from "@patchbay/capabilities";
import { connect, isPatchbayError, registerConnectionPlugin } from "@patchbay/core";
import { type RegistrySnapshot, restoreRegistry, snapshotRegistry } from "@patchbay/core/testing";
import type { SimDevice } from "@patchbay/devsim";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { FrrSshPlugin, plugins } from "../../src/index.ts";
import { simDevice, startFrrSim } from "./helpers.ts";

const ALL = [DeviceInfo, Commands, ConfigRead, ConfigWrite] as const;
let sim: SimDevice;
let registry: RegistrySnapshot;

beforeAll(async () => {
  registry = snapshotRegistry();
  for (const r of plugins) registerConnectionPlugin(r.plugin, r);
  sim = await startFrrSim("edge1");
});
afterAll(async () => {
  restoreRegistry(registry);
  await sim.close();
});

const isCode = (error: unknown, code: string): boolean => isPatchbayError(error, code);

describe("platform-frr against the simulator", () => {
  it("resolves frr to the vtysh plugin and reads facts from show version", async () => {
    await using r = await connect(simDevice(sim), { capabilities: ALL });
    expect(r.plugin).toBeInstanceOf(FrrSshPlugin);
    const facts = await r.getFacts();
    expect(facts).toMatchObject({
      hostname: "edge1",
      vendor: "FRRouting",
      osVersion: "9.1",
      uptimeSeconds: null,
    });
    expect(facts.raw["show version"]).toContain("FRRouting 9.1 (edge1)");
  });

  it("runs commands, marks vtysh's unknown commands as failed, and stops on the first failure when asked", async () => {
    await using r = await connect(simDevice(sim), { capabilities: ALL });
    const results = await r.runCommands(["show ip route", "show bogus", "show version"], {
      stopOnFailed: true,
    });
    expect(results.map((x) => x.failed)).toEqual([false, true]);
    expect(results[0]?.output).toContain("S>* 0.0.0.0/0");
    expect(results[1]?.output).toContain("% Unknown command");
    const extra = await r.runCommands(["show version"], { failedWhenContains: ["Kunihiro"] });
    expect(extra[0]?.failed).toBe(true);
    expect(extra[0]?.failureReason).toContain("Kunihiro");
  });

  it("reads the running configuration without vtysh's header, and refuses datastores and formats it lacks", async () => {
    await using r = await connect(simDevice(sim), { capabilities: ALL });
    const running = await r.getConfig();
    expect(running.source).toBe("running");
    expect(running.format).toBe("text");
    expect(running.config).toMatch(/^!?\n?frr version 9\.1\n/);
    expect(running.config).not.toContain("Building configuration");
    expect(running.config).not.toContain("Current configuration:");
    expect(running.config.trimEnd().endsWith("end")).toBe(true);
    for (const attempt of [
      () => r.getConfig({ source: "startup" }),
      () => r.getConfig({ source: "candidate" }),
      () => r.getConfig({ format: "xml" }),
    ]) {
      expect(isCode(await attempt().catch((e: unknown) => e), "UNSUPPORTED_OPERATION")).toBe(true);
    }
  });

  it("previews a merge, commits it with the real diff, and another session sees the change", async () => {
    await using r = await connect(simDevice(sim), { capabilities: ALL });
    expect(await r.compareConfig()).toBe("");
    await r.loadConfig({ mode: "merge", config: "interface eth0\n description uplink-by-patchbay\n" });
    const preview = await r.compareConfig();
    expect(preview).toContain("+ description uplink-by-patchbay");
    expect((await r.getConfig()).config).not.toContain("uplink-by-patchbay");
    const result = await r.commitConfig();
    expect(result.pendingConfirmation).toBe(false);
    expect(result.diff).toContain("+ description uplink-by-patchbay");
    expect(await r.compareConfig()).toBe("");
    await using other = await connect(simDevice(sim), { capabilities: [ConfigRead] as const });
    expect((await other.getConfig()).config).toMatch(
      /interface eth0\n(?: .*\n)*? description uplink-by-patchbay/,
    );
  });

  it("drops a staged change on discard: nothing reaches the router", async () => {
    await using r = await connect(simDevice(sim), { capabilities: ALL });
    await r.loadConfig({ mode: "merge", config: "ip route 10.77.0.0/16 Null0" });
    expect(await r.compareConfig()).toContain("+ip route 10.77.0.0/16 Null0");
    await r.discardConfig();
    expect(await r.compareConfig()).toBe("");
    expect(await r.commitConfig()).toEqual({ diff: "", pendingConfirmation: false });
    expect((await r.getConfig()).config).not.toContain("10.77.0.0/16");
  });

  it("stops at a line vtysh rejects with a typed error naming the device and the line", async () => {
    await using r = await connect(simDevice(sim), { capabilities: ALL });
    await r.loadConfig({
      mode: "merge",
      config: "ip route 10.78.0.0/16 Null0\nshow running-config\nip route 10.79.0.0/16 Null0\n",
    });
    const error = await r.commitConfig().catch((e: unknown) => e);
    expect(isCode(error, "COMMAND_FAILED"), String(error)).toBe(true);
    expect((error as Error).message).toContain("frr-sim");
    expect((error as Error).message).toContain("show running-config");
    // vtysh applies line by line: the line before the rejected one is in, the one after never sent.
    const config = (await r.getConfig()).config;
    expect(config).toContain("ip route 10.78.0.0/16 Null0");
    expect(config).not.toContain("10.79.0.0/16");
  });

  it("refuses an empty change, confirmed commits and rollback before sending anything", async () => {
    await using r = await connect(simDevice(sim), { capabilities: ALL });
    const before = (await r.getConfig()).config;
    expect(
      isCode(
        await r.loadConfig({ mode: "merge", config: " \n\n" }).catch((e: unknown) => e),
        "COMMAND_FAILED",
      ),
    ).toBe(true);
    await r.loadConfig({ mode: "merge", config: "ip route 10.80.0.0/16 Null0" });
    for (const attempt of [
      () => r.commitConfig({ confirmTimeoutSeconds: 120 }),
      () => r.confirmCommit(),
      () => r.rollback(),
      () => r.loadConfig({ mode: "merge", config: "<config/>", format: "xml" }),
    ]) {
      expect(isCode(await attempt().catch((e: unknown) => e), "UNSUPPORTED_OPERATION")).toBe(true);
    }
    expect((await r.getConfig()).config).toBe(before);
  });

  it("saves with write memory, which vtysh ends with [OK], and saveOnCommit saves after a commit", async () => {
    await using r = await connect(simDevice(sim), { capabilities: ALL });
    const plugin = r.plugin as FrrSshPlugin;
    expect(await plugin.writeMemory()).toMatch(/\[OK\]\s*$/);
    await using saving = await connect(
      simDevice(sim, { data: { ssh: { hostKeyPolicy: "off" }, frr: { saveOnCommit: true } } }),
      {
        capabilities: ALL,
      },
    );
    const save = vi.spyOn((saving.plugin as FrrSshPlugin).driver, "sendCommand");
    const saves = () => save.mock.calls.filter(([command]) => command === "write memory").length;
    await saving.loadConfig({ mode: "merge", config: "ip route 10.81.0.0/16 Null0" });
    expect((await saving.commitConfig()).diff).toContain("+ip route 10.81.0.0/16 Null0");
    expect(saves()).toBe(1);
    // A commit that changes nothing saves nothing.
    await saving.loadConfig({ mode: "merge", config: "ip route 10.81.0.0/16 Null0" });
    expect((await saving.commitConfig()).diff).toBe("");
    expect(saves()).toBe(1);
  });
});
