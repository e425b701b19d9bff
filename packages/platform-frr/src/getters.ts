import {
  type BgpPeer,
  type BgpPrefixCounts,
  type BgpVrf,
  type GetRouteToOptions,
  type GetterOptions,
  GetterOutputError,
  type InterfaceAddress,
  type InterfaceIp,
  type InterfaceState,
  InvalidGetterArgumentError,
  normalizeBgpState,
  normalizeMac,
  parsePrefix,
  type Route,
} from "@patchbay/capabilities";
import type { ErrorContext } from "@patchbay/core";

/** Sends one vtysh command and returns its output; throws when the device refuses it. */
export type FrrSend = (command: string, options: GetterOptions) => Promise<string>;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : null);
const int = (v: unknown): number | null =>
  Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : null;
const ip = (v: unknown): string | null => {
  const p = typeof v === "string" ? parsePrefix(v) : null;
  return p !== null && !v?.toString().includes("/") ? p.address : null;
};

/** Reads vtysh's JSON output as an object, or throws `GetterOutputError` naming device and command. */
export function readJson(output: string, getter: string, command: string, context: ErrorContext): Json {
  // vtysh prints `{}` or nothing for an empty table; anything before the first brace is not JSON.
  const start = output.indexOf("{");
  if (start === -1) {
    if (output.trim() === "") return {};
    throw new GetterOutputError({ ...context, getter, command, reason: "it holds no JSON object" });
  }
  let value: unknown;
  try {
    value = JSON.parse(output.slice(start));
  } catch (err) {
    throw new GetterOutputError({
      ...context,
      getter,
      command,
      reason: "its JSON does not parse",
      cause: err,
    });
  }
  if (!isObject(value))
    throw new GetterOutputError({ ...context, getter, command, reason: "it is not a JSON object" });
  return value;
}

/** `show interface json` -> interface states. Speed 0 (loopbacks, unknown) is null. */
export function parseFrrInterfaces(data: Json): InterfaceState[] {
  return Object.entries(data)
    .filter(([, v]) => isObject(v))
    .map(([name, raw]) => {
      const v = raw as Json;
      const speed = num(v.speed);
      return {
        name,
        description: str(v.description),
        enabled: v.administrativeStatus === "up",
        up: v.operationalStatus === "up",
        speedMbps: speed === 0 ? null : speed,
        mtu: int(v.mtu),
        macAddress: normalizeMac(str(v.hardwareAddress)),
        // FRR prints the last change as the device's local wall-clock time without a zone.
        lastFlappedSeconds: null,
      };
    });
}

/** `show interface json` -> addresses per interface (interfaces without any are left out). */
export function parseFrrInterfacesIp(data: Json): InterfaceIp[] {
  const out: InterfaceIp[] = [];
  for (const [name, raw] of Object.entries(data)) {
    if (!isObject(raw) || !Array.isArray(raw.ipAddresses)) continue;
    const ipv4: InterfaceAddress[] = [];
    const ipv6: InterfaceAddress[] = [];
    for (const a of raw.ipAddresses) {
      const p = isObject(a) && typeof a.address === "string" ? parsePrefix(a.address) : null;
      if (p === null) continue;
      (p.family === 4 ? ipv4 : ipv6).push({ address: p.address, prefixLength: p.length });
    }
    if (ipv4.length + ipv6.length > 0) out.push({ name, ipv4, ipv6 });
  }
  return out;
}

// FRR's address-family keys (`ipv4Unicast`, `l2VpnEvpn`) -> `ipv4-unicast`, `l2vpn-evpn`.
function afiName(key: string): string {
  return key
    .replace(/^l2Vpn/, "l2vpn")
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase();
}

/**
 * `show bgp vrf all summary json` (local AS and router id per VRF and address family) and
 * `show bgp vrf all neighbors json` (per peer) -> BGP per VRF. FRR counts accepted and sent prefixes;
 * prefixes received before inbound policy are known only with soft-reconfiguration, so null.
 */
export function parseFrrBgp(summary: Json, neighbors: Json): BgpVrf[] {
  const out: BgpVrf[] = [];
  for (const [vrf, afis] of Object.entries(summary)) {
    if (!isObject(afis)) continue;
    let localAs: number | null = null;
    let routerId: string | null = null;
    for (const a of Object.values(afis)) {
      if (!isObject(a)) continue;
      localAs ??= int(a.as);
      routerId ??= str(a.routerId);
    }
    const nbrs = isObject(neighbors[vrf]) ? (neighbors[vrf] as Json) : {};
    const peers: BgpPeer[] = [];
    for (const [address, raw] of Object.entries(nbrs)) {
      if (!isObject(raw) || raw.remoteAs === undefined) continue;
      const state = normalizeBgpState(String(raw.bgpState ?? "")) ?? "idle";
      const families: Record<string, BgpPrefixCounts> = {};
      if (isObject(raw.addressFamilyInfo)) {
        for (const [key, info] of Object.entries(raw.addressFamilyInfo)) {
          if (!isObject(info)) continue;
          families[afiName(key)] = {
            receivedPrefixes: null,
            acceptedPrefixes: int(info.acceptedPrefixCounter),
            sentPrefixes: int(info.sentPrefixCounter),
          };
        }
      }
      const up = state === "established";
      const remoteRouterId = ip(raw.remoteRouterId);
      peers.push({
        address,
        remoteAs: int(raw.remoteAs) ?? 0,
        localAs: int(raw.localAs) ?? localAs ?? 0,
        description: str(raw.nbrDesc),
        state,
        enabled: raw.adminShutDown !== true,
        up,
        uptimeSeconds:
          up && num(raw.bgpTimerUpMsec) !== null ? Math.floor((raw.bgpTimerUpMsec as number) / 1000) : null,
        remoteRouterId: remoteRouterId === "0.0.0.0" ? null : remoteRouterId,
        addressFamilies: families,
      });
    }
    if (localAs === null || routerId === null) continue;
    out.push({ vrf, localAs, routerId, peers });
  }
  return out;
}

/** `show ip[v6] route PREFIX [longer-prefixes] json` -> routes, filtered by protocol when asked. */
export function parseFrrRoutes(data: Json, protocol?: string): Route[] {
  const out: Route[] = [];
  for (const entries of Object.values(data)) {
    if (!Array.isArray(entries)) continue;
    for (const r of entries) {
      if (!isObject(r) || typeof r.prefix !== "string" || parsePrefix(r.prefix) === null) continue;
      const named = String(r.protocol ?? "").toLowerCase();
      const proto = /^[a-z][a-z0-9-]*$/.test(named) ? named : "unknown";
      if (protocol !== undefined && proto !== protocol.toLowerCase()) continue;
      out.push({
        prefix: r.prefix,
        protocol: proto,
        active: r.selected === true,
        preference: int(r.distance),
        metric: int(r.metric),
        vrf: str(r.vrfName) ?? "default",
        nextHops: (Array.isArray(r.nexthops) ? r.nexthops : []).filter(isObject).map((h) => ({
          address: ip(h.ip),
          interface: str(h.interfaceName),
          active: h.active === true,
        })),
      });
    }
  }
  return out;
}

/** The getters over vtysh, given how to send a command and the device context for errors. */
export class FrrGetters {
  readonly #send: FrrSend;
  readonly #context: ErrorContext;

  constructor(send: FrrSend, context: ErrorContext) {
    this.#send = send;
    this.#context = context;
  }

  async #json(getter: string, command: string, options: GetterOptions): Promise<Json> {
    return readJson(await this.#send(command, options), getter, command, this.#context);
  }

  async getInterfaces(options: GetterOptions = {}): Promise<InterfaceState[]> {
    return parseFrrInterfaces(await this.#json("getInterfaces", "show interface json", options));
  }

  async getInterfacesIp(options: GetterOptions = {}): Promise<InterfaceIp[]> {
    return parseFrrInterfacesIp(await this.#json("getInterfacesIp", "show interface json", options));
  }

  async getBgpNeighbors(options: GetterOptions = {}): Promise<BgpVrf[]> {
    const summary = await this.#json("getBgpNeighbors", "show bgp vrf all summary json", options);
    const neighbors = await this.#json("getBgpNeighbors", "show bgp vrf all neighbors json", options);
    return parseFrrBgp(summary, neighbors);
  }

  async getRouteTo(prefix: string, options: GetRouteToOptions = {}): Promise<Route[]> {
    const p = parsePrefix(prefix);
    if (p === null) {
      throw new InvalidGetterArgumentError({
        ...this.#context,
        getter: "getRouteTo",
        reason: `${JSON.stringify(prefix)} is not an IPv4 or IPv6 prefix or address`,
      });
    }
    const exact = prefix.includes("/") ? p.prefix : p.address;
    const command = `show ${p.family === 4 ? "ip" : "ipv6"} route ${exact}${options.longer === true ? " longer-prefixes" : ""} json`;
    return parseFrrRoutes(await this.#json("getRouteTo", command, options), options.protocol);
  }
}
