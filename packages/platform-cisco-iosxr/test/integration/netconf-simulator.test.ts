import { ConfigRead, ConfigWrite, DeviceInfo } from "@patchbay/capabilities";
import { connect, isPatchbayError, registerConnectionPlugin } from "@patchbay/core";
import { type RegistrySnapshot, restoreRegistry, snapshotRegistry } from "@patchbay/core/testing";
import type { SimDevice } from "@patchbay/devsim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IosxrNetconfPlugin, plugins } from "../../src/index.ts";
import { cliDevice, IF_NS, interfaceXml, netconfDevice, startXrSim } from "./helpers.ts";

const NC = [DeviceInfo, ConfigRead, ConfigWrite] as const;
const OPTS = { capabilities: NC, connectionType: "netconf" } as const;
const SYS = "urn:ietf:params:xml:ns:yang:ietf-system";
let sim: SimDevice;
let registry: RegistrySnapshot;

beforeAll(async () => {
  registry = snapshotRegistry();
  for (const r of plugins) registerConnectionPlugin(r.plugin, r);
  sim = await startXrSim("xr2");
});
afterAll(async () => {
  restoreRegistry(registry);
  await sim.close();
});

const code = (error: unknown, c: string): boolean => isPatchbayError(error, c);

async function cliRunning(): Promise<string> {
  await using cli = await connect(cliDevice(sim), {
    capabilities: [ConfigRead] as const,
    connectionType: "ssh",
  });
  return (await cli.getConfig()).config;
}

describe("IOS-XR NETCONF plugin against the simulator", () => {
  it("is chosen for connectionType netconf and reads facts from ietf-system", async () => {
    await using r = await connect(netconfDevice(sim), OPTS);
    expect(r.plugin).toBeInstanceOf(IosxrNetconfPlugin);
    expect(await r.getFacts()).toMatchObject({ hostname: "xr2", vendor: "Cisco" });
    for (const source of ["running", "candidate"] as const) {
      expect((await r.getConfig({ source })).config).toContain("<hostname>xr2</hostname>");
    }
    expect(
      code(await r.getConfig({ format: "text" }).catch((e: unknown) => e), "UNSUPPORTED_OPERATION"),
    ).toBe(true);
  });

  it("merges into the candidate, diffs, commits, and the CLI shows the change", async () => {
    await using r = await connect(netconfDevice(sim), OPTS);
    await r.loadConfig({ mode: "merge", config: interfaceXml("GigabitEthernet0/0/0/2", "set-over-netconf") });
    expect(await r.compareConfig()).toMatch(/^\+\s+<description>set-over-netconf<\/description>$/m);
    expect(await cliRunning()).not.toContain("set-over-netconf");
    const result = await r.commitConfig();
    expect(result.pendingConfirmation).toBe(false);
    expect(result.diff).toContain("set-over-netconf");
    expect(await cliRunning()).toMatch(/interface GigabitEthernet0\/0\/0\/2\n description set-over-netconf/);
  });

  it("replaces the candidate and shows what would go, then discards it", async () => {
    await using r = await connect(netconfDevice(sim), OPTS);
    await r.loadConfig({
      mode: "replace",
      config: `<system xmlns="${SYS}"><hostname>xr2</hostname></system>`,
    });
    expect(await r.compareConfig()).toMatch(new RegExp(`^-\\s*<interfaces xmlns="${IF_NS}">`, "m"));
    await r.discardConfig();
    expect(await r.compareConfig()).toBe("");
  });

  it("confirms one confirmed commit, cancels another, and lets a third time out", async () => {
    await using r = await connect(netconfDevice(sim), OPTS);
    await r.loadConfig({ mode: "merge", config: interfaceXml("GigabitEthernet0/0/0/1", "confirmed") });
    expect((await r.commitConfig({ confirmTimeoutSeconds: 60 })).pendingConfirmation).toBe(true);
    await r.confirmCommit();
    await r.loadConfig({ mode: "merge", config: interfaceXml("GigabitEthernet0/0/0/1", "cancelled") });
    expect((await r.commitConfig({ confirmTimeoutSeconds: 60 })).pendingConfirmation).toBe(true);
    await r.rollback();
    expect((await r.getConfig()).config).toContain("<description>confirmed</description>");
    await r.loadConfig({ mode: "merge", config: interfaceXml("GigabitEthernet0/0/0/1", "timed-out") });
    await r.commitConfig({ confirmTimeoutSeconds: 1 });
    // Polls until the simulator's timer restores running (the test's timeout bounds the wait).
    while ((await r.getConfig()).config.includes("timed-out")) await new Promise((f) => setTimeout(f, 100));
    expect(await cliRunning()).toMatch(/interface GigabitEthernet0\/0\/0\/1\n description confirmed/);
  });

  it("denies a second session's load while the first holds the candidate lock", async () => {
    await using a = await connect(netconfDevice(sim), OPTS);
    await using b = await connect(netconfDevice(sim), OPTS);
    await a.loadConfig({ mode: "merge", config: interfaceXml("GigabitEthernet0/0/0/0", "a") });
    const error = await b
      .loadConfig({ mode: "merge", config: interfaceXml("GigabitEthernet0/0/0/0", "b") })
      .catch((e: unknown) => e);
    expect(code(error, "NETCONF_RPC_ERROR"), String(error)).toBe(true);
    expect((error as { tag?: string }).tag).toBe("lock-denied");
    await a.discardConfig();
  });

  it("refuses malformed XML and impossible operations before sending, and types the server's errors", async () => {
    await using r = await connect(netconfDevice(sim), OPTS);
    expect(
      code(
        await r.loadConfig({ mode: "merge", config: "<a><b></a>" }).catch((e: unknown) => e),
        "COMMAND_FAILED",
      ),
    ).toBe(true);
    for (const attempt of [
      () => r.loadConfig({ mode: "merge", config: "hostname x", format: "text" }),
      () => r.confirmCommit(),
      () => r.rollback(),
    ]) {
      expect(code(await attempt().catch((e: unknown) => e), "UNSUPPORTED_OPERATION")).toBe(true);
    }
    const rejected = await r
      .loadConfig({
        mode: "merge",
        config: `<interfaces xmlns="${IF_NS}"><interface xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0" nc:operation="delete"><name>Gi9/9/9</name></interface></interfaces>`,
      })
      .catch((e: unknown) => e);
    expect(code(rejected, "NETCONF_RPC_ERROR"), String(rejected)).toBe(true);
    expect((rejected as Error).message).toContain("xr-sim");
    await r.discardConfig();
  });
});
