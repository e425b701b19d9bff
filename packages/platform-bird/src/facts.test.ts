import { describe, expect, it } from "vitest";
import { parseBirdStatus, parseRouterId } from "./facts.ts";

const STATUS = [
  "BIRD 2.0.12",
  "Router ID is 10.254.0.2",
  "Hostname is vm",
  "Current server time is 2026-12-02 13:32:53.938",
  "Last reboot on 2026-12-01 12:30:46.106",
  "Last reconfiguration on 2026-12-02 13:32:46.106",
  "Daemon is up and running",
].join("\n");

describe("parseBirdStatus", () => {
  it("reads version, hostname and the uptime from show status, and leaves model and serial empty", () => {
    expect(parseBirdStatus(STATUS)).toEqual({
      hostname: "vm",
      vendor: "BIRD",
      model: "",
      serial: "",
      osVersion: "2.0.12",
      uptimeSeconds: 86_400 + 3600 + 2 * 60 + 7,
      raw: { "show status": STATUS },
    });
    expect(parseRouterId(STATUS)).toBe("10.254.0.2");
  });

  it("gives a null uptime and the fallback hostname when show status lacks them", () => {
    const facts = parseBirdStatus("BIRD 2.0.8\nDaemon is up and running\n", "r9");
    expect(facts.hostname).toBe("r9");
    expect(facts.osVersion).toBe("2.0.8");
    expect(facts.uptimeSeconds).toBeNull();
  });
});
