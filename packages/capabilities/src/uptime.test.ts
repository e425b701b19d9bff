import { describe, expect, it } from "vitest";
import { parseUptime } from "./uptime.ts";

describe("parseUptime", () => {
  it("reads the ways devices print uptimes", () => {
    expect(parseUptime("3 weeks, 2 days, 4 hours, 17 minutes")).toBe(
      3 * 604_800 + 2 * 86_400 + 4 * 3_600 + 17 * 60,
    );
    expect(parseUptime("23 day(s), 4 hour(s), 17 minute(s), 33 second(s)")).toBe(
      23 * 86_400 + 4 * 3_600 + 17 * 60 + 33,
    );
    expect(parseUptime("1 year, 5 weeks and 1 minute")).toBe(365 * 86_400 + 5 * 604_800 + 60);
  });

  it("is null when no unit is recognised", () => {
    expect(parseUptime("since boot")).toBeNull();
  });
});
