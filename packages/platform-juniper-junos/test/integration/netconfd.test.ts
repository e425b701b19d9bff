import { ConfigRead, ConfigWrite, DeviceInfo } from "@patchbay/capabilities";
import { connect, type DeviceProxy, isPatchbayError, registerConnectionPlugin } from "@patchbay/core";
import { type RegistrySnapshot, restoreRegistry, snapshotRegistry } from "@patchbay/core/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { JunosNetconfPlugin, plugins } from "../../src/index.ts";
import { IF_NS, interfaceXml, loadNetconfdPeer, netconfdDevice } from "./helpers.ts";

// The Junos NETCONF plugin against yuma123 netconfd, a generic RFC 6241 server: every operation the
// plugin uses for configuration must be standard NETCONF.
const peer = loadNetconfdPeer();
const NC = [DeviceInfo, ConfigRead, ConfigWrite] as const;
const OPTS = { capabilities: NC, connectionType: "netconf" } as const;
const IFACE = `pbjunos${process.pid}`;
const loopback = (description: string) => interfaceXml(IFACE, description, "ianaift:softwareLoopback");
let registry: RegistrySnapshot;

type Proxy = DeviceProxy<typeof NC>;
const open = () => connect(netconfdDevice(peer), OPTS) as Promise<Proxy & AsyncDisposable>;
const netconfOf = (r: Proxy) => (r.plugin as JunosNetconfPlugin).netconf;
const code = (error: unknown, c: string): boolean => isPatchbayError(error, c);
const BUSY = new Set(["lock-denied", "in-use", "resource-denied"]);

/**
 * Loads a change, retrying while another client of the shared peer (another package's suite) holds
 * the candidate or has a confirmed commit pending. Bounded by the number of attempts.
 */
async function load(r: Proxy, config: string, mode: "merge" | "replace" = "merge"): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await r.loadConfig({ mode, config });
    } catch (error) {
      if (attempt >= 60 || !BUSY.has((error as { tag?: string }).tag ?? "")) throw error;
      await new Promise((f) => setTimeout(f, 250));
    }
  }
}

async function running(): Promise<string> {
  await using r = await open();
  return (await r.getConfig()).config;
}

beforeAll(() => {
  registry = snapshotRegistry();
  for (const r of plugins) registerConnectionPlugin(r.plugin, r);
});
beforeEach(async () => {
  // netconfd's candidate is shared: start each test from a clean, lockable one. A confirmed commit
  // rolled back by an ended session can keep it busy for a moment.
  await using r = await open();
  for (let attempt = 0; ; attempt++) {
    try {
      await netconfOf(r).discardChanges();
      await netconfOf(r).lock("candidate");
      await netconfOf(r).unlock("candidate");
      return;
    } catch (error) {
      if (attempt >= 40) throw error;
      await new Promise((f) => setTimeout(f, 250));
    }
  }
});
afterAll(async () => {
  await using r = await open();
  await netconfOf(r).discardChanges();
  if ((await r.getConfig()).config.includes(IFACE)) {
    await r.loadConfig({
      mode: "merge",
      config: `<interfaces xmlns="${IF_NS}"><interface xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0" nc:operation="delete"><name>${IFACE}</name></interface></interfaces>`,
    });
    await r.commitConfig();
  }
  restoreRegistry(registry);
});

describe("Junos NETCONF plugin against yuma123 netconfd (test/peers)", () => {
  it("reads the hostname from ietf-system and every datastore as XML", async () => {
    await using r = await open();
    expect(r.plugin).toBeInstanceOf(JunosNetconfPlugin);
    expect((await r.getFacts()).hostname).toBe(peer.hostname);
    for (const source of ["running", "candidate", "startup"] as const) {
      expect((await r.getConfig({ source })).config).toContain(`<hostname>${peer.hostname}</hostname>`);
    }
    expect(
      code(await r.getConfig({ format: "text" }).catch((e: unknown) => e), "UNSUPPORTED_OPERATION"),
    ).toBe(true);
  });

  it("merges an interface into the candidate, diffs, commits, and a new session sees it", async () => {
    await using r = await open();
    await load(r, loopback("merged"));
    const diff = await r.compareConfig();
    expect(diff).toMatch(new RegExp(`^\\+\\s+<name>${IFACE}</name>$`, "m"));
    expect(await running()).not.toContain(IFACE);
    const result = await r.commitConfig();
    expect(result.pendingConfirmation).toBe(false);
    expect(result.diff).toMatch(/^\+\s+<description>merged<\/description>$/m);
    expect(await running()).toMatch(new RegExp(`<name>${IFACE}</name>\\s*<description>merged</description>`));
  });

  it("stages a replace with the whole configuration plus one change, and discards it", async () => {
    await using r = await open();
    // Take the candidate lock first (with a no-op merge) so no other client commits meanwhile.
    await load(r, `<interfaces xmlns="${IF_NS}"/>`);
    const current = (await r.getConfig()).config;
    const next = current.replace(
      /(<interface>\s*<name>eth0<\/name>\s*<description>)[^<]*/,
      "$1replaced-uplink",
    );
    expect(next).not.toBe(current);
    await load(r, next, "replace");
    const diff = await r.compareConfig();
    expect(diff).toMatch(/^\+\s+<description>replaced-uplink<\/description>$/m);
    // Everything else stays: no container is removed (other suites may commit meanwhile, so no exact count).
    expect(diff).not.toMatch(/^-\s*<(interfaces|system|interface)\b/m);
    await r.discardConfig();
    expect(await r.compareConfig()).toBe("");
    expect(await running()).not.toContain("replaced-uplink");
  });

  it("confirms a confirmed commit", async () => {
    await using r = await open();
    await load(r, loopback("confirmed"));
    const result = await r.commitConfig({ confirmTimeoutSeconds: 120 });
    expect(result.pendingConfirmation).toBe(true);
    await r.confirmCommit();
    await r[Symbol.asyncDispose]();
    expect(await running()).toContain("<description>confirmed</description>");
  });

  it("cancels a pending confirmed commit with rollback (cancel-commit)", async () => {
    await using r = await open();
    await load(r, loopback("to-cancel"));
    expect((await r.commitConfig({ confirmTimeoutSeconds: 120 })).pendingConfirmation).toBe(true);
    expect(await running()).toContain("to-cancel");
    await r.rollback();
    expect(await running()).not.toContain("to-cancel");
    expect(code(await r.rollback().catch((e: unknown) => e), "UNSUPPORTED_OPERATION")).toBe(true);
  });

  it("lets netconfd roll back a confirmed commit whose session ends before confirming", async () => {
    const r = await open();
    await load(r, loopback("never-confirmed"));
    expect((await r.commitConfig({ confirmTimeoutSeconds: 600 })).pendingConfirmation).toBe(true);
    expect(await running()).toContain("never-confirmed");
    await r[Symbol.asyncDispose]();
    // RFC 6241 8.4: the server restores running when the session of an unconfirmed commit ends.
    while ((await running()).includes("never-confirmed")) await new Promise((f) => setTimeout(f, 500));
    expect(await running()).not.toContain("never-confirmed");
  });

  it("discards a staged change: the candidate is back to running", async () => {
    await using r = await open();
    await load(r, loopback("discarded"));
    expect(await r.compareConfig()).toContain("discarded");
    await r.discardConfig();
    expect(await r.compareConfig()).toBe("");
    expect((await r.getConfig({ source: "candidate" })).config).not.toContain("discarded");
  });

  it("gives a second session lock-denied while the first holds the candidate, until it discards", async () => {
    await using a = await open();
    await using b = await open();
    await load(a, loopback("held-by-a"));
    const error = await b.loadConfig({ mode: "merge", config: loopback("refused") }).catch((e: unknown) => e);
    expect(code(error, "NETCONF_RPC_ERROR"), String(error)).toBe(true);
    expect((error as { tag?: string }).tag).toBe("lock-denied");
    expect((error as Error).message).toContain("netconfd-peer");
    await a.discardConfig();
    await load(b, loopback("b-after-a"));
    expect(await b.compareConfig()).toContain("b-after-a");
    await b.discardConfig();
  });

  it("reports netconfd's rpc-error for an edit it rejects, as a typed error naming the device", async () => {
    await using r = await open();
    const error = await r
      .loadConfig({
        mode: "merge",
        config: `<interfaces xmlns="${IF_NS}"><interface xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0" nc:operation="delete"><name>pb-missing-${process.pid}</name></interface></interfaces>`,
      })
      .catch((e: unknown) => e);
    expect(code(error, "NETCONF_RPC_ERROR"), String(error)).toBe(true);
    expect((error as { tag?: string }).tag).toBe("data-missing");
    expect((error as Error).message).toContain("netconfd-peer");
    await r.discardConfig();
    expect(await r.compareConfig()).toBe("");
  });
});
