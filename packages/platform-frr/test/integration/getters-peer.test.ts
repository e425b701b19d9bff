import {
  Bgp,
  bgpNeighborsSchema,
  Interfaces,
  interfacesIpSchema,
  interfacesSchema,
  Routes,
  routesSchema,
} from "@patchbay/capabilities";
import { connect, isPatchbayError, registerConnectionPlugin } from "@patchbay/core";
import { type RegistrySnapshot, restoreRegistry, snapshotRegistry } from "@patchbay/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plugins } from "../../src/index.ts";
import { loadFrrPeer, peerDevice } from "./helpers.ts";

// The FRR peer (AS 65001) has an eBGP session over a veth to the BIRD peer (AS 65002, 10.254.0.2),
// which advertises the 250 routes of 10.200.0.0/16 (test/peers/bird.sh, frr.sh).
const peer = loadFrrPeer();
const CAPS = [Interfaces, Bgp, Routes] as const;
let registry: RegistrySnapshot;

beforeAll(() => {
  registry = snapshotRegistry();
  for (const r of plugins) registerConnectionPlugin(r.plugin, r);
});
afterAll(() => restoreRegistry(registry));

describe("FRR getters against the real FRR peer and its BGP session to BIRD", () => {
  it("getBgpNeighbors sees the established session to BIRD with its 250 prefixes", async () => {
    await using r = await connect(peerDevice(peer), { capabilities: CAPS });
    const vrfs = bgpNeighborsSchema.parse(await r.getBgpNeighbors({ timeoutMs: 20_000 }));
    const vrf = vrfs.find((v) => v.vrf === "default");
    expect(vrf).toMatchObject({ localAs: 65001, routerId: "10.255.0.1" });
    const bird = vrf?.peers.find((p) => p.address === "10.254.0.2");
    expect(bird).toMatchObject({
      remoteAs: 65002,
      description: "bird1",
      state: "established",
      up: true,
      enabled: true,
      remoteRouterId: "10.254.0.2",
    });
    expect(bird?.addressFamilies["ipv4-unicast"]?.acceptedPrefixes).toBe(250);
    expect(bird?.uptimeSeconds).toBeGreaterThanOrEqual(0);
    // The configured neighbour nobody answers for is down, not missing.
    expect(vrf?.peers.find((p) => p.address === "10.255.0.2")).toMatchObject({
      up: false,
      uptimeSeconds: null,
    });
  });

  it("getRouteTo finds the BGP route via BIRD, and the longer prefixes by protocol", async () => {
    await using r = await connect(peerDevice(peer), { capabilities: CAPS });
    const routes = routesSchema.parse(await r.getRouteTo("10.200.5.0/24"));
    expect(routes).toEqual([
      {
        prefix: "10.200.5.0/24",
        protocol: "bgp",
        active: true,
        preference: 20,
        metric: 0,
        vrf: "default",
        nextHops: [{ address: "10.254.0.2", interface: "pbb1", active: true }],
      },
    ]);
    // A host address resolves to its longest match.
    expect((await r.getRouteTo("10.200.5.77")).map((x) => x.prefix)).toEqual(["10.200.5.0/24"]);
    const longer = await r.getRouteTo("10.200.0.0/16", { longer: true, protocol: "bgp" });
    expect(longer).toHaveLength(250);
    expect(await r.getRouteTo("10.100.0.0/16", { longer: true, protocol: "bgp" })).toEqual([]);
    expect((await r.getRouteTo("10.100.7.0/24", { protocol: "static" }))[0]?.nextHops[0]?.address).toBeNull();
  });

  it("getInterfaces and getInterfacesIp read the namespace's real interfaces", async () => {
    await using r = await connect(peerDevice(peer), { capabilities: CAPS });
    const ifs = interfacesSchema.parse(await r.getInterfaces());
    expect(ifs.find((i) => i.name === "pbb1")).toMatchObject({ enabled: true, up: true, mtu: 1500 });
    expect(ifs.find((i) => i.name === "pbb1")?.macAddress).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
    expect(ifs.find((i) => i.name === "lo")).toMatchObject({ up: true, macAddress: null });
    const ips = interfacesIpSchema.parse(await r.getInterfacesIp());
    expect(ips.find((i) => i.name === "pbb1")?.ipv4).toEqual([{ address: "10.254.0.1", prefixLength: 30 }]);
    expect(ips.find((i) => i.name === "pb0")?.ipv4).toEqual([{ address: "10.255.0.1", prefixLength: 24 }]);
  });

  it("refuses a prefix that is not one before sending anything", async () => {
    await using r = await connect(peerDevice(peer), { capabilities: CAPS });
    for (const bad of ["10.0.0.0/8 | include x", "show ip route", "10.0.0.0/40"]) {
      const err = await r.getRouteTo(bad).catch((e: unknown) => e);
      expect(isPatchbayError(err, "INVALID_GETTER_ARGUMENT")).toBe(true);
      expect((err as Error).message).toContain("frr-peer");
    }
  });
});
