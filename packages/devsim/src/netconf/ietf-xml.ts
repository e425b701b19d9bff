import {
  type DeviceModel,
  type InterfaceModel,
  type Ipv4Address,
  interfaceType,
  isIpv4,
  isValidHostname,
  maskToLength,
} from "../model.ts";
import { RpcError } from "./rpc-error.ts";
import { child, el, leaf, type XmlElement } from "./xml.ts";

const IF_NS = "urn:ietf:params:xml:ns:yang:ietf-interfaces";
const IP_NS = "urn:ietf:params:xml:ns:yang:ietf-ip";
const SYS_NS = "urn:ietf:params:xml:ns:yang:ietf-system";
const IANAIFT_NS = "urn:ietf:params:xml:ns:yang:iana-if-type";

function setLeaf(parent: XmlElement, name: string, ns: string, text: string | undefined, at?: number): void {
  const i = parent.children.findIndex((c) => c.name === name && c.ns === ns);
  if (text === undefined) {
    if (i >= 0) parent.children.splice(i, 1);
    return;
  }
  if (i >= 0) {
    const existing = parent.children[i]!;
    existing.children = [];
    existing.text = text;
    return;
  }
  const node = leaf(name, ns, text);
  if (at !== undefined) parent.children.splice(Math.min(at, parent.children.length), 0, node);
  else parent.children.push(node);
}

function container(parent: XmlElement, name: string, ns: string): XmlElement {
  let c = child(parent, name, ns);
  if (c === undefined) {
    c = el(name, ns);
    parent.children.push(c);
  }
  return c;
}

function addressElement(a: Ipv4Address): XmlElement {
  return el("address", IP_NS, [
    leaf("ip", IP_NS, a.ip),
    leaf("prefix-length", IP_NS, String(a.prefixLength)),
  ]);
}

/**
 * Writes the model into a datastore's top element in place: ietf-system `system/hostname` and the
 * ietf-interfaces entries (name, description, type, enabled, ietf-ip addresses). Everything else
 * in the datastore, including other leaves of the same interfaces, is kept.
 */
export function modelIntoXml(root: XmlElement, model: DeviceModel): void {
  const system = container(root, "system", SYS_NS);
  setLeaf(system, "hostname", SYS_NS, model.hostname);
  if (model.interfaces === undefined) return;
  const interfaces = container(root, "interfaces", IF_NS);
  const wanted = new Map(model.interfaces.map((i) => [i.name, i]));
  interfaces.children = interfaces.children.filter(
    (c) => !(c.name === "interface" && c.ns === IF_NS) || wanted.has(nameOf(c) ?? ""),
  );
  for (const iface of model.interfaces) {
    let entry = interfaces.children.find(
      (c) => c.name === "interface" && c.ns === IF_NS && nameOf(c) === iface.name,
    );
    if (entry === undefined) {
      entry = el("interface", IF_NS, [leaf("name", IF_NS, iface.name)]);
      interfaces.children.push(entry);
    }
    setLeaf(entry, "description", IF_NS, iface.description, 1);
    if (child(entry, "type", IF_NS) === undefined) {
      const type = leaf("type", IF_NS, interfaceType(iface.name));
      type.decls = { ianaift: IANAIFT_NS };
      const at = entry.children.findIndex((c) => c.name === "description") + 1 || 1;
      entry.children.splice(at, 0, type);
    }
    setLeaf(entry, "enabled", IF_NS, String(iface.enabled));
    const current = child(entry, "ipv4", IP_NS);
    if (iface.ipv4.length === 0 && current === undefined) continue;
    const ipv4 = current ?? container(entry, "ipv4", IP_NS);
    const others = ipv4.children.filter((c) => !(c.name === "address" && c.ns === IP_NS));
    ipv4.children = [...others, ...iface.ipv4.map(addressElement)];
    if (ipv4.children.length === 0) entry.children = entry.children.filter((c) => c !== ipv4);
  }
  for (const entry of interfaces.children)
    if (entry.name === "interface" && entry.ns === IF_NS) orderLeaves(entry);
}

const LEAF_ORDER = ["name", "description", "type", "enabled"];

/** Puts the ietf-interfaces leaves first, in the module's order (merges append new leaves last). */
function orderLeaves(entry: XmlElement): void {
  const rank = (c: XmlElement): number => {
    const i = c.ns === IF_NS ? LEAF_ORDER.indexOf(c.name) : -1;
    return i < 0 ? LEAF_ORDER.length : i;
  };
  entry.children = entry.children
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i)
    .map((x) => x.c);
}

function nameOf(entry: XmlElement): string | undefined {
  const n = child(entry, "name", IF_NS) ?? child(entry, "name");
  return n?.text.trim();
}

/** Reads the model back from a datastore's top element; `current` supplies what the XML lacks. */
export function modelFromXml(root: XmlElement, current: DeviceModel): DeviceModel {
  const hostname = child(
    child(root, "system", SYS_NS) ?? el("system", SYS_NS),
    "hostname",
    SYS_NS,
  )?.text.trim();
  const out: DeviceModel = { hostname: hostname || current.hostname, interfaces: current.interfaces };
  if (current.interfaces === undefined) return out;
  const interfaces = child(root, "interfaces", IF_NS);
  out.interfaces = (interfaces?.children ?? [])
    .filter((c) => c.name === "interface" && c.ns === IF_NS)
    .map((entry) => {
      const iface: InterfaceModel = {
        name: nameOf(entry) ?? "",
        description: child(entry, "description", IF_NS)?.text,
        enabled: child(entry, "enabled", IF_NS)?.text.trim() !== "false",
        ipv4: [],
      };
      for (const a of child(entry, "ipv4", IP_NS)?.children ?? []) {
        if (a.name !== "address" || a.ns !== IP_NS) continue;
        const ip = child(a, "ip", IP_NS)?.text.trim() ?? "";
        const len = child(a, "prefix-length", IP_NS)?.text.trim();
        const mask = child(a, "netmask", IP_NS)?.text.trim();
        const prefixLength =
          len !== undefined ? Number(len) : mask !== undefined ? maskToLength(mask) : undefined;
        if (prefixLength !== undefined) iface.ipv4.push({ ip, prefixLength });
      }
      return iface;
    });
  return out;
}

/**
 * Checks the parts of a datastore the model maps (what YANG validation would reject and the CLI
 * configuration could not carry). Returns one error per problem.
 */
export function validateModelXml(root: XmlElement): RpcError[] {
  const errors: RpcError[] = [];
  const ns = { sys: SYS_NS, if: IF_NS, ip: IP_NS };
  const bad = (
    tag: "invalid-value" | "missing-element" | "data-exists",
    message: string,
    xpath: string,
    badElement?: string,
  ) =>
    errors.push(
      new RpcError("application", tag, message, {
        path: { xpath, ns },
        ...(badElement ? { info: { badElement } } : {}),
      }),
    );
  const hostname = child(child(root, "system", SYS_NS) ?? el("x", ""), "hostname", SYS_NS);
  if (hostname && !isValidHostname(hostname.text.trim()))
    bad(
      "invalid-value",
      `hostname "${hostname.text}" is not a valid host name (one word of letters, digits, ".", "-", "_")`,
      "/sys:system/sys:hostname",
      "hostname",
    );
  const interfaces = child(root, "interfaces", IF_NS);
  const seen = new Set<string>();
  for (const entry of interfaces?.children ?? []) {
    if (entry.name !== "interface" || entry.ns !== IF_NS) continue;
    const name = nameOf(entry);
    if (name === undefined || name === "") {
      bad("missing-element", "an interface entry needs a <name>", "/if:interfaces/if:interface", "name");
      continue;
    }
    const at = `/if:interfaces/if:interface[if:name=${name.includes("'") ? `"${name}"` : `'${name}'`}]`;
    if (/\s/.test(name))
      bad("invalid-value", `interface name "${name}" contains white space`, `${at}/if:name`, "name");
    if (seen.has(name)) bad("data-exists", `interface "${name}" is listed twice`, at, "interface");
    seen.add(name);
    const description = child(entry, "description", IF_NS);
    if (description && /[\r\n]/.test(description.text))
      bad("invalid-value", "an interface description is one line", `${at}/if:description`, "description");
    const enabled = child(entry, "enabled", IF_NS)?.text.trim();
    if (enabled !== undefined && enabled !== "true" && enabled !== "false")
      bad("invalid-value", `enabled must be true or false, got "${enabled}"`, `${at}/if:enabled`, "enabled");
    for (const a of child(entry, "ipv4", IP_NS)?.children ?? []) {
      if (a.name !== "address" || a.ns !== IP_NS) continue;
      const ip = child(a, "ip", IP_NS)?.text.trim() ?? "";
      const where = `${at}/ip:ipv4/ip:address[ip:ip='${ip}']`;
      if (!isIpv4(ip)) bad("invalid-value", `"${ip}" is not an IPv4 address`, `${where}/ip:ip`, "ip");
      const len = child(a, "prefix-length", IP_NS)?.text.trim();
      const mask = child(a, "netmask", IP_NS)?.text.trim();
      if (len !== undefined) {
        if (!/^\d+$/.test(len) || Number(len) > 32)
          bad(
            "invalid-value",
            `prefix-length must be 0..32, got "${len}"`,
            `${where}/ip:prefix-length`,
            "prefix-length",
          );
      } else if (mask !== undefined) {
        if (maskToLength(mask) === undefined)
          bad("invalid-value", `"${mask}" is not a netmask`, `${where}/ip:netmask`, "netmask");
      } else
        bad(
          "missing-element",
          "an IPv4 address needs a <prefix-length> or <netmask>",
          where,
          "prefix-length",
        );
    }
  }
  return errors;
}

/**
 * RFC 6243 with-defaults on a reply's nodes (copies, changed in place): `trim` leaves out leaves
 * equal to their YANG default (ietf-interfaces `enabled` true), `report-all` adds them where missing,
 * `explicit` (the basic mode) reports what is set, which is what the datastores hold.
 */
export function applyWithDefaults(nodes: XmlElement[], mode: "report-all" | "trim" | "explicit"): void {
  if (mode === "explicit") return;
  for (const top of nodes) {
    if (top.name !== "interfaces" || top.ns !== IF_NS) continue;
    for (const entry of top.children) {
      if (entry.name !== "interface" || entry.ns !== IF_NS) continue;
      const enabled = child(entry, "enabled", IF_NS);
      if (mode === "trim" && enabled?.text.trim() === "true")
        entry.children = entry.children.filter((c) => c !== enabled);
      if (mode === "report-all" && enabled === undefined && entry.children.length > 0)
        setLeaf(entry, "enabled", IF_NS, "true");
    }
  }
}
