import type { Facts } from "@patchbay/capabilities";

/**
 * Facts from birdc's `show status`:
 * ```
 * BIRD 2.0.12
 * Router ID is 10.254.0.2
 * Hostname is r1
 * Current server time is 2026-12-02 13:32:53.938
 * Last reboot on 2026-12-02 13:32:46.106
 * ```
 * The uptime is the server time minus the last reboot (both printed by the daemon, in its clock).
 * BIRD has no model or serial number: those stay empty, never guessed.
 */
export function parseBirdStatus(output: string, fallbackHostname = ""): Facts {
  const version = /^BIRD\s+(\S+)/m.exec(output)?.[1] ?? "";
  const hostname = /^Hostname is\s+(\S+)/m.exec(output)?.[1] ?? fallbackHostname;
  const now = birdTime(/^Current server time is\s+(.+)$/m.exec(output)?.[1]);
  const boot = birdTime(/^Last reboot on\s+(.+)$/m.exec(output)?.[1]);
  return {
    hostname,
    vendor: "BIRD",
    model: "",
    serial: "",
    osVersion: version,
    uptimeSeconds:
      now !== undefined && boot !== undefined && now >= boot ? Math.floor((now - boot) / 1000) : null,
    raw: { "show status": output },
  };
}

/** The router ID `show status` prints, or undefined. */
export function parseRouterId(output: string): string | undefined {
  return /^Router ID is\s+(\S+)/m.exec(output)?.[1];
}

// `2026-12-02 13:32:53.938` in milliseconds (the daemon's clock; only differences are used).
function birdTime(text: string | undefined): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})\s+(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?/.exec(text?.trim() ?? "");
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, ms] = m.map(Number) as number[];
  return Date.UTC(y as number, (mo as number) - 1, d, h, mi, s, Number.isNaN(ms) ? 0 : ms);
}
