import { Commands, ConfigRead, ConfigWrite, DeviceInfo } from "@patchbay/capabilities";
import { connect, isPatchbayError, registerConnectionPlugin } from "@patchbay/core";
import { type RegistrySnapshot, restoreRegistry, snapshotRegistry } from "@patchbay/core/testing";
import type { SimDevice } from "@patchbay/devsim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JunosNetconfPlugin, plugins } from "../../src/index.ts";
import { cliDevice, IF_NS, interfaceXml, netconfDevice, startJunosSim } from "./helpers.ts";

const NC = [DeviceInfo, ConfigRead, ConfigWrite] as const;
const SYS = "urn:ietf:params:xml:ns:yang:ietf-system";
let sim: SimDevice;
let registry: RegistrySnapshot;

beforeAll(async () => {
  registry = snapshotRegistry();
  for (const r of plugins) registerConnectionPlugin(r.plugin, r);
  sim = await startJunosSim("mx2");
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
  return (await cli.getConfig({ format: "set" })).config;
}

async function runningXml(): Promise<string> {
  await using r = await connect(netconfDevice(sim), {
    capabilities: [ConfigRead] as const,
    connectionType: "netconf",
  });
  return (await r.getConfig()).config;
}

describe("Junos NETCONF plugin against the simulator", () => {
  it("is the platform's default (for junos too) and reads facts from ietf-system", async () => {
    await using r = await connect(netconfDevice(sim), { capabilities: NC, fallbackToDefault: true });
    expect(r.plugin).toBeInstanceOf(JunosNetconfPlugin);
    expect(r.plugin.connectionType).toBe("netconf");
    const facts = await r.getFacts();
    expect(facts).toMatchObject({ hostname: "mx2", vendor: "Juniper", uptimeSeconds: null });
    expect(facts.raw["get ietf-system"]).toContain("<hostname>mx2</hostname>");
    await using alias = await connect(netconfDevice(sim, { platform: "junos" }), {
      capabilities: NC,
      fallbackToDefault: true,
    });
    expect(alias.plugin.name).toBe("junos/netconf");
  });

  it("reads running, candidate and startup as XML, and refuses text (no Junos RPCs on this server)", async () => {
    await using r = await connect(netconfDevice(sim), { capabilities: NC, connectionType: "netconf" });
    for (const source of ["running", "candidate", "startup"] as const) {
      const snapshot = await r.getConfig({ source });
      expect(snapshot).toMatchObject({ source, format: "xml" });
      expect(snapshot.config).toContain("<hostname>mx2</hostname>");
    }
    expect(
      code(await r.getConfig({ format: "text" }).catch((e: unknown) => e), "UNSUPPORTED_OPERATION"),
    ).toBe(true);
    // The CLI is not available over NETCONF: the plugin declares no Commands.
    expect(r.plugin.definition.capabilities).not.toContain(Commands);
  });

  it("merges into the candidate, diffs it against running, commits, and the CLI sees the change", async () => {
    await using r = await connect(netconfDevice(sim), { capabilities: NC, connectionType: "netconf" });
    await r.loadConfig({ mode: "merge", config: interfaceXml("ge-0/0/1", "merged-over-netconf") });
    const diff = await r.compareConfig();
    expect(diff).toMatch(/^\+\s+<description>merged-over-netconf<\/description>$/m);
    expect(diff).toMatch(/^--- running/m);
    expect(await cliRunning()).not.toContain("merged-over-netconf");
    const result = await r.commitConfig();
    expect(result).toMatchObject({ pendingConfirmation: false });
    expect(result.diff).toMatch(/^\+\s+<description>merged-over-netconf<\/description>$/m);
    expect(await r.compareConfig()).toBe("");
    expect(await cliRunning()).toContain("set interfaces ge-0/0/1 description merged-over-netconf");
  });

  it("stages a replace of the whole configuration, shows what it removes, and discards it", async () => {
    await using r = await connect(netconfDevice(sim), { capabilities: NC, connectionType: "netconf" });
    await r.loadConfig({
      mode: "replace",
      config: `<system xmlns="${SYS}"><hostname>mx2</hostname></system>`,
    });
    const diff = await r.compareConfig();
    expect(diff).toMatch(/^-\s*<interfaces xmlns="urn:ietf:params:xml:ns:yang:ietf-interfaces">/m);
    expect(diff).not.toContain("-    <hostname>mx2</hostname>");
    await r.discardConfig();
    expect(await r.compareConfig()).toBe("");
    expect(await runningXml()).toContain(`<interfaces xmlns="${IF_NS}"`);
  });

  it("confirms a confirmed commit, which then stays after the session ends", async () => {
    await using r = await connect(netconfDevice(sim), { capabilities: NC, connectionType: "netconf" });
    await r.loadConfig({ mode: "merge", config: interfaceXml("ge-0/0/2", "confirmed-change") });
    const result = await r.commitConfig({ confirmTimeoutSeconds: 120 });
    expect(result.pendingConfirmation).toBe(true);
    expect(result.diff).toContain("confirmed-change");
    await r.confirmCommit();
    expect(code(await r.confirmCommit().catch((e: unknown) => e), "UNSUPPORTED_OPERATION")).toBe(true);
    await r[Symbol.asyncDispose]();
    expect(await runningXml()).toContain("confirmed-change");
  });

  it("rolls a pending confirmed commit back with cancel-commit", async () => {
    await using r = await connect(netconfDevice(sim), { capabilities: NC, connectionType: "netconf" });
    await r.loadConfig({ mode: "merge", config: interfaceXml("ge-0/0/2", "to-be-cancelled") });
    expect((await r.commitConfig({ confirmTimeoutSeconds: 120 })).pendingConfirmation).toBe(true);
    expect((await r.getConfig()).config).toContain("to-be-cancelled");
    await r.rollback();
    expect((await r.getConfig()).config).not.toContain("to-be-cancelled");
    expect(code(await r.rollback().catch((e: unknown) => e), "UNSUPPORTED_OPERATION")).toBe(true);
  });

  it("lets the server roll back a confirmed commit that is not confirmed in time", async () => {
    await using r = await connect(netconfDevice(sim), { capabilities: NC, connectionType: "netconf" });
    await r.loadConfig({ mode: "merge", config: interfaceXml("ge-0/0/2", "times-out") });
    expect((await r.commitConfig({ confirmTimeoutSeconds: 1 })).pendingConfirmation).toBe(true);
    expect((await r.getConfig()).config).toContain("times-out");
    // Polls until the server's timer restores running (the test's own timeout bounds the wait).
    while ((await r.getConfig()).config.includes("times-out")) await new Promise((f) => setTimeout(f, 100));
    expect((await r.getConfig()).config).not.toContain("times-out");
  });

  it("holds the candidate lock from load to commit: another session's load fails with lock-denied", async () => {
    await using a = await connect(netconfDevice(sim), { capabilities: NC, connectionType: "netconf" });
    await using b = await connect(netconfDevice(sim), { capabilities: NC, connectionType: "netconf" });
    await a.loadConfig({ mode: "merge", config: interfaceXml("ge-0/0/3", "a-holds-the-lock") });
    const error = await b
      .loadConfig({ mode: "merge", config: interfaceXml("ge-0/0/3", "b-is-refused") })
      .catch((e: unknown) => e);
    expect(code(error, "NETCONF_RPC_ERROR"), String(error)).toBe(true);
    expect((error as { tag?: string }).tag).toBe("lock-denied");
    expect((error as Error).message).toContain("junos-sim");
    await a.discardConfig();
    await b.loadConfig({ mode: "merge", config: interfaceXml("ge-0/0/3", "b-after-unlock") });
    expect(await b.compareConfig()).toContain("b-after-unlock");
    await b.discardConfig();
  });

  it("refuses malformed XML before sending, and reports the server's rpc-error for a bad edit", async () => {
    await using r = await connect(netconfDevice(sim), { capabilities: NC, connectionType: "netconf" });
    const malformed = await r
      .loadConfig({ mode: "merge", config: "<interfaces><oops></interfaces>" })
      .catch((e: unknown) => e);
    expect(code(malformed, "COMMAND_FAILED"), String(malformed)).toBe(true);
    expect((malformed as Error).message).toContain("not well-formed XML");
    const empty = await r.loadConfig({ mode: "merge", config: "  " }).catch((e: unknown) => e);
    expect(code(empty, "COMMAND_FAILED")).toBe(true);
    const rejected = await r
      .loadConfig({
        mode: "merge",
        config: `<interfaces xmlns="${IF_NS}"><interface xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0" nc:operation="delete"><name>ge-9/9/9</name></interface></interfaces>`,
      })
      .catch((e: unknown) => e);
    expect(code(rejected, "NETCONF_RPC_ERROR"), String(rejected)).toBe(true);
    expect((rejected as { tag?: string }).tag).toBe("data-missing");
    await r.discardConfig();
  });

  it("refuses formats it cannot load, and confirm or rollback with nothing pending, before sending", async () => {
    await using r = await connect(netconfDevice(sim), { capabilities: NC, connectionType: "netconf" });
    for (const attempt of [
      () => r.loadConfig({ mode: "merge", config: "set system host-name x", format: "set" }),
      () => r.confirmCommit(),
      () => r.rollback(),
    ]) {
      expect(code(await attempt().catch((e: unknown) => e), "UNSUPPORTED_OPERATION")).toBe(true);
    }
    const bad = await r.commitConfig({ confirmTimeoutSeconds: 0.5 }).catch((e: unknown) => e);
    expect(code(bad, "COMMAND_FAILED")).toBe(true);
  });
});
