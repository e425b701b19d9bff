import {
  type ArpEntry,
  type GetRouteToOptions,
  type GetterOptions,
  GetterOutputError,
  type InterfaceAddress,
  type InterfaceIp,
  type InterfaceState,
  InvalidGetterArgumentError,
  normalizeMac,
  parsePrefix,
  type Route,
  type ShellCommandOptions,
  type ShellCommandResult,
} from "@patchbay/capabilities";
import type { ErrorContext } from "@patchbay/core";

/** Runs one command (an argv, quoted by the runner) on the host. */
export type LinuxRun = (
  command: readonly string[] | string,
  options: ShellCommandOptions,
) => Promise<ShellCommandResult>;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const int = (v: unknown): number | null =>
  Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : null;
const flags = (v: Json): string[] =>
  Array.isArray(v.flags) ? v.flags.filter((f) => typeof f === "string") : [];

/** Reads the JSON array `ip -j` prints, or throws `GetterOutputError` naming device and command. */
export function readIpJson(output: string, getter: string, command: string, context: ErrorContext): Json[] {
  const text = output.trim();
  if (text === "") return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new GetterOutputError({
      ...context,
      getter,
      command,
      reason: "its JSON does not parse",
      cause: err,
    });
  }
  if (!Array.isArray(value))
    throw new GetterOutputError({ ...context, getter, command, reason: "it is not a JSON array" });
  return value.filter(isObject);
}

/**
 * `ip -j -d link show` plus the speeds read from /sys (`name speed` lines; -1 or empty when the
 * driver does not say) -> interface states. Linux keeps no time of the last carrier change: null.
 */
export function parseLinuxInterfaces(
  links: Json[],
  speeds: ReadonlyMap<string, number> = new Map(),
): InterfaceState[] {
  return links.flatMap((l) => {
    const name = str(l.ifname);
    if (name === null) return [];
    const f = flags(l);
    const mac = normalizeMac(str(l.address));
    const speed = speeds.get(name);
    return [
      {
        name,
        description: str(l.ifalias),
        enabled: f.includes("UP"),
        // Loopbacks and tunnels report UNKNOWN: their lower layer tells.
        up: l.operstate === "UP" || (l.operstate === "UNKNOWN" && f.includes("LOWER_UP")),
        speedMbps: speed !== undefined && speed > 0 ? speed : null,
        mtu: int(l.mtu),
        macAddress: mac === "00:00:00:00:00:00" ? null : mac,
        lastFlappedSeconds: null,
      },
    ];
  });
}

/** The `name speed` lines printed after the JSON. */
export function parseSpeeds(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    const m = /^(\S+) (-?\d+)$/.exec(line.trim());
    if (m) out.set(m[1] as string, Number(m[2]));
  }
  return out;
}

/** `ip -j addr show` -> addresses per interface (interfaces without any are left out). */
export function parseLinuxInterfacesIp(links: Json[]): InterfaceIp[] {
  const out: InterfaceIp[] = [];
  for (const l of links) {
    const name = str(l.ifname);
    if (name === null || !Array.isArray(l.addr_info)) continue;
    const ipv4: InterfaceAddress[] = [];
    const ipv6: InterfaceAddress[] = [];
    for (const a of l.addr_info) {
      if (!isObject(a) || typeof a.local !== "string" || int(a.prefixlen) === null) continue;
      const p = parsePrefix(`${a.local}/${a.prefixlen}`);
      if (p === null) continue;
      (p.family === 4 ? ipv4 : ipv6).push({ address: p.address, prefixLength: p.length });
    }
    if (ipv4.length + ipv6.length > 0) out.push({ name, ipv4, ipv6 });
  }
  return out;
}

/** `ip -s -j -4 neigh show` -> ARP entries. Incomplete and failed entries have no MAC address. */
export function parseLinuxArp(entries: Json[]): ArpEntry[] {
  return entries.flatMap((e) => {
    const ip = typeof e.dst === "string" ? parsePrefix(e.dst) : null;
    if (ip === null || ip.family !== 4) return [];
    const state = Array.isArray(e.state) ? e.state : [];
    return [
      {
        interface: str(e.dev),
        macAddress: normalizeMac(str(e.lladdr)),
        ip: ip.address,
        ageSeconds: state.includes("PERMANENT") ? null : int(e.confirmed),
      },
    ];
  });
}

function routePrefix(dst: unknown, family: 4 | 6): string | null {
  if (dst === "default") return family === 4 ? "0.0.0.0/0" : "::/0";
  const p = typeof dst === "string" ? parsePrefix(dst) : null;
  return p?.prefix ?? null;
}

/**
 * `ip -j route show ...` -> routes (kernel FIB: every route listed is active). `protocol` absent is
 * `boot`; blackhole and unreachable routes have no next hop address or interface.
 */
export function parseLinuxRoutes(entries: Json[], family: 4 | 6, protocol?: string): Route[] {
  const out: Route[] = [];
  for (const r of entries) {
    const prefix = routePrefix(r.dst, family);
    if (prefix === null) continue;
    const named = (str(r.protocol) ?? "boot").toLowerCase();
    const proto = /^[a-z][a-z0-9-]*$/.test(named) ? named : "unknown";
    if (protocol !== undefined && proto !== protocol.toLowerCase()) continue;
    const hop = (h: Json) => {
      const gw = typeof h.gateway === "string" ? parsePrefix(h.gateway) : null;
      return { address: gw?.address ?? null, interface: str(h.dev), active: !flags(h).includes("dead") };
    };
    const hops = Array.isArray(r.nexthops) ? r.nexthops.filter(isObject).map(hop) : [hop(r)];
    const table = str(r.table);
    out.push({
      prefix,
      protocol: proto,
      active: true,
      preference: null,
      metric: int(r.metric) ?? 0,
      vrf: table === null || table === "main" ? "default" : table,
      nextHops: r.type === "blackhole" || r.type === "unreachable" || r.type === "prohibit" ? [] : hops,
    });
  }
  return out;
}

/** Keeps the routes of the longest prefix (what `ip route show match` lists covers every length). */
export function longestMatch(routes: Route[]): Route[] {
  const len = (r: Route) => Number(r.prefix.split("/")[1]);
  const best = Math.max(-1, ...routes.map(len));
  return routes.filter((r) => len(r) === best);
}

/** The normalised getters of a Linux host, from `ip -j`. */
export class LinuxGetters {
  readonly #run: LinuxRun;
  readonly #context: ErrorContext;

  constructor(run: LinuxRun, context: ErrorContext) {
    this.#run = run;
    this.#context = context;
  }

  async #stdout(getter: string, argv: readonly string[] | string, options: GetterOptions): Promise<string> {
    const result = await this.#run(argv, {
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
    });
    const command = typeof argv === "string" ? argv : argv.join(" ");
    if (!result.success) {
      throw new GetterOutputError({
        ...this.#context,
        getter,
        command,
        reason: `it exited with ${result.exitCode ?? result.signal}: ${result.stderr.trim().slice(0, 200)}`,
      });
    }
    return result.stdout;
  }

  async #ip(getter: string, argv: readonly string[], options: GetterOptions): Promise<Json[]> {
    return readIpJson(await this.#stdout(getter, argv, options), getter, argv.join(" "), this.#context);
  }

  async getInterfaces(options: GetterOptions = {}): Promise<InterfaceState[]> {
    const script = `ip -j -d link show && echo && for d in /sys/class/net/*; do printf '%s %s\\n' "\${d##*/}" "$(cat "$d/speed" 2>/dev/null)"; done`;
    const out = await this.#stdout("getInterfaces", script, options);
    const nl = out.indexOf("\n");
    const json = nl === -1 ? out : out.slice(0, nl);
    const links = readIpJson(json, "getInterfaces", "ip -j -d link show", this.#context);
    return parseLinuxInterfaces(links, parseSpeeds(nl === -1 ? "" : out.slice(nl)));
  }

  async getInterfacesIp(options: GetterOptions = {}): Promise<InterfaceIp[]> {
    return parseLinuxInterfacesIp(await this.#ip("getInterfacesIp", ["ip", "-j", "addr", "show"], options));
  }

  async getArpTable(options: GetterOptions = {}): Promise<ArpEntry[]> {
    return parseLinuxArp(await this.#ip("getArpTable", ["ip", "-s", "-j", "-4", "neigh", "show"], options));
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
    const argv = [
      "ip",
      "-j",
      `-${p.family}`,
      "route",
      "show",
      options.longer === true ? "root" : "match",
      p.prefix,
    ];
    const routes = parseLinuxRoutes(await this.#ip("getRouteTo", argv, options), p.family, options.protocol);
    return options.longer === true ? routes : longestMatch(routes);
  }
}
