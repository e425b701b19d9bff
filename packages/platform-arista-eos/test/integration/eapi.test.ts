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
import { AristaEosEapiPlugin, aristaEosEapiPlugin, plugins } from "../../src/index.ts";
import { apiDevice, cliDevice, countChanges, startEos } from "./sim.ts";

let sim: SimDevice;
let registry: RegistrySnapshot;

beforeAll(async () => {
  registry = snapshotRegistry();
  for (const r of plugins) registerConnectionPlugin(r.plugin, r);
  sim = await startEos({ http: true });
});
afterAll(async () => {
  restoreRegistry(registry);
  await sim.close();
});

const everything = [DeviceInfo, Commands, ConfigRead, ConfigWrite] as const;
const api = { capabilities: everything, connectionType: "api" };
const ssh = { capabilities: everything, connectionType: "ssh" };

describe("EOS over eAPI", () => {
  it("is chosen for the api connection type and reads facts from the JSON of show version", async () => {
    await using sw1 = await connect(apiDevice(sim), api);
    expect(sw1.plugin.name).toBe("arista_eos/api");
    const facts = await sw1.getFacts({ timeoutMs: 20_000 });
    expect(facts).toMatchObject({
      hostname: "R1",
      vendor: "Arista",
      model: "vEOS-lab",
      serial: "5F2B8C9D1E0A7B6C",
      osVersion: "4.31.2F",
      uptimeSeconds: 23 * 86_400 + 4 * 3_600 + 17 * 60,
    });
    expect(JSON.parse(facts.raw["show version"] ?? "{}")).toMatchObject({ modelName: "vEOS-lab" });
  });

  it("runs commands as text, marks a rejected one and goes on after it unless told to stop", async () => {
    await using sw1 = await connect(apiDevice(sim), api);
    const results = await sw1.runCommands(["show clock", "show no-such-thing", "show hostname"]);
    expect(results.map((r) => [r.command, r.failed])).toEqual([
      ["show clock", false],
      ["show no-such-thing", true],
      ["show hostname", false],
    ]);
    expect(results[0]?.output).toContain("Timezone: UTC");
    expect(results[1]?.failureReason).toContain("Invalid input");
    expect(results[2]?.output).toContain("Hostname: R1");
    const stopped = await sw1.runCommands(["show no-such-thing", "show clock"], { stopOnFailed: true });
    expect(stopped.map((r) => r.command)).toEqual(["show no-such-thing"]);
    const marked = await sw1.runCommands(["show clock", "show hostname"], {
      stopOnFailed: true,
      failedWhenContains: ["UTC"],
    });
    expect(marked).toMatchObject([
      { command: "show clock", failed: true, failureReason: 'output contains "UTC"' },
    ]);
  });

  it("reads the same running configuration as the CLI, and eAPI's JSON tree", async () => {
    await using viaApi = await connect(apiDevice(sim), api);
    await using viaSsh = await connect(cliDevice(sim), ssh);
    const text = await viaApi.getConfig();
    expect(text).toMatchObject({ source: "running", format: "text" });
    const cliText = (await viaSsh.getConfig()).config;
    expect(text.config).toBe(cliText);
    const json = JSON.parse((await viaApi.getConfig({ format: "json" })).config) as {
      cmds: Record<string, unknown>;
    };
    expect(json.cmds).toHaveProperty(["hostname R1"]);
    const candidate = await viaApi.getConfig({ source: "candidate" }).catch((e: unknown) => e);
    expect(isPatchbayError(candidate, "UNSUPPORTED_OPERATION")).toBe(true);
    // The simulator has no `show startup-config`: the device's refusal is a typed error naming it.
    const startup = await viaApi.getConfig({ source: "startup" }).catch((e: unknown) => e);
    expect(isPatchbayError(startup, "JSONRPC_ERROR"), String(startup)).toBe(true);
    expect((startup as Error).message).toContain("show startup-config");
  });

  it("previews a change in an aborted session, commits it, and SSH sees it", async () => {
    await using viaApi = await connect(apiDevice(sim), api);
    await using viaSsh = await connect(cliDevice(sim), ssh);
    const changes = countChanges(sim);
    await viaApi.loadConfig({
      mode: "merge",
      config: "ip name-server 10.8.8.8\ninterface Ethernet2\n   description set-over-eapi\n",
    });
    const preview = await viaApi.compareConfig();
    expect(preview).toContain("+ip name-server 10.8.8.8");
    expect(preview).toMatch(/^\+\s+description set-over-eapi$/m);
    expect(changes.count).toBe(0);
    const result = await viaApi.commitConfig();
    changes.stop();
    expect(changes.count).toBe(1);
    expect(result.diff.split("\n").slice(2)).toEqual(preview.split("\n").slice(2));
    expect((await viaSsh.getConfig()).config).toMatch(/^interface Ethernet2\n description set-over-eapi$/m);
    expect(await viaApi.compareConfig()).toBe("");
  });

  it("sees a change committed over SSH", async () => {
    await using viaApi = await connect(apiDevice(sim), api);
    await using viaSsh = await connect(cliDevice(sim), ssh);
    await viaSsh.loadConfig({ mode: "merge", config: "interface Ethernet1\n   description set-over-ssh\n" });
    await viaSsh.commitConfig();
    const [row] = await viaApi.runCommands(["show interfaces description"]);
    expect(row?.output).toContain("set-over-ssh");
  });

  it("applies nothing when a line is rejected, and says which line", async () => {
    await using viaApi = await connect(apiDevice(sim), api);
    const before = (await viaApi.getConfig()).config;
    const changes = countChanges(sim);
    await viaApi.loadConfig({ mode: "merge", config: "logging host 10.2.2.2\nshow no-such-thing\n" });
    for (const attempt of [() => viaApi.compareConfig(), () => viaApi.commitConfig()]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(isPatchbayError(error, "COMMAND_FAILED"), String(error)).toBe(true);
      expect((error as Error).message).toContain("sw1-api");
      expect((error as Error).message).toContain('"show no-such-thing"');
      expect((error as Error).message).toContain("nothing was applied");
    }
    changes.stop();
    expect(changes.count).toBe(0);
    expect((await viaApi.getConfig()).config).toBe(before);
  });

  it("refuses other formats, replace, confirmed commits, confirm and rollback before sending anything", async () => {
    const device = createDevice(apiDevice(sim, { id: "never-connected" }));
    const plugin = new AristaEosEapiPlugin(device, { logger: silentLogger, definition: aristaEosEapiPlugin });
    for (const attempt of [
      () => plugin.loadConfig({ mode: "merge", config: "<x/>", format: "xml" }),
      () => plugin.loadConfig({ mode: "replace", config: "hostname X\n" }),
      () => plugin.getConfig({ format: "set" }),
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
  it("stops an operation whose signal is already aborted with a typed error, and stays usable", async () => {
    await using sw1 = await connect(apiDevice(sim), api);
    const error = await sw1.getConfig({ signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(isPatchbayError(error, "ABORTED"), String(error)).toBe(true);
    expect((await sw1.getConfig()).config.length).toBeGreaterThan(0);
  });
});
