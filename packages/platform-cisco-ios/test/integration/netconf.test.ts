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
import { CiscoIosxeNetconfPlugin, ciscoIosxeNetconfPlugin, plugins } from "../../src/index.ts";
import { cliDevice, netconfDevice, startIosxe } from "./sim.ts";

const IF = "urn:ietf:params:xml:ns:yang:ietf-interfaces";
const description = (name: string, text: string) =>
  `<interfaces xmlns="${IF}"><interface><name>${name}</name><description>${text}</description></interface></interfaces>`;

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

const netconf = { capabilities: [DeviceInfo, ConfigRead, ConfigWrite] as const, connectionType: "netconf" };
const cli = { capabilities: [Commands, ConfigRead, ConfigWrite] as const, connectionType: "ssh" };

describe("IOS-XE over NETCONF", () => {
  it("is chosen for the netconf connection type and reads the hostname as a fact", async () => {
    await using r1 = await connect(netconfDevice(sim), netconf);
    expect(r1.plugin.name).toBe("cisco_iosxe/netconf");
    const facts = await r1.getFacts({ timeoutMs: 20_000 });
    // The simulator's NETCONF data has ietf-system's hostname but no operational hardware data.
    expect(facts).toMatchObject({
      hostname: "R1",
      vendor: "Cisco",
      model: "",
      serial: "",
      uptimeSeconds: null,
    });
    expect(facts.raw["get-config system hostname"]).toContain("<hostname>R1</hostname>");
  });

  it("reads running, candidate and startup as XML, and refuses text", async () => {
    await using r1 = await connect(netconfDevice(sim), netconf);
    for (const source of ["running", "candidate", "startup"] as const) {
      const snapshot = await r1.getConfig({ source });
      expect(snapshot).toMatchObject({ source, format: "xml" });
      expect(snapshot.config).toContain("<hostname>R1</hostname>");
    }
    const text = await r1.getConfig({ format: "text" }).catch((e: unknown) => e);
    expect(isPatchbayError(text, "UNSUPPORTED_OPERATION")).toBe(true);
    expect((text as Error).message).toContain("r1-netconf");
  });

  it("merges into the candidate, diffs it against running, and the commit shows in the CLI", async () => {
    await using r1 = await connect(netconfDevice(sim), netconf);
    await using cliR1 = await connect(cliDevice(sim), cli);
    await r1.loadConfig({ mode: "merge", config: description("GigabitEthernet3", "set-over-netconf") });
    const diff = await r1.compareConfig();
    expect(diff).toMatch(/^\+\s+<description>set-over-netconf<\/description>$/m);
    expect(diff.split("\n").filter((l) => /^[-+][^-+]/.test(l))).toHaveLength(1);
    // Only the candidate has it so far.
    expect((await cliR1.getConfig()).config).not.toContain("set-over-netconf");
    const result = await r1.commitConfig();
    expect(result.pendingConfirmation).toBe(false);
    expect(result.diff).toMatch(/^\+\s+<description>set-over-netconf<\/description>$/m);
    expect((await cliR1.getConfig()).config).toMatch(
      /^interface GigabitEthernet3\n description set-over-netconf$/m,
    );
    expect(await r1.compareConfig()).toBe("");
  });

  it("sees a change made over the CLI", async () => {
    await using r1 = await connect(netconfDevice(sim), netconf);
    await using cliR1 = await connect(cliDevice(sim), cli);
    await cliR1.loadConfig({
      mode: "merge",
      config: "interface GigabitEthernet4\n description set-over-cli\n",
    });
    await cliR1.commitConfig();
    expect((await r1.getConfig()).config).toContain("<description>set-over-cli</description>");
  });

  it("replaces the whole configuration with replace mode", async () => {
    await using r1 = await connect(netconfDevice(sim), netconf);
    await using cliR1 = await connect(cliDevice(sim), cli);
    const running = (await r1.getConfig()).config;
    expect(running).toContain("<description>MGMT</description>");
    // The whole configuration, with one leaf changed and the GigabitEthernet4 entry left out.
    const edited = running
      .replace("<description>MGMT</description>", "<description>MGMT-replaced</description>")
      .replace(/<interface><name>GigabitEthernet4<\/name>.*?<\/interface>/, "");
    expect(edited).not.toContain("GigabitEthernet4");
    await r1.loadConfig({ mode: "replace", config: edited });
    const diff = await r1.compareConfig();
    expect(diff).toMatch(/^-\s+<description>MGMT<\/description>$/m);
    expect(diff).toMatch(/^\+\s+<description>MGMT-replaced<\/description>$/m);
    expect(diff).toMatch(/^-\s+<name>GigabitEthernet4<\/name>$/m);
    await r1.commitConfig();
    const text = (await cliR1.getConfig()).config;
    expect(text).toContain(" description MGMT-replaced");
    expect(text).not.toContain("interface GigabitEthernet4");
    await r1.loadConfig({ mode: "replace", config: running });
    await r1.commitConfig();
    expect((await r1.getConfig()).config).toBe(running);
  });

  it("copies running to startup after a commit with saveOnCommit, and not before confirmation", async () => {
    const device = netconfDevice(sim, { data: { ...netconfDevice(sim).data, ios: { saveOnCommit: true } } });
    await using r1 = await connect(device, netconf);
    await r1.loadConfig({ mode: "merge", config: description("GigabitEthernet2", "saved-to-startup") });
    await r1.commitConfig({ confirmTimeoutSeconds: 120 });
    expect((await r1.getConfig({ source: "startup" })).config).not.toContain("saved-to-startup");
    await r1.confirmCommit();
    expect((await r1.getConfig({ source: "startup" })).config).toContain("saved-to-startup");
    await r1.loadConfig({ mode: "merge", config: description("GigabitEthernet2", "to-R2") });
    await r1.commitConfig();
    expect((await r1.getConfig({ source: "startup" })).config).toContain("<description>to-R2</description>");
  });

  it("commits what the preview showed, and saves the commit to startup with saveOnCommit", async () => {
    const device = netconfDevice(sim, { data: { ...netconfDevice(sim).data, ios: { saveOnCommit: true } } });
    await using r1 = await connect(device, netconf);
    const startupBefore = (await r1.getConfig({ source: "startup" })).config;
    expect(startupBefore).not.toContain("preview-equals-commit");
    await r1.loadConfig({ mode: "merge", config: description("GigabitEthernet3", "preview-equals-commit") });
    await r1.loadConfig({ mode: "merge", config: description("GigabitEthernet4", "second-load") });
    const body = (diff: string) => diff.split("\n").filter((l) => !/^(---|\+\+\+) /.test(l));
    const preview = await r1.compareConfig();
    expect(preview).toMatch(/^\+\s+<description>preview-equals-commit<\/description>$/m);
    expect(preview).toMatch(/^\+\s+<description>second-load<\/description>$/m);
    const result = await r1.commitConfig();
    expect(result.pendingConfirmation).toBe(false);
    expect(body(result.diff)).toEqual(body(preview));
    const startup = (await r1.getConfig({ source: "startup" })).config;
    expect(startup).toContain("<description>preview-equals-commit</description>");
    expect(startup).toBe((await r1.getConfig()).config);
  });

  it("rolls a confirmed commit back with cancel-commit", async () => {
    await using r1 = await connect(netconfDevice(sim), netconf);
    await r1.loadConfig({ mode: "merge", config: description("GigabitEthernet2", "confirm-me") });
    const result = await r1.commitConfig({ confirmTimeoutSeconds: 120 });
    expect(result.pendingConfirmation).toBe(true);
    expect(result.diff).toContain("confirm-me");
    expect(sim.state.root.some((n) => n.children.some((c) => c.line === "description confirm-me"))).toBe(
      true,
    );
    await r1.rollback();
    const running = (await r1.getConfig()).config;
    expect(running).not.toContain("confirm-me");
    expect(running).toContain("<description>to-R2</description>");
    const again = await r1.rollback().catch((e: unknown) => e);
    expect(isPatchbayError(again, "UNSUPPORTED_OPERATION")).toBe(true);
  });

  it("keeps a confirmed commit once confirmed", async () => {
    await using r1 = await connect(netconfDevice(sim), netconf);
    const nothing = await r1.confirmCommit().catch((e: unknown) => e);
    expect(isPatchbayError(nothing, "UNSUPPORTED_OPERATION")).toBe(true);
    await r1.loadConfig({ mode: "merge", config: description("GigabitEthernet2", "confirmed-and-kept") });
    expect((await r1.commitConfig({ confirmTimeoutSeconds: 120 })).pendingConfirmation).toBe(true);
    await r1.confirmCommit();
    const cancel = await r1.rollback().catch((e: unknown) => e);
    expect(isPatchbayError(cancel, "UNSUPPORTED_OPERATION")).toBe(true);
    expect((await r1.getConfig()).config).toContain("confirmed-and-kept");
  });

  it("discards a staged change and releases the candidate lock", async () => {
    await using first = await connect(netconfDevice(sim), netconf);
    await using second = await connect(netconfDevice(sim, { id: "r1-other" }), netconf);
    await first.loadConfig({ mode: "merge", config: description("GigabitEthernet4", "never-committed") });
    // The candidate is locked by the first session.
    const denied = await second
      .loadConfig({ mode: "merge", config: description("GigabitEthernet4", "x") })
      .catch((e: unknown) => e);
    expect(isPatchbayError(denied, "NETCONF_RPC_ERROR"), String(denied)).toBe(true);
    expect((denied as Error).message).toContain("lock");
    await first.discardConfig();
    expect(await first.compareConfig()).toBe("");
    expect((await first.getConfig({ source: "candidate" })).config).not.toContain("never-committed");
    await second.loadConfig({ mode: "merge", config: description("GigabitEthernet4", "second-wins") });
    expect(await second.compareConfig()).toContain("second-wins");
    await second.discardConfig();
  });

  it("gives a typed error for an edit the device rejects, and leaves the candidate clean and unlocked", async () => {
    await using r1 = await connect(netconfDevice(sim), netconf);
    const create = `<interfaces xmlns="${IF}" xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"><interface nc:operation="create"><name>GigabitEthernet1</name></interface></interfaces>`;
    const error = await r1.loadConfig({ mode: "merge", config: create }).catch((e: unknown) => e);
    expect(isPatchbayError(error, "NETCONF_RPC_ERROR"), String(error)).toBe(true);
    expect((error as Error).message).toContain("r1-netconf");
    expect(await r1.compareConfig()).toBe("");
    await using other = await connect(netconfDevice(sim, { id: "r1-after" }), netconf);
    await other.loadConfig({ mode: "merge", config: description("GigabitEthernet4", "lock-was-free") });
    await other.discardConfig();
  });

  it("refuses other formats, a bad confirm timeout and rollback without a pending commit before sending anything", async () => {
    const device = createDevice(netconfDevice(sim, { id: "never-connected" }));
    const plugin = new CiscoIosxeNetconfPlugin(device, {
      logger: silentLogger,
      definition: ciscoIosxeNetconfPlugin,
    });
    for (const attempt of [
      () => plugin.loadConfig({ mode: "merge", config: "hostname X", format: "text" }),
      () => plugin.confirmCommit(),
      () => plugin.rollback(),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(isPatchbayError(error, "UNSUPPORTED_OPERATION"), String(error)).toBe(true);
      expect((error as Error).message).toContain("never-connected");
    }
    // A bad value is bad input (NetconfConfigPlugin's CommandError), refused before connecting too.
    const badTimeout = await plugin.commitConfig({ confirmTimeoutSeconds: -1 }).catch((e: unknown) => e);
    expect(isPatchbayError(badTimeout, "COMMAND_FAILED"), String(badTimeout)).toBe(true);
    expect((badTimeout as Error).message).toContain("confirmTimeoutSeconds");
    expect((badTimeout as Error).message).toContain("never-connected");
    expect(plugin.connection?.connected ?? false).toBe(false);
  });
  it("stops an operation whose signal is already aborted with a typed error, and stays usable", async () => {
    await using r1 = await connect(netconfDevice(sim), netconf);
    const error = await r1.getConfig({ signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(isPatchbayError(error, "ABORTED"), String(error)).toBe(true);
    expect((await r1.getConfig()).config.length).toBeGreaterThan(0);
  });
});
