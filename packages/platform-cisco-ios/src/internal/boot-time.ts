/**
 * Seconds between a boot time and the device's current time (both as the device writes them, ISO
 * 8601 with an offset); the local clock stands in when the device does not say its time. Null when
 * the boot time is missing or unreadable.
 */
export function parseUptimeSince(boot: string, current: string, now: Date = new Date()): number | null {
  if (boot === "") return null;
  const from = Date.parse(boot);
  if (Number.isNaN(from)) return null;
  const to = current === "" ? now.getTime() : Date.parse(current);
  if (Number.isNaN(to) || to < from) return null;
  return Math.floor((to - from) / 1000);
}
