import type { Facts } from "@patchbay/capabilities";

/**
 * Facts from vtysh's `show version`: `FRRouting 8.4.4 (frr1) on Linux(6.1.0-18-amd64).`. FRR prints
 * no uptime, serial or hardware there; those stay empty (uptime `null`) rather than guessed.
 */
export function parseFrrVersion(output: string, fallbackHostname = ""): Facts {
  const head = /FRRouting\s+(\S+)\s+\(([^)]*)\)(?:\s+on\s+(\S+?)\.?\s*$)?/m.exec(output);
  const uptime = /uptime is\s+(.+)$/im.exec(output)?.[1];
  return {
    hostname: head?.[2]?.trim() || fallbackHostname,
    vendor: "FRRouting",
    model: "",
    serial: "",
    osVersion: head?.[1] ?? "",
    uptimeSeconds: uptime === undefined ? null : parseUptime(uptime),
    raw: { "show version": output },
  };
}

/** `3 days, 04:17:33`, `1d02h`, `2 weeks 3 days 04 hours` style uptimes, in seconds; null if unknown. */
export function parseUptime(text: string): number | null {
  const units: Record<string, number> = { w: 604_800, d: 86_400, h: 3_600, m: 60, s: 1 };
  let total = 0;
  let found = false;
  const clock = /(\d+):(\d{2}):(\d{2})/.exec(text);
  if (clock) {
    total += Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
    found = true;
  }
  const rest = clock ? text.replace(clock[0], "") : text;
  for (const m of rest.matchAll(/(\d+)\s*(w|d|h|m|s)[a-z]*/gi)) {
    total += Number(m[1]) * (units[m[2]!.toLowerCase()] ?? 0);
    found = true;
  }
  return found ? total : null;
}
