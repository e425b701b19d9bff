import type { ConfigNode, DeviceState } from "./state.ts";
import type { SimPlatform } from "./types.ts";

/**
 * The platform-neutral view of the parts of a device's configuration that every management
 * interface shares (NETCONF's ietf-system and ietf-interfaces, RESTCONF, eAPI): the hostname and
 * the interfaces with their description, admin state and IPv4 addresses. It is read from and
 * written to {@link DeviceState}, whose configuration lines the CLI sessions print and change,
 * so a change made through one interface shows in all the others.
 */
export interface DeviceModel {
  hostname: string;
  /** Undefined on platforms whose configuration has no interface lines (linux). */
  interfaces: InterfaceModel[] | undefined;
}

export interface InterfaceModel {
  name: string;
  description?: string | undefined;
  /** Admin state (`shutdown` / `disable` lines). */
  enabled: boolean;
  /** IPv4 addresses, the primary first. */
  ipv4: Ipv4Address[];
}

export interface Ipv4Address {
  ip: string;
  prefixLength: number;
}

/** The ietf-interfaces type identity of an interface, from its name. */
export function interfaceType(
  name: string,
): "ianaift:softwareLoopback" | "ianaift:l3ipvlan" | "ianaift:ethernetCsmacd" {
  if (/^(loopback|lo)/i.test(name)) return "ianaift:softwareLoopback";
  if (/^vlan/i.test(name)) return "ianaift:l3ipvlan";
  return "ianaift:ethernetCsmacd";
}

/** `255.255.255.0` → 24; undefined for a non-contiguous or malformed mask. */
export function maskToLength(mask: string): number | undefined {
  if (!isIpv4(mask)) return undefined;
  const bits = mask
    .split(".")
    .map((o) => Number(o).toString(2).padStart(8, "0"))
    .join("");
  return /^1*0*$/.test(bits) ? (bits.indexOf("0") < 0 ? 32 : bits.indexOf("0")) : undefined;
}

/** 24 → `255.255.255.0`. */
export function lengthToMask(length: number): string {
  const n = length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join(".");
}

/** Whether `s` is a dotted-quad IPv4 address. */
export function isIpv4(s: string): boolean {
  const parts = s.split(".");
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

/** A hostname the CLI configuration can carry (one word). */
export function isValidHostname(s: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(s);
}

function parseAddress(text: string): Ipv4Address | undefined {
  const words = text.trim().split(/\s+/);
  const first = words[0] ?? "";
  const slash = first.indexOf("/");
  if (slash > 0) {
    const ip = first.slice(0, slash);
    const len = Number(first.slice(slash + 1));
    return isIpv4(ip) && Number.isInteger(len) && len >= 0 && len <= 32
      ? { ip, prefixLength: len }
      : undefined;
  }
  const len = maskToLength(words[1] ?? "");
  return isIpv4(first) && len !== undefined ? { ip: first, prefixLength: len } : undefined;
}

const ADDRESS_LINE = /^ip(?:v4)? address (.+)$/;

function isJunos(platform: SimPlatform): boolean {
  return platform === "juniper_junos";
}

/** Reads the shared model from the device state. */
export function readModel(state: DeviceState): DeviceModel {
  if (state.platform === "linux") return { hostname: state.hostname, interfaces: undefined };
  return {
    hostname: state.hostname,
    interfaces: isJunos(state.platform) ? readJunos(state.root) : readCisco(state.root),
  };
}

function readCisco(root: readonly ConfigNode[]): InterfaceModel[] {
  return root
    .filter((n) => /^interface\s+\S/.test(n.line))
    .map((n) => {
      const iface: InterfaceModel = {
        name: n.line.slice("interface".length).trim(),
        enabled: true,
        ipv4: [],
      };
      const secondary: Ipv4Address[] = [];
      for (const c of n.children) {
        const line = c.line.trim();
        if (line.startsWith("description ")) iface.description = line.slice("description ".length);
        else if (line === "shutdown") iface.enabled = false;
        else {
          const m = ADDRESS_LINE.exec(line);
          const address = m ? parseAddress(m[1]!) : undefined;
          if (address) (/\ssecondary$/.test(line) ? secondary : iface.ipv4).push(address);
        }
      }
      iface.ipv4.push(...secondary);
      return iface;
    });
}

const JUNOS_LINE = /^interfaces (\S+)(?: (.*))?$/;

function unquote(s: string): string {
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s;
}

function readJunos(root: readonly ConfigNode[]): InterfaceModel[] {
  const byName = new Map<string, InterfaceModel>();
  for (const n of root) {
    const m = JUNOS_LINE.exec(n.line);
    if (!m) continue;
    const name = m[1]!;
    let iface = byName.get(name);
    if (iface === undefined) {
      iface = { name, enabled: true, ipv4: [] };
      byName.set(name, iface);
    }
    const rest = m[2] ?? "";
    if (rest.startsWith("description ")) iface.description = unquote(rest.slice("description ".length));
    else if (rest === "disable") iface.enabled = false;
    else {
      const a = /^unit 0 family inet address (\S+)/.exec(rest);
      const address = a ? parseAddress(a[1]!) : undefined;
      if (address) iface.ipv4.push(address);
    }
  }
  return [...byName.values()];
}

function sameInterface(a: InterfaceModel, b: InterfaceModel): boolean {
  return (
    a.name === b.name &&
    (a.description ?? "") === (b.description ?? "") &&
    a.enabled === b.enabled &&
    a.ipv4.length === b.ipv4.length &&
    a.ipv4.every((x, i) => x.ip === b.ipv4[i]!.ip && x.prefixLength === b.ipv4[i]!.prefixLength)
  );
}

/**
 * Writes the model into the device state as one configuration change (CLI sessions see it at
 * once), touching only the lines the model covers. Returns whether anything changed.
 */
export function writeModel(state: DeviceState, next: DeviceModel, source: string): boolean {
  const current = readModel(state);
  const nodes = state.snapshot();
  let changed = false;
  if (next.interfaces !== undefined && current.interfaces !== undefined) {
    const before = new Map(current.interfaces.map((i) => [i.name, i]));
    const names = new Set(next.interfaces.map((i) => i.name));
    const write = isJunos(state.platform) ? writeJunosInterface : writeCiscoInterface;
    for (const iface of next.interfaces) {
      const old = before.get(iface.name);
      if (old && sameInterface(old, iface)) continue;
      write(nodes, state.platform, iface);
      changed = true;
    }
    for (const old of current.interfaces) {
      if (names.has(old.name)) continue;
      removeInterface(nodes, state.platform, old.name);
      changed = true;
    }
  }
  const renamed = next.hostname !== current.hostname;
  if (renamed && state.platform !== "linux") {
    const line = isJunos(state.platform) ? `system host-name ${next.hostname}` : `hostname ${next.hostname}`;
    const at = nodes.findIndex((n) => /^(hostname|system host-name)\s/.test(n.line));
    if (at >= 0) nodes[at]!.line = line;
    else nodes.unshift({ line, children: [] });
    changed = true;
  }
  if (changed) state.replace(nodes, source);
  if (renamed && state.platform === "linux") state.setHostname(next.hostname, source);
  return changed || renamed;
}

function addressLines(platform: SimPlatform, addresses: readonly Ipv4Address[]): string[] {
  return addresses.map((a, i) => {
    const secondary = i > 0 && platform !== "frr" ? " secondary" : "";
    if (platform === "cisco_iosxe") return `ip address ${a.ip} ${lengthToMask(a.prefixLength)}${secondary}`;
    if (platform === "cisco_iosxr") return `ipv4 address ${a.ip} ${lengthToMask(a.prefixLength)}${secondary}`;
    return `ip address ${a.ip}/${a.prefixLength}${secondary}`;
  });
}

function writeCiscoInterface(nodes: ConfigNode[], platform: SimPlatform, iface: InterfaceModel): void {
  const header = `interface ${iface.name}`;
  let section = nodes.find((n) => n.line === header);
  if (section === undefined) {
    section = { line: header, children: [] };
    // New interfaces go after the last interface section, as devices print them together.
    let at = -1;
    for (let i = 0; i < nodes.length; i++) if (/^interface\s/.test(nodes[i]!.line)) at = i;
    nodes.splice(at >= 0 ? at + 1 : nodes.length, 0, section);
  }
  const children = section.children.map((c) => c.line.trim());
  const isAddress = (l: string): boolean => ADDRESS_LINE.test(l) || /^no ipv?4? ?address$/.test(l);
  const isAdmin = (l: string): boolean => l === "shutdown" || l === "no shutdown";
  const firstAddress = children.findIndex(isAddress);
  const firstAdmin = children.findIndex(isAdmin);
  const hadNoAddress = children.some((l) => /^no ipv?4? ?address$/.test(l));
  const hadNoShutdown = children.includes("no shutdown");
  const addresses = addressLines(platform, iface.ipv4);
  if (addresses.length === 0 && hadNoAddress)
    addresses.push(platform === "cisco_iosxr" ? "no ipv4 address" : "no ip address");
  const admin = !iface.enabled
    ? ["shutdown"]
    : hadNoShutdown || platform === "cisco_nxos"
      ? ["no shutdown"]
      : [];
  // Rebuild in place: each group of lines goes where the old group was (the end when there was none).
  const out: string[] = [];
  if (iface.description !== undefined && iface.description !== "")
    out.push(`description ${iface.description}`);
  let addressesPlaced = false;
  let adminPlaced = false;
  for (const line of children) {
    if (line.startsWith("description ")) continue;
    if (isAddress(line)) {
      if (!addressesPlaced) out.push(...addresses);
      addressesPlaced = true;
      continue;
    }
    if (isAdmin(line)) {
      if (!adminPlaced) out.push(...admin);
      adminPlaced = true;
      continue;
    }
    out.push(line);
  }
  if (firstAddress < 0) out.push(...addresses);
  if (firstAdmin < 0) out.push(...admin);
  section.children = out.map((line) => ({ line, children: [] }));
}

function writeJunosInterface(nodes: ConfigNode[], _platform: SimPlatform, iface: InterfaceModel): void {
  const prefix = `interfaces ${iface.name} `;
  const owned = (line: string): boolean =>
    line.startsWith(prefix) &&
    /^(description |disable$|unit 0 family inet address )/.test(line.slice(prefix.length));
  let at = nodes.findIndex((n) => n.line.startsWith(prefix));
  if (at < 0) {
    at = -1;
    for (let i = 0; i < nodes.length; i++) if (nodes[i]!.line.startsWith("interfaces ")) at = i + 1;
    if (at < 0) at = nodes.length;
  }
  const lines: string[] = [];
  if (iface.description !== undefined && iface.description !== "") {
    const d = iface.description;
    lines.push(`${prefix}description ${/\s/.test(d) ? `"${d}"` : d}`);
  }
  if (!iface.enabled) lines.push(`${prefix}disable`);
  for (const a of iface.ipv4) lines.push(`${prefix}unit 0 family inet address ${a.ip}/${a.prefixLength}`);
  // Insert at the first line of this interface, then drop the old owned lines.
  const removedBefore = nodes.slice(0, at).filter((n) => owned(n.line)).length;
  const rest = nodes.filter((n) => !owned(n.line));
  rest.splice(at - removedBefore, 0, ...lines.map((line) => ({ line, children: [] })));
  nodes.splice(0, nodes.length, ...rest);
}

function removeInterface(nodes: ConfigNode[], platform: SimPlatform, name: string): void {
  const keep = isJunos(platform)
    ? nodes.filter((n) => !n.line.startsWith(`interfaces ${name} `) && n.line !== `interfaces ${name}`)
    : nodes.filter((n) => n.line !== `interface ${name}`);
  nodes.splice(0, nodes.length, ...keep);
}
