import { arpTableSchema, interfacesIpSchema, interfacesSchema, routesSchema } from "@patchbay/capabilities";
import { isPatchbayError } from "@patchbay/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  longestMatch,
  parseLinuxArp,
  parseLinuxInterfaces,
  parseLinuxInterfacesIp,
  parseLinuxRoutes,
  parseSpeeds,
  readIpJson,
} from "./getters.ts";

const ctx = { deviceId: "h1", host: "10.0.0.9", platform: "linux" };
const LONG = "enp0s31f6.4094-backbone";
// Shapes as iproute2 6.1 prints them with -j (-d, -s), varied.
const links = [
  {
    ifname: "lo",
    flags: ["LOOPBACK", "UP", "LOWER_UP"],
    mtu: 65536,
    operstate: "UNKNOWN",
    address: "00:00:00:00:00:00",
    addr_info: [
      { family: "inet", local: "127.0.0.1", prefixlen: 8 },
      { family: "inet6", local: "::1", prefixlen: 128 },
    ],
  },
  {
    ifname: "eth0",
    flags: ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"],
    mtu: 1400,
    operstate: "UP",
    ifalias: "uplink",
    address: "02:FC:00:00:00:01",
    addr_info: [
      { family: "inet", local: "192.0.2.2", prefixlen: 24 },
      { family: "inet6", local: "fd00::2", prefixlen: 64 },
    ],
  },
  {
    ifname: LONG,
    flags: ["BROADCAST", "NOARP"],
    mtu: 1500,
    operstate: "DOWN",
    address: "66:21:be:50:bd:17",
    addr_info: [],
  },
  {
    ifname: "wg0",
    flags: ["POINTOPOINT", "NOARP", "UP", "LOWER_UP"],
    mtu: 1420,
    operstate: "UNKNOWN",
    link_type: "none",
  },
];

describe("Linux interface getters", () => {
  it("read admin and oper state, speed from /sys, and no MAC for loopbacks", () => {
    const result = parseLinuxInterfaces(links, parseSpeeds("\neth0 10000\nlo \nwg0 -1\n"));
    expect(interfacesSchema.parse(result)).toEqual(result);
    expect(result.map((i) => [i.name, i.enabled, i.up, i.speedMbps, i.macAddress])).toEqual([
      ["lo", true, true, null, null],
      ["eth0", true, true, 10000, "02:fc:00:00:00:01"],
      [LONG, false, false, null, "66:21:be:50:bd:17"],
      ["wg0", true, true, null, null],
    ]);
    expect(result[1]?.description).toBe("uplink");
  });
  it("read addresses of both families and leave out interfaces without any", () => {
    const result = parseLinuxInterfacesIp(links);
    expect(interfacesIpSchema.parse(result)).toEqual(result);
    expect(result.map((i) => i.name)).toEqual(["lo", "eth0"]);
    expect(result[1]?.ipv6).toEqual([{ address: "fd00::2", prefixLength: 64 }]);
  });
});

describe("Linux ARP getter", () => {
  it("reads reachable, failed and permanent entries", () => {
    const result = parseLinuxArp([
      {
        dst: "192.0.2.1",
        dev: "eth0",
        lladdr: "02:fc:00:00:00:05",
        used: 177,
        confirmed: 149,
        updated: 113,
        state: ["STALE"],
      },
      { dst: "192.0.2.9", dev: "eth0", used: 3, confirmed: 3, state: ["FAILED"] },
      { dst: "192.0.2.10", dev: LONG, lladdr: "aa:bb:cc:dd:ee:ff", state: ["PERMANENT"] },
      { dst: "fd00::1", dev: "eth0", state: ["FAILED"] },
    ]);
    expect(arpTableSchema.parse(result)).toEqual(result);
    expect(result).toEqual([
      { interface: "eth0", macAddress: "02:fc:00:00:00:05", ip: "192.0.2.1", ageSeconds: 149 },
      { interface: "eth0", macAddress: null, ip: "192.0.2.9", ageSeconds: 3 },
      { interface: LONG, macAddress: "aa:bb:cc:dd:ee:ff", ip: "192.0.2.10", ageSeconds: null },
    ]);
  });
});

describe("Linux route getter", () => {
  const v4 = [
    { dst: "default", gateway: "192.0.2.1", dev: "eth0", flags: [] },
    {
      dst: "10.200.0.0/16",
      protocol: "bgp",
      metric: 20,
      nexthops: [
        { gateway: "192.0.2.7", dev: "eth0", flags: [] },
        { gateway: "192.0.2.8", dev: "eth1", flags: ["dead"] },
      ],
    },
    { dst: "10.200.5.0/24", type: "blackhole", protocol: "static", flags: [] },
    { dst: "10.200.5.1", dev: "eth0", protocol: "kernel", scope: "link", flags: [] },
  ];
  it("reads default, multipath, blackhole and host routes", () => {
    const result = parseLinuxRoutes(v4, 4);
    expect(routesSchema.parse(result)).toEqual(result);
    expect(result.map((r) => [r.prefix, r.protocol, r.metric, r.nextHops.length])).toEqual([
      ["0.0.0.0/0", "boot", 0, 1],
      ["10.200.0.0/16", "bgp", 20, 2],
      ["10.200.5.0/24", "static", 0, 0],
      ["10.200.5.1/32", "kernel", 0, 1],
    ]);
    expect(result[1]?.nextHops[1]).toEqual({ address: "192.0.2.8", interface: "eth1", active: false });
    expect(parseLinuxRoutes([{ dst: "default", gateway: "fd00::1", dev: "eth0" }], 6)[0]?.prefix).toBe(
      "::/0",
    );
  });
  it("keeps the longest match, and filters by protocol", () => {
    expect(longestMatch(parseLinuxRoutes(v4.slice(0, 3), 4)).map((r) => r.prefix)).toEqual(["10.200.5.0/24"]);
    expect(parseLinuxRoutes(v4, 4, "bgp").map((r) => r.prefix)).toEqual(["10.200.0.0/16"]);
    expect(longestMatch([])).toEqual([]);
  });
});

describe("readIpJson", () => {
  const text = JSON.stringify(links);
  it("refuses output cut anywhere with a GetterOutputError naming device and command", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: text.length - 1 }), (cut) => {
        let err: unknown;
        try {
          readIpJson(text.slice(0, cut), "getInterfaces", "ip -j -d link show", ctx);
        } catch (e) {
          err = e;
        }
        expect(isPatchbayError(err, "GETTER_OUTPUT")).toBe(true);
        expect((err as Error).message).toContain("h1");
      }),
      { seed: 2111, numRuns: 300 },
    );
  });
  it("parsers give schema-valid results on mutated entries", () => {
    const v = fc.jsonValue({ maxDepth: 2 });
    fc.assert(
      fc.property(v, v, (a, b) => {
        const data = [...links, { ifname: "x", flags: a, mtu: b, addr_info: [a, b] }] as never;
        expect(interfacesSchema.safeParse(parseLinuxInterfaces(data)).success).toBe(true);
        expect(interfacesIpSchema.safeParse(parseLinuxInterfacesIp(data)).success).toBe(true);
        expect(
          arpTableSchema.safeParse(parseLinuxArp([{ dst: "192.0.2.1", lladdr: a, confirmed: b }] as never))
            .success,
        ).toBe(true);
        expect(
          routesSchema.safeParse(parseLinuxRoutes([{ dst: "default", metric: a, nexthops: [b] }] as never, 4))
            .success,
        ).toBe(true);
      }),
      { seed: 2112, numRuns: 200 },
    );
  });
});
