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
import { CiscoNxosCliPlugin, ciscoNxosSshPlugin, plugins } from "../../src/index.ts";
import { cliDevice, countChanges, startNxos } from "./sim.ts";

let sim: SimDevice;
let registry: RegistrySnapshot;

beforeAll(async () => {
  registry = snapshotRegistry();
  for (const r of plugins) registerConnectionPlugin(r.plugin, r);
  sim = await startNxos();
});
afterAll(async () => {
  restoreRegistry(registry);
  await sim.close();
});

const everything = [DeviceInfo, Commands, ConfigRead, ConfigWrite] as const;

describe("NX-OS over the SSH CLI", () => {
  it("is the platform's default and parses show version into facts", async () => {
    await using n1 = await connect(cliDevice(sim), {
      capabilities: [DeviceInfo] as const,
      connectionType: "ssh",
    });
    expect(n1.plugin.name).toBe("cisco_nxos/ssh");
    const facts = await n1.getFacts({ timeoutMs: 20_000 });
    expect(facts).toMatchObject({
      hostname: "R1",
      vendor: "Cisco",
      model: "Nexus9000 C9300v",
      serial: "9ZQRM3RPT4L",
      osVersion: "10.3(4a)",
      uptimeSeconds: 23 * 86_400 + 4 * 3_600 + 17 * 60 + 33,
    });
    expect(facts.raw["show version"]).toContain("Kernel uptime is");
  });

  it("runs commands and marks the ones the device rejects", async () => {
    await using n1 = await connect(cliDevice(sim), {
      capabilities: [Commands] as const,
      connectionType: "ssh",
    });
    const results = await n1.runCommands(["show clock", "show no-such-thing", "show vlan brief"]);
    expect(results.map((r) => r.failed)).toEqual([false, true, false]);
    expect(results[1]?.output).toContain("% Invalid command");
    expect(results[2]?.output).toContain("SERVERS");
  });

  it("reads the running configuration without the timestamp header, so two reads are equal", async () => {
    await using n1 = await connect(cliDevice(sim), {
      capabilities: [ConfigRead] as const,
      connectionType: "ssh",
    });
    const first = await n1.getConfig();
    expect(first.config).toMatch(/^hostname R1$/m);
    expect(first.config).not.toMatch(/^!Time:/m);
    expect((await n1.getConfig()).config).toBe(first.config);
    const startup = await n1.getConfig({ source: "startup" }).catch((e: unknown) => e);
    // The simulator has no `show startup-config`; a refusal is a typed error naming the command.
    expect(isPatchbayError(startup, "COMMAND_FAILED"), String(startup)).toBe(true);
    expect((startup as Error).message).toContain("show startup-config");
  });

  it("previews a merge and commits it through a configuration session, returning the real diff", async () => {
    await using n1 = await connect(cliDevice(sim), { capabilities: everything, connectionType: "ssh" });
    const changes = countChanges(sim);
    await n1.loadConfig({
      mode: "merge",
      // A trailing `end` (as in a saved file) must not leave the session before the commit.
      config: "ntp server 10.1.1.1\ninterface Ethernet1/3\n  description storage-session\nend\n",
    });
    const preview = await n1.compareConfig();
    expect(preview).toContain("+ntp server 10.1.1.1");
    expect(preview).toContain("description storage-session");
    expect(changes.count).toBe(0);
    const result = await n1.commitConfig();
    changes.stop();
    // One change: the session's commit replaced the configuration at once.
    expect(changes.count).toBe(1);
    expect(result).toMatchObject({ pendingConfirmation: false });
    expect(result.diff).toContain("+ntp server 10.1.1.1");
    expect(result.diff).toMatch(/^\+\s+description storage-session$/m);
    expect(await n1.compareConfig()).toBe("");
    const after = await n1.runCommands(["show clock"]);
    expect(after[0]?.failed).toBe(false);
  });

  it("aborts the session on a rejected line: nothing is applied, and the error names device and line", async () => {
    await using n1 = await connect(cliDevice(sim), { capabilities: everything, connectionType: "ssh" });
    const before = (await n1.getConfig()).config;
    await n1.loadConfig({
      mode: "merge",
      config: "logging server 10.2.2.2\nshow clock\nlogging server 10.3.3.3\n",
    });
    const error = await n1.commitConfig().catch((e: unknown) => e);
    expect(isPatchbayError(error, "COMMAND_FAILED"), String(error)).toBe(true);
    expect((error as Error).message).toContain("n1");
    expect((error as Error).message).toContain('"show clock"');
    expect((error as Error).message).toContain("nothing was applied");
    expect((await n1.getConfig()).config).toBe(before);
    expect((await n1.runCommands(["show hostname"]))[0]?.output).toContain("R1");
  });

  it("without configSessions, sends the lines in configuration mode one by one", async () => {
    const device = cliDevice(sim, { data: { ...cliDevice(sim).data, nxos: { configSessions: false } } });
    await using n1 = await connect(device, { capabilities: everything, connectionType: "ssh" });
    await n1.loadConfig({
      mode: "merge",
      config: "logging server 10.4.4.4\nshow clock\nlogging server 10.5.5.5\n",
    });
    const error = await n1.commitConfig().catch((e: unknown) => e);
    expect(isPatchbayError(error, "COMMAND_FAILED"), String(error)).toBe(true);
    const running = (await n1.getConfig()).config;
    expect(running).toContain("logging server 10.4.4.4");
    expect(running).not.toContain("logging server 10.5.5.5");
  });

  it("refuses confirmed commits, confirm and bad rollback steps before sending anything", async () => {
    const device = createDevice(cliDevice(sim, { id: "never-connected" }));
    const plugin = new CiscoNxosCliPlugin(device, { logger: silentLogger, definition: ciscoNxosSshPlugin });
    for (const attempt of [
      () => plugin.commitConfig({ confirmTimeoutSeconds: 60 }),
      () => plugin.confirmCommit(),
      () => plugin.rollback({ steps: 11 }),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(isPatchbayError(error, "UNSUPPORTED_OPERATION"), String(error)).toBe(true);
      expect((error as Error).message).toContain("never-connected");
    }
    expect(plugin.connection?.connected ?? false).toBe(false);
  });
  it("stops an operation whose signal is already aborted with a typed error", async () => {
    await using n1 = await connect(cliDevice(sim), {
      capabilities: [ConfigRead] as const,
      connectionType: "ssh",
    });
    const error = await n1.getConfig({ signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(isPatchbayError(error, "ABORTED"), String(error)).toBe(true);
  });
});
