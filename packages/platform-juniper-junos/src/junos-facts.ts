import type { Facts } from "@patchbay/capabilities";
import type { XmlElement } from "@patchbay/netconf";

/**
 * Facts from the Junos CLI: `show version` (hostname, model, version), `show chassis hardware`
 * (chassis serial) and `show system uptime` (time since boot).
 */
export function parseJunosCliFacts(outputs: {
  version: string;
  hardware?: string | undefined;
  uptime?: string | undefined;
}): Facts {
  const field = (name: string): string =>
    new RegExp(`^${name}:\\s*(.+?)\\s*$`, "m").exec(outputs.version)?.[1] ?? "";
  const chassis = /^Chassis\s.*$/m.exec(outputs.hardware ?? "")?.[0];
  const columns = chassis?.trim().split(/\s{2,}/) ?? [];
  const booted = /System booted:.*\(([^)]*?)\s*ago\)/.exec(outputs.uptime ?? "")?.[1];
  const raw: Record<string, string> = { "show version": outputs.version };
  if (outputs.hardware !== undefined) raw["show chassis hardware"] = outputs.hardware;
  if (outputs.uptime !== undefined) raw["show system uptime"] = outputs.uptime;
  return {
    hostname: field("Hostname"),
    vendor: "Juniper",
    model: field("Model"),
    // `Chassis  <serial>  <description>`: the serial is the column before the description.
    serial: columns.length >= 3 ? (columns[columns.length - 2] ?? "") : "",
    osVersion: field("Junos") || (/JUNOS .*\[(\S+)\]/.exec(outputs.version)?.[1] ?? ""),
    uptimeSeconds: booted === undefined ? null : parseJunosDuration(booted),
    raw,
  };
}

/** Junos durations: `3w2d 04:17`, `1d 02:03:04`, `00:15`, `2d 3h`; null when unrecognised. */
export function parseJunosDuration(text: string): number | null {
  let total = 0;
  let found = false;
  for (const m of text.matchAll(/(\d+)([wdhms])/g)) {
    total += Number(m[1]) * ({ w: 604_800, d: 86_400, h: 3_600, m: 60, s: 1 }[m[2] as "w"] ?? 0);
    found = true;
  }
  const clock = /(?:^|\s)(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s|$)/.exec(text);
  if (clock) {
    total += Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3] ?? 0);
    found = true;
  }
  return found ? total : null;
}

function find(elements: readonly XmlElement[], name: string): XmlElement | undefined {
  for (const el of elements) {
    if (el.name === name) return el;
    const inner = find(el.children, name);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

/**
 * Facts from Junos XML RPCs (real Junos devices, which announce
 * `http://xml.juniper.net/netconf/junos/1.0`): `get-software-information`, `get-chassis-inventory`
 * and `get-system-uptime-information`.
 */
export function factsFromJunosRpcs(replies: {
  software: readonly XmlElement[];
  chassis?: readonly XmlElement[] | undefined;
  uptime?: readonly XmlElement[] | undefined;
  raw: Record<string, string>;
}): Facts {
  const text = (elements: readonly XmlElement[] | undefined, name: string): string =>
    find(elements ?? [], name)?.text.trim() ?? "";
  const chassis = find(replies.chassis ?? [], "chassis");
  const booted = find(replies.uptime ?? [], "system-booted-time");
  const seconds = booted === undefined ? undefined : find([booted], "time-length");
  const secondsAttr =
    seconds === undefined
      ? undefined
      : Object.entries(seconds.attributes).find(([k]) => k.endsWith("seconds"));
  return {
    hostname: text(replies.software, "host-name"),
    vendor: "Juniper",
    model: text(replies.software, "product-model"),
    serial:
      chassis === undefined
        ? ""
        : (chassis.children.find((c) => c.name === "serial-number")?.text.trim() ?? ""),
    osVersion: text(replies.software, "junos-version"),
    uptimeSeconds:
      secondsAttr !== undefined && /^\d+$/.test(secondsAttr[1])
        ? Number(secondsAttr[1])
        : seconds !== undefined
          ? parseJunosDuration(seconds.text)
          : null,
    raw: replies.raw,
  };
}
