import { ConfigRead, ConfigWrite, DeviceInfo } from "@patchbay/capabilities";
import { connect, type DeviceProxy, isPatchbayError, registerConnectionPlugin } from "@patchbay/core";
import { type RegistrySnapshot, restoreRegistry, snapshotRegistry } from "@patchbay/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type IosxrNetconfPlugin, plugins } from "../../src/index.ts";
import { IANA_NS, IF_NS, loadNetconfdPeer, netconfdDevice } from "./helpers.ts";

// The IOS-XR NETCONF plugin against yuma123 netconfd, a generic RFC 6241 server (shared with other
// suites: loads retry while another client holds the candidate).
const peer = loadNetconfdPeer();
const NC = [DeviceInfo, ConfigRead, ConfigWrite] as const;
const IFACE = `pbxr${process.pid}`;
const BUSY = new Set(["lock-denied", "in-use", "resource-denied"]);
let registry: RegistrySnapshot;

type Proxy = DeviceProxy<typeof NC>;
const open = () =>
  connect(netconfdDevice(peer), { capabilities: NC, connectionType: "netconf" }) as Promise<
    Proxy & AsyncDisposable
  >;
const iface = (description: string, operation = "") =>
  `<interfaces xmlns="${IF_NS}"><interface${operation}><name>${IFACE}</name>${operation ? "" : `<description>${description}</description><type xmlns:ianaift="${IANA_NS}">ianaift:softwareLoopback</type>`}</interface></interfaces>`;

async function load(r: Proxy, config: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await r.loadConfig({ mode: "merge", config });
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
afterAll(async () => {
  if ((await running()).includes(IFACE)) {
    await using r = await open();
    await load(r, iface("", ' xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0" nc:operation="delete"'));
    await r.commitConfig();
  }
  restoreRegistry(registry);
});

describe("IOS-XR NETCONF plugin against yuma123 netconfd (test/peers)", () => {
  it("reads facts and configuration, merges, diffs and commits with standard operations only", async () => {
    await using r = await open();
    expect((r.plugin as IosxrNetconfPlugin).connectionType).toBe("netconf");
    expect((await r.getFacts()).hostname).toBe(peer.hostname);
    await load(r, iface("xr-merged"));
    expect(await r.compareConfig()).toMatch(/^\+\s+<description>xr-merged<\/description>$/m);
    const result = await r.commitConfig();
    expect(result.diff).toContain(`<name>${IFACE}</name>`);
    expect(await running()).toContain("xr-merged");
  });

  it("confirms one confirmed commit and cancels another", async () => {
    await using r = await open();
    await load(r, iface("xr-confirmed"));
    expect((await r.commitConfig({ confirmTimeoutSeconds: 120 })).pendingConfirmation).toBe(true);
    await r.confirmCommit();
    await load(r, iface("xr-cancelled"));
    expect((await r.commitConfig({ confirmTimeoutSeconds: 120 })).pendingConfirmation).toBe(true);
    expect(await running()).toContain("xr-cancelled");
    await r.rollback();
    const after = await running();
    expect(after).toContain("xr-confirmed");
    expect(after).not.toContain("xr-cancelled");
  });

  it("gives lock-denied to a second session while the first holds the candidate", async () => {
    await using a = await open();
    await using b = await open();
    await load(a, iface("xr-a"));
    const error = await b.loadConfig({ mode: "merge", config: iface("xr-b") }).catch((e: unknown) => e);
    expect(isPatchbayError(error, "NETCONF_RPC_ERROR"), String(error)).toBe(true);
    expect((error as { tag?: string }).tag).toBe("lock-denied");
    await a.discardConfig();
    expect((await a.getConfig({ source: "candidate" })).config).not.toContain("xr-a");
  });
});
