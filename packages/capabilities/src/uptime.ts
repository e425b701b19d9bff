const UNIT_SECONDS: Record<string, number> = {
  year: 365 * 86_400,
  week: 7 * 86_400,
  day: 86_400,
  hour: 3_600,
  minute: 60,
  second: 1,
};

/**
 * Seconds in an uptime as network devices print it (Cisco, Arista) (`3 weeks, 2 days, 4 hours, 17 minutes`,
 * `23 day(s), 4 hour(s), 17 minute(s), 33 second(s)`, `1 year, 5 weeks and 1 minute`); null when
 * no unit is recognised.
 */
export function parseUptime(text: string): number | null {
  let total = 0;
  let found = false;
  for (const m of text.matchAll(/(\d+)\s*(year|week|day|hour|minute|second)s?(?:\(s\))?/gi)) {
    const unit = UNIT_SECONDS[(m[2] as string).toLowerCase()];
    if (unit === undefined) continue;
    total += Number(m[1]) * unit;
    found = true;
  }
  return found ? total : null;
}
