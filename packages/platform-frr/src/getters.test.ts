import {
  bgpNeighborsSchema,
  interfacesIpSchema,
  interfacesSchema,
  routesSchema,
} from "@patchbay/capabilities";
import { isPatchbayError } from "@patchbay/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  parseFrrBgp,
  parseFrrInterfaces,
  parseFrrInterfacesIp,
  parseFrrRoutes,
  readJson,
} from "./getters.ts";

const ctx = { deviceId: "frr1", host: "10.0.0.1", platform: "frr" };
const LONG = "vlan-bridge-to-customer-backbone-0001";

// Shapes as FRR 8.4's vtysh prints them (captured from the FRR peer, then varied).
const interfaces = {
  lo: { administrativeStatus: "up", operationalStatus: "up", mtu: 65536, speed: 0, ipAddresses: [] },
  pbb1: {
    administrativeStatus: "up",
    operationalStatus: "up",
    description: "to bird1",
    mtu: 1500,
    speed: 10000,
    hardwareAddress: "6E:EE:47:F8:F6:1F",
    lastLinkUp: "2026/12/02 13:32:45.60",
    ipAddresses: [
      { address: "10.254.0.1/30", secondary: false, unnumbered: false },
      { address: "2001:db8:254::1/64", secondary: false, unnumbered: false },
      { address: "fe80::6cee:47ff:fef8:f61f/64", secondary: false, unnumbered: false },
    ],
  },
  [LONG]: { administrativeStatus: "down", operationalStatus: "down", mtu: 9216, ipAddresses: [] },
};

const peer = (state: string, extra: Record<string, unknown> = {}) => ({
  remoteAs: 65002,
  localAs: 65001,
  remoteRouterId: "10.254.0.2",
  bgpState: state,
  ...extra,
});

const summary = {
  default: {
    ipv4Unicast: { routerId: "10.255.0.1", as: 65001, peers: {} },
    ipv6Unicast: { routerId: "10.255.0.1", as: 65001 },
  },
  blue: { ipv4Unicast: { routerId: "10.9.0.1", as: 4200000001, peers: {} } },
  empty: {},
};
const neighbors = {
  default: {
    vrfId: 0,
    vrfName: "default",
    "10.254.0.2": peer("Established", {
      nbrDesc: "bird1",
      bgpTimerUpMsec: 453_600,
      addressFamilyInfo: {
        ipv4Unicast: { acceptedPrefixCounter: 250, sentPrefixCounter: 250 },
        l2VpnEvpn: { acceptedPrefixCounter: 0, sentPrefixCounter: 3 },
      },
    }),
    "10.255.0.2": peer("Active", { remoteRouterId: "0.0.0.0", bgpTimerUpMsec: 99 }),
    "2001:db8::2": peer("Idle (Admin)", { adminShutDown: true, remoteAs: 65010 }),
  },
  blue: { vrfId: 7, vrfName: "blue", "10.9.0.2": peer("OpenSent", { localAs: 65100 }) },
};

const routes = {
  "10.200.5.0/24": [
    {
      prefix: "10.200.5.0/24",
      protocol: "bgp",
      vrfName: "default",
      selected: true,
      distance: 20,
      metric: 0,
      nexthops: [{ ip: "10.254.0.2", interfaceName: "pbb1", active: true }],
    },
    {
      prefix: "10.200.5.0/24",
      protocol: "static",
      vrfName: "default",
      distance: 200,
      metric: 0,
      nexthops: [{ blackhole: true, active: false }],
    },
  ],
  "10.200.5.128/25": [
    {
      prefix: "10.200.5.128/25",
      protocol: "connected",
      vrfName: "default",
      selected: true,
      distance: 0,
      metric: 0,
      nexthops: [{ directlyConnected: true, interfaceName: LONG, active: true }],
    },
  ],
};

describe("FRR interface getters", () => {
  it("read states with units, null for what FRR does not say, and lower-case MACs", () => {
    const result = parseFrrInterfaces(interfaces);
    expect(interfacesSchema.parse(result)).toEqual(result);
    expect(result.find((i) => i.name === "pbb1")).toEqual({
      name: "pbb1",
      description: "to bird1",
      enabled: true,
      up: true,
      speedMbps: 10000,
      mtu: 1500,
      macAddress: "6e:ee:47:f8:f6:1f",
      lastFlappedSeconds: null,
    });
    expect(result.find((i) => i.name === "lo")).toMatchObject({
      speedMbps: null,
      macAddress: null,
      description: null,
    });
    expect(result.find((i) => i.name === LONG)).toMatchObject({ enabled: false, up: false, mtu: 9216 });
  });
  it("read IPv4 and IPv6 addresses and leave out interfaces without any", () => {
    const result = parseFrrInterfacesIp(interfaces);
    expect(interfacesIpSchema.parse(result)).toEqual(result);
    expect(result).toEqual([
      {
        name: "pbb1",
        ipv4: [{ address: "10.254.0.1", prefixLength: 30 }],
        ipv6: [
          { address: "2001:db8:254::1", prefixLength: 64 },
          { address: "fe80::6cee:47ff:fef8:f61f", prefixLength: 64 },
        ],
      },
    ]);
  });
  it("give empty lists for an empty table", () => {
    expect(parseFrrInterfaces({})).toEqual([]);
    expect(parseFrrInterfacesIp({})).toEqual([]);
  });
});

describe("FRR BGP getter", () => {
  const result = parseFrrBgp(summary, neighbors);
  it("reads every VRF with its AS and router id, skipping VRFs without BGP", () => {
    expect(bgpNeighborsSchema.parse(result)).toEqual(result);
    expect(result.map((v) => [v.vrf, v.localAs, v.routerId, v.peers.length])).toEqual([
      ["default", 65001, "10.255.0.1", 3],
      ["blue", 4200000001, "10.9.0.1", 1],
    ]);
  });
  it("reads an established peer's uptime and prefix counts per address family", () => {
    expect(result[0]?.peers[0]).toEqual({
      address: "10.254.0.2",
      remoteAs: 65002,
      localAs: 65001,
      description: "bird1",
      state: "established",
      enabled: true,
      up: true,
      uptimeSeconds: 453,
      remoteRouterId: "10.254.0.2",
      addressFamilies: {
        "ipv4-unicast": { receivedPrefixes: null, acceptedPrefixes: 250, sentPrefixes: 250 },
        "l2vpn-evpn": { receivedPrefixes: null, acceptedPrefixes: 0, sentPrefixes: 3 },
      },
    });
  });
  it("reads down, shut-down and IPv6 peers without uptime or router id", () => {
    const [, active, v6] = result[0]?.peers ?? [];
    expect(active).toMatchObject({
      state: "active",
      up: false,
      enabled: true,
      uptimeSeconds: null,
      remoteRouterId: null,
    });
    expect(v6).toMatchObject({ address: "2001:db8::2", state: "idle", enabled: false, remoteAs: 65010 });
    expect(result[1]?.peers[0]).toMatchObject({ state: "opensent", localAs: 65100 });
  });
  it("gives an empty list when BGP is not configured", () => {
    expect(parseFrrBgp({}, {})).toEqual([]);
  });
});

describe("FRR route getter", () => {
  it("reads every route to the prefix with next hops, preference and which one is active", () => {
    const result = parseFrrRoutes(routes);
    expect(routesSchema.parse(result)).toEqual(result);
    expect(result.map((r) => [r.prefix, r.protocol, r.active, r.preference])).toEqual([
      ["10.200.5.0/24", "bgp", true, 20],
      ["10.200.5.0/24", "static", false, 200],
      ["10.200.5.128/25", "connected", true, 0],
    ]);
    expect(result[0]?.nextHops).toEqual([{ address: "10.254.0.2", interface: "pbb1", active: true }]);
    expect(result[1]?.nextHops).toEqual([{ address: null, interface: null, active: false }]);
    expect(result[2]?.nextHops[0]?.interface).toBe(LONG);
  });
  it("keeps only the protocol asked for", () => {
    expect(parseFrrRoutes(routes, "BGP").map((r) => r.protocol)).toEqual(["bgp"]);
    expect(parseFrrRoutes({}, "bgp")).toEqual([]);
  });
});

describe("readJson", () => {
  const text = JSON.stringify(neighbors, null, 2);
  it("reads vtysh's JSON and an empty answer", () => {
    expect(readJson(text, "getBgpNeighbors", "show bgp", ctx)).toEqual(neighbors);
    expect(readJson("", "getBgpNeighbors", "show bgp", ctx)).toEqual({});
  });
  it("refuses output cut anywhere with a GetterOutputError naming device and command", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: text.length - 1 }), (cut) => {
        const err = (() => {
          try {
            readJson(text.slice(0, cut), "getBgpNeighbors", "show bgp vrf all neighbors json", ctx);
          } catch (e) {
            return e;
          }
        })();
        // A cut that leaves only whitespace before the first brace reads as empty; any other cut fails typed.
        if (err === undefined) return text.slice(0, cut).trim() === "";
        expect(isPatchbayError(err, "GETTER_OUTPUT")).toBe(true);
        expect((err as Error).message).toContain("frr1");
        expect((err as Error).message).toContain("show bgp vrf all neighbors json");
        return true;
      }),
      { seed: 1111, numRuns: 300 },
    );
  });
  it("parsers never throw on mutated JSON values and always give schema-valid results", () => {
    const mutate = fc.jsonValue({ maxDepth: 3 });
    fc.assert(
      fc.property(mutate, mutate, (a, b) => {
        const data = { ...interfaces, x: a, pbb1: { ...interfaces.pbb1, mtu: b, ipAddresses: [b, a] } };
        expect(interfacesSchema.safeParse(parseFrrInterfaces(data as never)).success).toBe(true);
        expect(interfacesIpSchema.safeParse(parseFrrInterfacesIp(data as never)).success).toBe(true);
        const r = parseFrrRoutes({ x: [a, { prefix: "10.0.0.0/8", nexthops: [a, b] }] } as never);
        expect(routesSchema.safeParse(r).success).toBe(true);
      }),
      { seed: 1112, numRuns: 200 },
    );
  });
});
