import { Commands, ConfigRead, ConfigWrite, DeviceInfo } from "@patchbay/capabilities";
import { connect, isPatchbayError, registerConnectionPlugin } from "@patchbay/core";
import { type RegistrySnapshot, restoreRegistry, snapshotRegistry } from "@patchbay/core/testing";
import type { SimDevice } from "@patchbay/devsim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IosxrCliPlugin, plugins } from "../../src/index.ts";
import { cliDevice, startXrSim } from "./helpers.ts";

const ALL = [DeviceInfo, Commands, ConfigRead, ConfigWrite] as const;
let sim: SimDevice;
let registry: RegistrySnapshot;

beforeAll(async () => {
  registry = snapshotRegistry();
  for (const r of plugins) registerConnectionPlugin(r.plugin, r);
  sim = await startXrSim("xr1");
});
afterAll(async () => {
  restoreRegistry(registry);
  await sim.close();
});

const code = (error: unknown, c: string): boolean => isPatchbayError(error, c);
const open = () => connect(cliDevice(sim), { capabilities: ALL, fallbackToDefault: true });

describe("IOS-XR SSH CLI plugin against the simulator", () => {
  it("is the platform's default and reads facts from show version and show inventory", async () => {
    await using r = await open();
    expect(r.plugin).toBeInstanceOf(IosxrCliPlugin);
    expect(await r.getFacts()).toMatchObject({
      hostname: "xr1",
      vendor: "Cisco",
      model: "R-IOSXRV9000-CC",
      serial: "8D2C6A1F0B3",
      osVersion: "7.9.2",
      uptimeSeconds: 23 * 86_400 + 4 * 3600 + 17 * 60,
    });
  });

  it("runs commands with IOS-XR's error texts marked as failed", async () => {
    await using r = await open();
    const results = await r.runCommands(["show route", "show bogus", "show clock"], { stopOnFailed: true });
    expect(results.map((x) => x.failed)).toEqual([false, true]);
    expect(results[0]?.output).toContain("0.0.0.0/0");
    expect(results[1]?.output).toContain("% Invalid input detected");
  });

  it("reads the running configuration without headers, and refuses startup, candidate and XML", async () => {
    await using r = await open();
    const running = (await r.getConfig()).config;
    expect(running).toMatch(/^(!\n)?hostname xr1\n/);
    expect(running).not.toContain("Building configuration");
    expect(running).not.toContain("!! Last configuration change");
    for (const attempt of [
      () => r.getConfig({ source: "startup" }),
      () => r.getConfig({ source: "candidate" }),
      () => r.getConfig({ format: "xml" }),
    ]) {
      expect(code(await attempt().catch((e: unknown) => e), "UNSUPPORTED_OPERATION")).toBe(true);
    }
  });

  it("previews a merge, commits it with a comment, returns the real diff, and another session sees it", async () => {
    await using r = await open();
    await r.loadConfig({ mode: "merge", config: "interface GigabitEthernet0/0/0/1\n description to-core\n" });
    expect(await r.compareConfig()).toContain("+ description to-core");
    expect((await r.getConfig()).config).not.toContain("to-core");
    const result = await r.commitConfig({ message: "patchbay test" });
    expect(result).toMatchObject({ pendingConfirmation: false });
    expect(result.diff).toContain("+ description to-core");
    expect(await r.compareConfig()).toBe("");
    await using other = await open();
    expect((await other.getConfig()).config).toMatch(
      /interface GigabitEthernet0\/0\/0\/1\n description to-core/,
    );
  });

  it("applies nothing when a line is rejected: the session is aborted (IOS-XR commits all or nothing)", async () => {
    await using r = await open();
    const before = (await r.getConfig()).config;
    await r.loadConfig({
      mode: "merge",
      config: "interface GigabitEthernet0/0/0/2\n description half-done\nntp server 10.1.1.1\n",
    });
    // The simulator keeps any configuration line it does not know; an unknown show command is one it
    // rejects in configuration mode, as IOS-XR does.
    await r.loadConfig({ mode: "merge", config: "show bogus-thing\nhostname never-applied\n" });
    const error = await r.commitConfig().catch((e: unknown) => e);
    expect(code(error, "COMMAND_FAILED"), String(error)).toBe(true);
    expect((error as Error).message).toContain("xr-sim");
    expect((error as Error).message).toContain("nothing was applied");
    expect((await r.getConfig()).config).toBe(before);
    expect(before).not.toContain("half-done");
    await r.discardConfig();
    expect(await r.compareConfig()).toBe("");
  });

  it("refuses session words, bad confirm timeouts, rollback steps and formats before sending anything", async () => {
    await using r = await open();
    const before = (await r.getConfig()).config;
    for (const line of ["commit", "abort", "end", "do reload", "rollback configuration last 1"]) {
      const error = await r.loadConfig({ mode: "merge", config: line }).catch((e: unknown) => e);
      expect(code(error, "COMMAND_FAILED"), line).toBe(true);
    }
    expect(
      code(await r.loadConfig({ mode: "merge", config: "\n!\n" }).catch((e: unknown) => e), "COMMAND_FAILED"),
    ).toBe(true);
    await r.loadConfig({ mode: "merge", config: "ntp server 10.2.2.2" });
    for (const attempt of [
      () => r.loadConfig({ mode: "merge", config: "<config/>", format: "xml" }),
      () => r.commitConfig({ confirmTimeoutSeconds: 29 }),
      () => r.commitConfig({ confirmTimeoutSeconds: 65_536 }),
      () => r.rollback({ steps: 0 }),
      () => r.rollback({ steps: 101 }),
    ]) {
      expect(code(await attempt().catch((e: unknown) => e), "UNSUPPORTED_OPERATION")).toBe(true);
    }
    expect((await r.getConfig()).config).toBe(before);
  });
});
