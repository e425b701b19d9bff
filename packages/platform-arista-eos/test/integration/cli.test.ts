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
import { AristaEosCliPlugin, aristaEosSshPlugin, plugins } from "../../src/index.ts";
import { cliDevice, countChanges, startEos } from "./sim.ts";

let sim: SimDevice;
let registry: RegistrySnapshot;

beforeAll(async () => {
  registry = snapshotRegistry();
  for (const r of plugins) registerConnectionPlugin(r.plugin, r);
  sim = await startEos();
});
afterAll(async () => {
  restoreRegistry(registry);
  await sim.close();
});

const everything = [DeviceInfo, Commands, ConfigRead, ConfigWrite] as const;

describe("EOS over the SSH CLI", () => {
  it("is the platform's default and reads facts from show version and show hostname", async () => {
    await using sw1 = await connect(cliDevice(sim), {
      capabilities: [DeviceInfo] as const,
      connectionType: "ssh",
    });
    expect(sw1.plugin.name).toBe("arista_eos/ssh");
    const facts = await sw1.getFacts({ timeoutMs: 20_000 });
    expect(facts).toMatchObject({
      hostname: "R1",
      vendor: "Arista",
      model: "vEOS-lab",
      serial: "5F2B8C9D1E0A7B6C",
      osVersion: "4.31.2F",
      uptimeSeconds: 23 * 86_400 + 4 * 3_600 + 17 * 60,
    });
    expect(Object.keys(facts.raw).sort()).toEqual(["show hostname", "show version"]);
  });

  it("runs commands and marks the ones the device rejects", async () => {
    await using sw1 = await connect(cliDevice(sim), {
      capabilities: [Commands] as const,
      connectionType: "ssh",
    });
    const results = await sw1.runCommands(["show clock", "show no-such-thing", "show ip interface brief"]);
    expect(results.map((r) => r.failed)).toEqual([false, true, false]);
    expect(results[2]?.output).toContain("Loopback0");
  });

  it("reads the running configuration without the command header", async () => {
    await using sw1 = await connect(cliDevice(sim), {
      capabilities: [ConfigRead] as const,
      connectionType: "ssh",
    });
    const running = await sw1.getConfig();
    expect(running.config).toMatch(/^hostname R1$/m);
    expect(running.config).not.toContain("! Command:");
    const json = await sw1.getConfig({ format: "json" }).catch((e: unknown) => e);
    expect(isPatchbayError(json, "UNSUPPORTED_OPERATION")).toBe(true);
  });

  it("compares through a session that is aborted: the device is not changed", async () => {
    await using sw1 = await connect(cliDevice(sim), { capabilities: everything, connectionType: "ssh" });
    const changes = countChanges(sim);
    await sw1.loadConfig({
      mode: "merge",
      config: "ntp server 10.1.1.1\ninterface Ethernet3\n   description session-preview\n   no shutdown\n",
    });
    const diff = await sw1.compareConfig();
    expect(diff).toContain("+ntp server 10.1.1.1");
    expect(diff).toMatch(/^\+\s+description session-preview$/m);
    expect(diff).toMatch(/^-\s+shutdown$/m);
    expect(changes.count).toBe(0);
    // The session was aborted, not left pending: commands run at the privileged prompt again.
    expect((await sw1.runCommands(["show clock"]))[0]?.failed).toBe(false);
    // The same staged change commits to exactly what was previewed.
    const result = await sw1.commitConfig();
    changes.stop();
    expect(changes.count).toBe(1);
    expect(result.diff.split("\n").slice(2)).toEqual(diff.split("\n").slice(2));
    expect(await sw1.compareConfig()).toBe("");
    expect((await sw1.getConfig()).config).toContain("description session-preview");
  });

  it("aborts the session on a rejected line: nothing is applied, and the error names device and line", async () => {
    await using sw1 = await connect(cliDevice(sim), { capabilities: everything, connectionType: "ssh" });
    const before = (await sw1.getConfig()).config;
    // The simulator keeps any configuration line it does not know; an unknown show command it rejects.
    await sw1.loadConfig({
      mode: "merge",
      config: "logging host 10.2.2.2\nshow no-such-thing\nlogging host 10.3.3.3\n",
    });
    for (const attempt of [() => sw1.compareConfig(), () => sw1.commitConfig()]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(isPatchbayError(error, "COMMAND_FAILED"), String(error)).toBe(true);
      expect((error as Error).message).toContain("sw1");
      expect((error as Error).message).toContain('"show no-such-thing"');
      expect((error as Error).message).toContain("nothing was applied");
    }
    expect((await sw1.getConfig()).config).toBe(before);
    await sw1.discardConfig();
    expect(await sw1.compareConfig()).toBe("");
  });

  it("saves after a commit with saveOnCommit", async () => {
    const device = cliDevice(sim, { data: { ...cliDevice(sim).data, eos: { saveOnCommit: true } } });
    await using sw1 = await connect(device, { capabilities: everything, connectionType: "ssh" });
    await sw1.loadConfig({ mode: "merge", config: "ip name-server 10.9.9.9\n" });
    expect((await sw1.commitConfig()).diff).toContain("+ip name-server 10.9.9.9");
  });

  it("refuses bad confirm timeouts, rollback steps and formats before sending anything", async () => {
    const device = createDevice(cliDevice(sim, { id: "never-connected" }));
    const plugin = new AristaEosCliPlugin(device, { logger: silentLogger, definition: aristaEosSshPlugin });
    for (const attempt of [
      () => plugin.loadConfig({ mode: "merge", config: "hostname X\n", format: "xml" }),
      () => plugin.commitConfig({ confirmTimeoutSeconds: 0 }),
      () => plugin.commitConfig({ confirmTimeoutSeconds: 86_400 }),
      () => plugin.rollback({ steps: 0 }),
      () => plugin.rollback({ steps: 21 }),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(isPatchbayError(error, "UNSUPPORTED_OPERATION"), String(error)).toBe(true);
      expect((error as Error).message).toContain("never-connected");
    }
    expect(plugin.connection?.connected ?? false).toBe(false);
  });
  it("stops an operation whose signal is already aborted with a typed error", async () => {
    await using sw1 = await connect(cliDevice(sim), {
      capabilities: [ConfigRead] as const,
      connectionType: "ssh",
    });
    const error = await sw1.getConfig({ signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(isPatchbayError(error, "ABORTED"), String(error)).toBe(true);
  });
});
