import type { Facts } from "@patchbay/capabilities";
import type { XmlElement } from "@patchbay/netconf";
import { parseUptimeSince } from "./internal/boot-time.ts";

export const IETF_SYSTEM = "urn:ietf:params:xml:ns:yang:ietf-system";
export const IOSXE_NATIVE = "http://cisco.com/ns/yang/Cisco-IOS-XE-native";
export const IOSXE_HARDWARE = "http://cisco.com/ns/yang/Cisco-IOS-XE-device-hardware-oper";

/**
 * Facts from IOS-XE NETCONF data: the hostname from the configuration (ietf-system or
 * Cisco-IOS-XE-native), version, chassis part number and serial, and boot time from the operational
 * `device-hardware-data` (or ietf-system's `system-state`). What the device does not serve stays
 * empty (uptime null).
 */
export function factsFromNetconf(
  config: readonly XmlElement[],
  state: readonly XmlElement[],
  raw: Record<string, string>,
  now: Date = new Date(),
): Facts {
  const hostname = leaf(config, ["system", "hostname"]) || leaf(config, ["native", "hostname"]);
  const hardware = ["device-hardware-data", "device-hardware"];
  const chassis = find(state, [...hardware, "device-inventory"]).find(
    (i) => child(i, "hw-type")?.text.trim() === "hw-type-chassis",
  );
  const version =
    leaf(state, [...hardware, "device-system-data", "software-version"]) ||
    leaf(state, ["system-state", "platform", "os-version"]);
  const boot =
    leaf(state, [...hardware, "device-system-data", "boot-time"]) ||
    leaf(state, ["system-state", "clock", "boot-datetime"]);
  const current =
    leaf(state, [...hardware, "device-system-data", "current-time"]) ||
    leaf(state, ["system-state", "clock", "current-datetime"]);
  return {
    hostname,
    vendor: "Cisco",
    model: child(chassis, "part-number")?.text.trim() ?? "",
    serial: child(chassis, "serial-number")?.text.trim() ?? "",
    // `Cisco IOS XE Software, Version 17.09.04a ...`: the version is the word after `Version`.
    osVersion: /Version\s+([^\s,]+)/.exec(version)?.[1] ?? version,
    uptimeSeconds: parseUptimeSince(boot, current, now),
    raw,
  };
}

function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => c.name === name);
}

/** Every element at `path` (local names) under the top-level `elements`. */
function find(elements: readonly XmlElement[], path: readonly string[]): XmlElement[] {
  let level = elements.filter((e) => e.name === path[0]);
  for (const name of path.slice(1)) level = level.flatMap((e) => e.children.filter((c) => c.name === name));
  return level;
}

function leaf(elements: readonly XmlElement[], path: readonly string[]): string {
  return find(elements, path)[0]?.text.trim() ?? "";
}
