import { Commands, ConfigRead, ConfigWrite, DeviceInfo } from "@patchbay/capabilities";
import {
  connect,
  createDevice,
  isPatchbayError,
  registerConnectionPlugin,
  silentLogger,
} from "@patchbay/core";
import { type RegistrySnapshot, restoreRegistry, snapshotRegistry } from "@patchbay/core/testing";
import type { SimDevice } from "@patchbay/devsim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CiscoIosCliPlugin, ciscoIosxeSshPlugin, plugins } from "../../src/index.ts";
import { cliDevice, countChanges, startIosxe } from "./sim.ts";

let sim: SimDevice;
let registry: RegistrySnapshot;

beforeAll(async () => {
  registry = snapshotRegistry();
  for (const r of plugins) registerConnectionPlugin(r.plugin, r);
  sim = await startIosxe();
});
afterAll(async () => {
  restoreRegistry(registry);
  await sim.close();
});

const everything = [DeviceInfo, Commands, ConfigRead, ConfigWrite] as const;

describe("IOS-XE over the SSH CLI", () => {
  it("is the default for cisco_ios and cisco_iosxe devices", async () => {
    // cisco_iosxe also has the NETCONF plugin: without a connection type, the platform default wins.
    const options = { capabilities: [DeviceInfo] as const, fallbackToDefault: true };
    await using ios = await connect(cliDevice(sim, { id: "classic", platform: "cisco_ios" }), options);
    await using xe = await connect(cliDevice(sim), options);
    expect(ios.plugin.name).toBe("cisco_ios/ssh");
    expect(xe.plugin.name).toBe("cisco_iosxe/ssh");
  });

  it("parses show version into facts and keeps the raw output", async () => {
    await using r1 = await connect(cliDevice(sim), {
      capabilities: [DeviceInfo] as const,
      connectionType: "ssh",
    });
    const facts = await r1.getFacts({ timeoutMs: 20_000 });
    expect(facts).toMatchObject({
      hostname: "R1",
      vendor: "Cisco",
      model: "C8000V",
      serial: "9KXI0D7TVFI",
      osVersion: "17.9.4a",
      uptimeSeconds: ((3 * 7 + 2) * 24 + 4) * 3600 + 17 * 60,
    });
    expect(facts.raw["show version"]).toContain("Processor board ID 9KXI0D7TVFI");
  });

  it("runs commands and marks the ones the device rejects", async () => {
    await using r1 = await connect(cliDevice(sim), {
      capabilities: [Commands] as const,
      connectionType: "ssh",
    });
    const results = await r1.runCommands(["show clock", "show no-such-thing", "show ip interface brief"]);
    expect(results.map((r) => r.failed)).toEqual([false, true, false]);
    expect(results[0]?.output).toContain("UTC");
    expect(results[1]?.failureReason).toBeDefined();
    expect(results[2]?.output).toContain("GigabitEthernet1");
    const stopped = await r1.runCommands(["show no-such-thing", "show clock"], { stopOnFailed: true });
    expect(stopped).toHaveLength(1);
    const extra = await r1.runCommands(["show clock"], { failedWhenContains: ["UTC"] });
    expect(extra[0]).toMatchObject({ failed: true, failureReason: 'output contains "UTC"' });
  });

  it("reads the running configuration without the banner lines, and refuses other formats", async () => {
    await using r1 = await connect(cliDevice(sim), {
      capabilities: [ConfigRead] as const,
      connectionType: "ssh",
    });
    const running = await r1.getConfig();
    expect(running).toMatchObject({ source: "running", format: "text" });
    expect(running.config).toMatch(/^hostname R1$/m);
    expect(running.config).not.toContain("Building configuration");
    const xml = await r1.getConfig({ format: "xml" }).catch((e: unknown) => e);
    expect(isPatchbayError(xml, "UNSUPPORTED_OPERATION")).toBe(true);
    const candidate = await r1.getConfig({ source: "candidate" }).catch((e: unknown) => e);
    expect(isPatchbayError(candidate, "UNSUPPORTED_OPERATION")).toBe(true);
    expect((candidate as Error).message).toContain("r1");
  });

  it("reads startup with show startup-config, and a device that refuses it gives a typed error", async () => {
    // The simulator has no `show startup-config`; it answers as IOS does to an unknown command.
    await using r1 = await connect(cliDevice(sim), {
      capabilities: [ConfigRead] as const,
      connectionType: "ssh",
    });
    const error = await r1.getConfig({ source: "startup" }).catch((e: unknown) => e);
    expect(isPatchbayError(error, "COMMAND_FAILED"), String(error)).toBe(true);
    expect((error as Error).message).toContain("show startup-config");
    expect((error as Error).message).toContain("r1");
  });

  it("previews a merge, commits it, returns the real diff and forgets it afterwards", async () => {
    await using r1 = await connect(cliDevice(sim), { capabilities: everything, connectionType: "ssh" });
    await r1.loadConfig({
      mode: "merge",
      // Global lines first: the simulator, unlike IOS, keeps a global line typed in a sub-mode there.
      config: "ntp server 10.1.1.1\ninterface GigabitEthernet3\n description uplink-cli-merge\n",
    });
    const preview = await r1.compareConfig();
    expect(preview).toContain("+ description uplink-cli-merge");
    expect(preview).toContain("+ntp server 10.1.1.1");
    // Staged only: the running configuration has not changed.
    expect((await r1.getConfig()).config).not.toContain("uplink-cli-merge");
    const result = await r1.commitConfig();
    expect(result.pendingConfirmation).toBe(false);
    expect(result.diff).toContain("+ description uplink-cli-merge");
    expect(result.diff).toContain("+ntp server 10.1.1.1");
    expect((await r1.getConfig()).config).toContain("ntp server 10.1.1.1");
    expect(await r1.compareConfig()).toBe("");
    expect(await r1.commitConfig()).toEqual({ diff: "", pendingConfirmation: false });
  });

  it("discards a staged change without touching the device", async () => {
    await using r1 = await connect(cliDevice(sim), { capabilities: everything, connectionType: "ssh" });
    const changes = countChanges(sim);
    await r1.loadConfig({ mode: "merge", config: "snmp-server community never-sent RO\n" });
    await r1.discardConfig();
    expect(await r1.compareConfig()).toBe("");
    expect(await r1.commitConfig()).toEqual({ diff: "", pendingConfirmation: false });
    changes.stop();
    expect(changes.count).toBe(0);
    expect((await r1.getConfig()).config).not.toContain("never-sent");
  });

  it("stops at a rejected line with a typed error naming the device and the line", async () => {
    await using r1 = await connect(cliDevice(sim), { capabilities: everything, connectionType: "ssh" });
    // The simulator keeps any configuration line it does not know, but rejects `show` without `do`.
    await r1.loadConfig({
      mode: "merge",
      config: "logging host 10.2.2.2\nshow clock\nlogging host 10.3.3.3\n",
    });
    const error = await r1.commitConfig().catch((e: unknown) => e);
    expect(isPatchbayError(error, "COMMAND_FAILED"), String(error)).toBe(true);
    expect((error as Error).message).toContain("r1");
    expect((error as Error).message).toContain('"show clock"');
    const running = (await r1.getConfig()).config;
    // IOS applies line by line: the line before the rejected one is in, the one after never sent.
    expect(running).toContain("logging host 10.2.2.2");
    expect(running).not.toContain("logging host 10.3.3.3");
    expect(await r1.runCommands(["show privilege"])).toMatchObject([{ failed: false }]);
  });

  it("refuses confirmed commits, confirm and rollback before sending anything", async () => {
    // A plugin that was never connected: each refusal comes before any traffic could happen.
    const device = createDevice(cliDevice(sim, { id: "never-connected" }));
    const plugin = new CiscoIosCliPlugin(device, { logger: silentLogger, definition: ciscoIosxeSshPlugin });
    for (const attempt of [
      () => plugin.commitConfig({ confirmTimeoutSeconds: 60 }),
      () => plugin.confirmCommit(),
      () => plugin.rollback(),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(isPatchbayError(error, "UNSUPPORTED_OPERATION"), String(error)).toBe(true);
      expect((error as Error).message).toContain("never-connected");
    }
    expect(plugin.connection?.connected ?? false).toBe(false);
  });

  it("saves to startup after a commit when saveOnCommit is set", async () => {
    await using r1 = await connect(
      cliDevice(sim, { data: { ...cliDevice(sim).data, ios: { saveOnCommit: true } } }),
      { capabilities: everything, connectionType: "ssh" },
    );
    await r1.loadConfig({ mode: "merge", config: "banner motd ^saved-by-patchbay^\n" });
    const result = await r1.commitConfig();
    expect(result.diff).toContain("saved-by-patchbay");
  });
  it("stops an operation whose signal is already aborted with a typed error", async () => {
    await using r1 = await connect(cliDevice(sim), {
      capabilities: [ConfigRead] as const,
      connectionType: "ssh",
    });
    const error = await r1.getConfig({ signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(isPatchbayError(error, "ABORTED"), String(error)).toBe(true);
  });
});
