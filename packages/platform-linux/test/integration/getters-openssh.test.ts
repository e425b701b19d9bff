import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  Arp,
  arpTableSchema,
  Interfaces,
  interfacesIpSchema,
  interfacesSchema,
  Neighbors,
  Routes,
  routesSchema,
} from "@patchbay/capabilities";
import { connect, isPatchbayError, registerConnectionPlugin } from "@patchbay/core";
import { restoreRegistry, snapshotRegistry } from "@patchbay/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPeers } from "../../../ssh/test/integration/peers.ts";
import { plugins } from "../../src/index.ts";

// The OpenSSH peer runs on this machine: the host's own `ip -j`, run here, is the truth to compare with.
const peer = loadPeers().openssh;
const CAPS = [Interfaces, Arp, Routes] as const;
let dir: string;
let snapshot: ReturnType<typeof snapshotRegistry>;
const ipJson = (...args: string[]) =>
  JSON.parse(execFileSync("ip", ["-j", ...args], { encoding: "utf8" }) || "[]");
const device = () => ({
  id: "openssh-peer",
  host: peer.host,
  port: peer.port,
  username: peer.username,
  password: peer.password,
  platform: "linux",
  data: { ssh: { knownHostsPath: join(dir, "known_hosts"), keepaliveIntervalMs: 0 } },
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pb-linux-getters-"));
  snapshot = snapshotRegistry();
  for (const r of plugins) registerConnectionPlugin(r.plugin, r);
});
afterAll(async () => {
  restoreRegistry(snapshot);
  await rm(dir, { recursive: true, force: true });
});

describe("Linux getters against the OpenSSH peer host", () => {
  it("getInterfaces and getInterfacesIp give the host's interfaces and addresses", async () => {
    await using r = await connect(device(), { capabilities: CAPS, connectionType: "ssh" });
    const ifs = interfacesSchema.parse(await r.getInterfaces({ timeoutMs: 15_000 }));
    const links = ipJson("link", "show") as { ifname: string; mtu: number }[];
    expect(ifs.map((i) => i.name).sort()).toEqual(links.map((l) => l.ifname).sort());
    expect(ifs.find((i) => i.name === "lo")).toMatchObject({
      enabled: true,
      up: true,
      mtu: 65536,
      macAddress: null,
    });
    const ips = interfacesIpSchema.parse(await r.getInterfacesIp());
    expect(ips.find((i) => i.name === "lo")?.ipv4).toEqual([{ address: "127.0.0.1", prefixLength: 8 }]);
    const withV4 = (ipJson("-4", "addr", "show") as { ifname: string; addr_info: unknown[] }[]).filter(
      (l) => l.addr_info.length > 0,
    );
    for (const l of withV4)
      expect(ips.find((i) => i.name === l.ifname)?.ipv4.length).toBe(l.addr_info.length);
  });

  it("getArpTable reads the neighbour table as schema-valid entries", async () => {
    await using r = await connect(device(), { capabilities: CAPS, connectionType: "ssh" });
    const arp = arpTableSchema.parse(await r.getArpTable());
    for (const e of arp) expect(e.ip).not.toContain(":");
  });

  it("getRouteTo gives the longest match, and the routes inside a prefix with longer", async () => {
    await using r = await connect(device(), { capabilities: CAPS, connectionType: "ssh" });
    const main = ipJson("-4", "route", "show") as { dst: string; dev: string; gateway?: string }[];
    const connected = main.find((x) => x.dst.includes("/"));
    expect(connected).toBeDefined();
    const [net] = (connected as { dst: string }).dst.split("/");
    const host = `${net?.split(".").slice(0, 3).join(".")}.77`;
    const routes = routesSchema.parse(await r.getRouteTo(host));
    expect(routes.map((x) => x.prefix)).toContain(connected?.dst);
    expect(routes[0]?.nextHops[0]?.interface).toBe(connected?.dev);
    const inside = await r.getRouteTo(connected?.dst as string, { longer: true });
    expect(inside.map((x) => x.prefix)).toContain(connected?.dst);
    expect(await r.getRouteTo(connected?.dst as string, { protocol: "bgp" })).toEqual([]);
  });

  it("refuses a bad prefix before running anything, and LLDP is not declared", async () => {
    await using r = await connect(device(), { capabilities: [...CAPS, Neighbors], connectionType: "ssh" });
    const err = await r.getRouteTo("10.0.0.0/8; touch /tmp/pb-pwned").catch((e: unknown) => e);
    expect(isPatchbayError(err, "INVALID_GETTER_ARGUMENT")).toBe(true);
    const lldp = await r.getLldpNeighbors().catch((e: unknown) => e);
    expect(isPatchbayError(lldp, "NOT_IMPLEMENTED_FOR_PLATFORM")).toBe(true);
  });
});
