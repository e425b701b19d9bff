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
import { CiscoNxosNxapiPlugin, ciscoNxosNxapiPlugin, plugins } from "../../src/index.ts";
import { apiDevice, cliDevice, startNxos } from "./sim.ts";

let sim: SimDevice;
let registry: RegistrySnapshot;

beforeAll(async () => {
  registry = snapshotRegistry();
  for (const r of plugins) registerConnectionPlugin(r.plugin, r);
  sim = await startNxos({ http: true });
});
afterAll(async () => {
  restoreRegistry(registry);
  await sim.close();
});

const api = { capabilities: [DeviceInfo, Commands, ConfigRead] as const, connectionType: "api" };
const ssh = { capabilities: [Commands, ConfigRead, ConfigWrite] as const, connectionType: "ssh" };

describe("NX-OS over NX-API", () => {
  it("is chosen for the api connection type and reads facts from show version", async () => {
    await using n1 = await connect(apiDevice(sim), api);
    expect(n1.plugin.name).toBe("cisco_nxos/api");
    // The simulator's structured show version is not NX-OS's model: the plugin reads the text.
    const facts = await n1.getFacts({ timeoutMs: 20_000 });
    expect(facts).toMatchObject({
      hostname: "R1",
      vendor: "Cisco",
      model: "Nexus9000 C9300v",
      serial: "9ZQRM3RPT4L",
      osVersion: "10.3(4a)",
      uptimeSeconds: 23 * 86_400 + 4 * 3_600 + 17 * 60 + 33,
    });
    expect(facts.raw["show version"]).toContain("Device name: R1");
  });

  it("runs commands as text, marks a rejected one and goes on after it unless told to stop", async () => {
    await using n1 = await connect(apiDevice(sim), api);
    const results = await n1.runCommands(["show clock", "show no-such-thing", "show vlan brief"]);
    expect(results.map((r) => [r.command, r.failed])).toEqual([
      ["show clock", false],
      ["show no-such-thing", true],
      ["show vlan brief", false],
    ]);
    expect(results[0]?.output).toContain("Time source is NTP");
    expect(results[1]?.failureReason).toContain("Input CLI command error");
    expect(results[1]?.output).toContain("% Invalid command");
    expect(results[2]?.output).toContain("STORAGE");
    const stopped = await n1.runCommands(["show no-such-thing", "show clock"], { stopOnFailed: true });
    expect(stopped.map((r) => r.command)).toEqual(["show no-such-thing"]);
    const marked = await n1.runCommands(["show clock", "show hostname"], {
      stopOnFailed: true,
      failedWhenContains: ["NTP"],
    });
    expect(marked).toMatchObject([
      { command: "show clock", failed: true, failureReason: 'output contains "NTP"' },
    ]);
  });

  it("reads the same running configuration as the CLI, and sees a change committed over SSH", async () => {
    await using viaApi = await connect(apiDevice(sim), api);
    await using viaSsh = await connect(cliDevice(sim), ssh);
    expect((await viaApi.getConfig()).config).toBe((await viaSsh.getConfig()).config);
    await viaSsh.loadConfig({ mode: "merge", config: "interface Ethernet1/2\n  description set-over-ssh\n" });
    await viaSsh.commitConfig();
    const running = (await viaApi.getConfig()).config;
    expect(running).toMatch(/^interface Ethernet1\/2\n\s+description set-over-ssh$/m);
    expect(running).toBe((await viaSsh.getConfig()).config);
  });

  it("gives a typed error when the device refuses to show startup", async () => {
    await using n1 = await connect(apiDevice(sim), api);
    // The simulator has no `show startup-config`.
    const error = await n1.getConfig({ source: "startup" }).catch((e: unknown) => e);
    expect(isPatchbayError(error, "JSONRPC_ERROR"), String(error)).toBe(true);
    expect((error as Error).message).toContain("n1-api");
    expect((error as Error).message).toContain("show startup-config");
  });

  it("refuses a candidate and other formats before sending anything", async () => {
    const device = createDevice(apiDevice(sim, { id: "never-connected" }));
    const plugin = new CiscoNxosNxapiPlugin(device, {
      logger: silentLogger,
      definition: ciscoNxosNxapiPlugin,
    });
    for (const attempt of [
      () => plugin.getConfig({ source: "candidate" }),
      () => plugin.getConfig({ format: "json" }),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(isPatchbayError(error, "UNSUPPORTED_OPERATION"), String(error)).toBe(true);
      expect((error as Error).message).toContain("never-connected");
    }
    expect(plugin.connection?.connected ?? false).toBe(false);
  });
  it("stops an operation whose signal is already aborted with a typed error, and stays usable", async () => {
    await using n1 = await connect(apiDevice(sim), api);
    const error = await n1.getConfig({ signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(isPatchbayError(error, "ABORTED"), String(error)).toBe(true);
    expect((await n1.getConfig()).config.length).toBeGreaterThan(0);
  });
});
