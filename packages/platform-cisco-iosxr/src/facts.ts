import type { Facts } from "@patchbay/capabilities";

/**
 * Facts from IOS-XR's `show version` (version, uptime, processor line) and `show inventory`
 * (chassis PID and serial: the `Rack 0` or `Chassis` entry, else the first one).
 */
export function parseIosxrFacts(outputs: {
  version: string;
  inventory?: string | undefined;
  hostname: string;
}): Facts {
  const version = /Cisco IOS XR Software, Version\s+(\S+)/i.exec(outputs.version)?.[1] ?? "";
  const processor = /^cisco\s+(.+?)\s+(?:\([^)]*\)\s+)?processor/im.exec(outputs.version)?.[1]?.trim() ?? "";
  const uptime = /uptime is\s+(.+)$/im.exec(outputs.version)?.[1];
  const entries = [
    ...(outputs.inventory ?? "").matchAll(
      /NAME:\s*"([^"]*)"[^\n]*\n\s*PID:\s*([^,\n]*?)\s*,[^\n]*SN:\s*(\S*)/g,
    ),
  ].map((m) => ({ name: m[1] ?? "", pid: m[2] ?? "", serial: m[3] ?? "" }));
  const chassis = entries.find((e) => /^(Rack 0|Chassis)$/i.test(e.name)) ?? entries[0];
  const raw: Record<string, string> = { "show version": outputs.version };
  if (outputs.inventory !== undefined) raw["show inventory"] = outputs.inventory;
  return {
    hostname: outputs.hostname,
    vendor: "Cisco",
    model: chassis?.pid || processor,
    serial: chassis?.serial ?? "",
    osVersion: version,
    uptimeSeconds: uptime === undefined ? null : parseCiscoUptime(uptime),
    raw,
  };
}

/** `23 days 4 hours 17 minutes`, `1 week 2 days`, `3 years, 2 weeks`; null when unrecognised. */
export function parseCiscoUptime(text: string): number | null {
  const units: Record<string, number> = {
    year: 31_536_000,
    week: 604_800,
    day: 86_400,
    hour: 3_600,
    minute: 60,
    second: 1,
  };
  let total = 0;
  let found = false;
  for (const m of text.matchAll(/(\d+)\s+(year|week|day|hour|minute|second)s?/gi)) {
    total += Number(m[1]) * (units[m[2]!.toLowerCase()] ?? 0);
    found = true;
  }
  return found ? total : null;
}
