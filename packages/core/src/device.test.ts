import { describe, expect, it } from "vitest";
import { createDevice, type DeviceInput, deviceSecrets, normalizePlatform } from "./device.ts";
import { ConnectionValidationError } from "./errors.ts";

describe("createDevice", () => {
  it("accepts ip as an alias of host and a platform object with shortName", () => {
    const d = createDevice({ ip: "10.0.0.1", platform: { shortName: "Cisco-IOS" }, username: "u" });
    expect(d.host).toBe("10.0.0.1");
    expect(d.id).toBe("10.0.0.1");
    expect(d.platform).toBe("cisco_ios");
    expect(Object.isFrozen(d)).toBe(true);
  });

  it("reports every missing field at once, with the device id", () => {
    let caught: unknown;
    try {
      createDevice({ id: "r1" }, ["username", "password"]);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ConnectionValidationError);
    const e = caught as ConnectionValidationError;
    expect(e.missingFields).toEqual(["host", "platform", "username", "password"]);
    expect(e.deviceId).toBe("r1");
    expect(e.message).toContain('device "r1"');
    expect(e.message).toContain("host, platform, username, password");
  });

  it("reports platform: null as a missing platform (a ConnectionValidationError, not a TypeError)", () => {
    const input = { id: "r1", host: "10.0.0.1", platform: null } as unknown as DeviceInput;
    let caught: unknown;
    try {
      createDevice(input);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ConnectionValidationError);
    expect((caught as ConnectionValidationError).missingFields).toEqual(["platform"]);
    expect((caught as Error).message).toContain('device "r1"');
  });

  it("reports wrong fields with the reason, and never echoes the password", () => {
    let caught: unknown;
    try {
      createDevice({ host: "h", platform: "linux", port: 70000, password: 42 as never, data: [] as never });
    } catch (e) {
      caught = e;
    }
    const e = caught as ConnectionValidationError;
    expect(e.invalidFields.map((f) => f.field)).toEqual(["port", "password", "data"]);
    expect(e.message).toContain("1 to 65535");
    expect(e.message).not.toContain("42");
  });

  it("rejects a platform that is not an id", () => {
    expect(() => createDevice({ host: "h", platform: "cisco/ios" })).toThrow(/not a platform id/);
  });

  it("normalises platform names", () => {
    expect(normalizePlatform(" Arista EOS ")).toBe("arista_eos");
  });

  it("collects the secrets of a device for masking", () => {
    const d = createDevice({
      host: "h",
      platform: "linux",
      password: "pw1",
      data: { enableSecret: "en1", other: "x" },
    });
    expect(deviceSecrets(d)).toEqual(["pw1", "en1"]);
  });
});
