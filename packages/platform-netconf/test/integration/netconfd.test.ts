import { ConfigRead, ConfigWrite, DeviceInfo } from "@patchbay/capabilities";
import { connect, type DeviceProxy, registerConnectionPlugin } from "@patchbay/core";
import { type RegistrySnapshot, restoreRegistry, snapshotRegistry } from "@patchbay/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NetconfPlatformPlugin, plugins } from "../../src/index.ts";
import { IF_NS, interfaceXml, loadNetconfdPeer, netconfdDevice } from "./helpers.ts";

// The generic platform against yuma123 netconfd, a real RFC 6241 server with a candidate and no
// writable running. Its candidate is shared with other packages' suites: loads retry while busy.
const peer = loadNetconfdPeer();
const NC = [DeviceInfo, ConfigRead, ConfigWrite] as const;
type Proxy = DeviceProxy<typeof NC> & AsyncDisposable;
const IFACE = `pbgeneric${process.pid}`;
const BUSY = new Set(["lock-denied", "in-use", "resource-denied"]);
let registry: RegistrySnapshot;

const open = () => connect(netconfdDevice(peer), { capabilities: NC }) as Promise<Proxy>;
const running = async () => {
  await using r = await open();
  return (await r.getConfig()).config;
};

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

beforeAll(() => {
  registry = snapshotRegistry();
  for (const r of plugins) registerConnectionPlugin(r.plugin, r);
});
afterAll(async () => {
  if ((await running()).includes(IFACE)) {
    await using r = await open();
    await load(
      r,
      `<interfaces xmlns="${IF_NS}"><interface xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0" nc:operation="delete"><name>${IFACE}</name></interface></interfaces>`,
    );
    await r.commitConfig();
  }
  restoreRegistry(registry);
});

describe("netconf platform against yuma123 netconfd (test/peers)", () => {
  it("connects on the device's port and reads facts from ietf-system", async () => {
    await using r = await open();
    expect(r.plugin).toBeInstanceOf(NetconfPlatformPlugin);
    const facts = await r.getFacts();
    expect(facts.hostname).toBe(peer.hostname);
    expect(facts.vendor).toBe("yuma123");
    expect(facts.raw["get ietf-system"]).toContain(peer.hostname);
    expect((await r.getConfig({ source: "startup" })).config).toContain(
      `<hostname>${peer.hostname}</hostname>`,
    );
  });

  it("writes through the candidate (netconfd has no writable running): load, diff, commit", async () => {
    await using r = await open();
    await load(r, interfaceXml(IFACE, "generic-platform"));
    expect(await r.compareConfig()).toMatch(new RegExp(`^\\+\\s+<name>${IFACE}</name>$`, "m"));
    const result = await r.commitConfig();
    expect(result.diff).toMatch(/^\+\s+<description>generic-platform<\/description>$/m);
    expect(await running()).toContain(IFACE);
  });
});
