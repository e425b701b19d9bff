import { ConfigRead, ConfigWrite, DeviceInfo } from "@patchbay/capabilities";
import {
  connect,
  type DeviceInput,
  type DeviceProxy,
  isPatchbayError,
  registerConnectionPlugin,
} from "@patchbay/core";
import { type RegistrySnapshot, restoreRegistry, snapshotRegistry } from "@patchbay/core/testing";
import type { SimDevice } from "@patchbay/devsim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NetconfPlatformPlugin, plugins } from "../../src/index.ts";
import { interfaceXml, simDevice, startSim } from "./helpers.ts";

const NC = [DeviceInfo, ConfigRead, ConfigWrite] as const;
type Proxy = DeviceProxy<typeof NC> & AsyncDisposable;
let sim: SimDevice;
let registry: RegistrySnapshot;
const open = (extra: Partial<DeviceInput> = {}) =>
  connect(simDevice(sim, extra), { capabilities: NC }) as Promise<Proxy>;
const running = async () => {
  await using r = await open();
  return (await r.getConfig()).config;
};

beforeAll(async () => {
  registry = snapshotRegistry();
  for (const r of plugins) registerConnectionPlugin(r.plugin, r);
  sim = await startSim("nc-sim1");
});
afterAll(async () => {
  await sim.close();
  restoreRegistry(registry);
});

describe("netconf platform against the simulator's NETCONF server", () => {
  it("resolves platform netconf to this plugin on the device's port, with facts from ietf-system", async () => {
    await using r = await open({
      data: { ssh: { hostKeyPolicy: "off" }, netconfPlatform: { vendor: "Sim" } },
    });
    expect(r.plugin).toBeInstanceOf(NetconfPlatformPlugin);
    const facts = await r.getFacts();
    expect(facts.hostname).toBe("nc-sim1");
    expect(facts.vendor).toBe("Sim");
    expect(facts.raw["get ietf-system"]).toContain("nc-sim1");
  });

  it("changes configuration through the candidate: load, diff, commit", async () => {
    await using r = await open();
    await r.loadConfig({ mode: "merge", config: interfaceXml("Loopback71", "via-candidate") });
    expect(await r.compareConfig()).toMatch(/^\+\s+<description>via-candidate<\/description>$/m);
    expect(await running()).not.toContain("via-candidate");
    const result = await r.commitConfig();
    expect(result.diff).toMatch(/^\+\s+<description>via-candidate<\/description>$/m);
    expect(await running()).toContain("via-candidate");
  });

  it("changes configuration through running when told to: nothing is sent before commit, no preview, no confirm", async () => {
    const device = { data: { ssh: { hostKeyPolicy: "off" }, netconfPlatform: { datastore: "running" } } };
    await using r = await open(device);
    await r.loadConfig({ mode: "merge", config: interfaceXml("Loopback72", "via-running") });
    expect(await running()).not.toContain("via-running");
    const preview = await r.compareConfig().catch((e: unknown) => e);
    expect(isPatchbayError(preview, "UNSUPPORTED_OPERATION"), String(preview)).toBe(true);
    const confirmed = await r.commitConfig({ confirmTimeoutSeconds: 60 }).catch((e: unknown) => e);
    expect(isPatchbayError(confirmed, "UNSUPPORTED_OPERATION"), String(confirmed)).toBe(true);
    expect(await running()).not.toContain("via-running");
    const result = await r.commitConfig();
    expect(result).toMatchObject({ pendingConfirmation: false });
    expect(result.diff).toMatch(/^\+\s+<description>via-running<\/description>$/m);
    expect(await running()).toContain("via-running");
  });

  it("keeps an edit that running refused, with the server's error, and applies nothing of it", async () => {
    const device = { data: { ssh: { hostKeyPolicy: "off" }, netconfPlatform: { datastore: "running" } } };
    await using r = await open(device);
    await r.loadConfig({
      mode: "merge",
      config: `<interfaces xmlns="urn:ietf:params:xml:ns:yang:ietf-interfaces"><interface xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0" nc:operation="delete"><name>NoSuchIf9</name></interface></interfaces>`,
    });
    const error = await r.commitConfig().catch((e: unknown) => e);
    expect(isPatchbayError(error, "NETCONF_RPC_ERROR"), String(error)).toBe(true);
    expect((error as Error).message).toContain("nc-sim");
    await r.discardConfig();
    expect((await r.commitConfig()).diff).toBe("");
  });
});
