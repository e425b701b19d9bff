import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeBgpState } from "./bgp.ts";
import { findGetter, GETTERS } from "./catalog.ts";
import { normalizeMac } from "./common.ts";
import { interfacesSchema } from "./interfaces.ts";
import { parsePrefix, routesSchema } from "./routes.ts";

describe("normalizeMac", () => {
  it("reads every vendor spelling into lower-case colon form", () => {
    for (const v of ["AA-BB-CC-00-11-22", "aabb.cc00.1122", "aa:bb:cc:00:11:22", " AABBCC001122 "]) {
      expect(normalizeMac(v)).toBe("aa:bb:cc:00:11:22");
    }
  });
  it("gives null for what is not a MAC address", () => {
    for (const v of ["<incomplete>", "", "aa:bb:cc:00:11", "zz:bb:cc:00:11:22", null, undefined]) {
      expect(normalizeMac(v)).toBeNull();
    }
  });
  it("is idempotent on any 48-bit value", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 6, maxLength: 6 }), (bytes) => {
        const mac = [...bytes].map((b) => b.toString(16).padStart(2, "0").toUpperCase()).join("-");
        const once = normalizeMac(mac);
        expect(once).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
        expect(normalizeMac(once)).toBe(once);
      }),
      { seed: 11, numRuns: 200 },
    );
  });
});

describe("parsePrefix", () => {
  it("reads prefixes and host addresses of both families", () => {
    expect(parsePrefix("10.0.0.0/8")).toEqual({
      address: "10.0.0.0",
      length: 8,
      family: 4,
      prefix: "10.0.0.0/8",
    });
    expect(parsePrefix("10.1.2.3")?.prefix).toBe("10.1.2.3/32");
    expect(parsePrefix("2001:db8::/32")?.family).toBe(6);
    expect(parsePrefix("::1")?.prefix).toBe("::1/128");
  });
  it("refuses lengths out of range and text a device would read as a command", () => {
    for (const v of [
      "10.0.0.0/33",
      "2001:db8::/129",
      "10.0.0.0/8 | include x",
      "300.1.1.1",
      "",
      "bgp",
      "1.2.3.4/8/9",
    ]) {
      expect(parsePrefix(v)).toBeNull();
    }
  });
  it("never accepts a string holding a space, pipe or quote", () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom(" ", "|", '"', ";", "\n"), fc.string(), (a, bad, b) => {
        expect(parsePrefix(`10.0.0.0${a}${bad}${b}`)).toBeNull();
      }),
      { seed: 12, numRuns: 300 },
    );
  });
});

describe("normalizeBgpState", () => {
  it("maps vendor state words to the RFC 4271 states", () => {
    expect(normalizeBgpState("Established")).toBe("established");
    expect(normalizeBgpState("Idle (Admin)")).toBe("idle");
    expect(normalizeBgpState("OpenSent")).toBe("opensent");
    expect(normalizeBgpState("Clearing")).toBeNull();
  });
});

describe("schemas", () => {
  it("refuse vendor strings where a number or boolean belongs", () => {
    const row = {
      name: "eth0",
      description: null,
      enabled: true,
      up: true,
      speedMbps: 1000,
      mtu: 1500,
      macAddress: "aa:bb:cc:00:11:22",
      lastFlappedSeconds: null,
    };
    expect(interfacesSchema.safeParse([row]).success).toBe(true);
    expect(interfacesSchema.safeParse([{ ...row, up: "up" }]).success).toBe(false);
    expect(interfacesSchema.safeParse([{ ...row, speedMbps: "1Gb/s" }]).success).toBe(false);
    expect(interfacesSchema.safeParse([{ ...row, macAddress: "AABB.CC00.1122" }]).success).toBe(false);
    expect(interfacesSchema.safeParse([{ ...row, extra: 1 }]).success).toBe(false);
  });
  it("take null for absent values of a route", () => {
    const route = {
      prefix: "10.200.0.0/24",
      protocol: "bgp",
      active: true,
      preference: 20,
      metric: 0,
      vrf: "default",
      nextHops: [{ address: "10.254.0.2", interface: "pbb1", active: true }],
    };
    expect(routesSchema.safeParse([route]).success).toBe(true);
    expect(routesSchema.safeParse([{ ...route, metric: null, nextHops: [] }]).success).toBe(true);
    expect(routesSchema.safeParse([{ ...route, protocol: "B" }]).success).toBe(false);
  });
  it("the catalog names each getter once and finds it by name", () => {
    expect(new Set(GETTERS.map((d) => d.name)).size).toBe(GETTERS.length);
    expect(findGetter("route-to")?.takesPrefix).toBe(true);
    expect(findGetter("ip route")).toBeUndefined();
    for (const d of GETTERS) expect(d.capability.methods).toContain(d.method);
  });
});
