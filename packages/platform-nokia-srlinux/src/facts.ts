import type { Facts } from "@patchbay/capabilities";

/** The `Key : value` fields of SR Linux's `show version` (the JSON-RPC `cli` gives the same as JSON). */
export function parseShowVersionFields(output: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of output.split(/\r?\n/)) {
    const m = /^([A-Za-z][\w ]*?)\s*:\s(.*)$/.exec(line);
    if (m) fields[m[1]!] = m[2]!.trim();
  }
  return fields;
}

/**
 * Facts from SR Linux's `show version` fields (`Hostname`, `Chassis Type`, `Serial Number`,
 * `Software Version`, `Last Booted`). The uptime is counted from `Last Booted` to `now`; null when
 * the boot time is missing or not a date.
 */
export function srlinuxFacts(
  fields: Readonly<Record<string, string>>,
  raw: Record<string, string>,
  now: Date = new Date(),
): Facts {
  const booted = Date.parse(fields["Last Booted"] ?? "");
  return {
    hostname: fields.Hostname ?? "",
    vendor: "Nokia",
    model: fields["Chassis Type"] ?? "",
    serial: fields["Serial Number"] ?? "",
    osVersion: fields["Software Version"] ?? "",
    uptimeSeconds: Number.isNaN(booted) ? null : Math.max(0, Math.floor((now.getTime() - booted) / 1000)),
    raw,
  };
}
