import { ConnectionValidationError, ConnectorDataError, createDevice } from "@patchbay/core";
import { describe, expect, it } from "vitest";
import { httpSecrets, httpSettings, resolveHttpOptions } from "./settings.ts";

const device = (data: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  createDevice({
    id: "r1",
    host: "10.0.0.1",
    platform: "arista_eos",
    username: "u",
    password: "pw-secret",
    data,
    ...extra,
  });

describe("resolveHttpOptions", () => {
  it("defaults to https on 443 with TLS verified and basic auth from the device's credentials", () => {
    const o = resolveHttpOptions(device());
    expect(o.origin).toBe("https://10.0.0.1:443");
    expect(o.tls.verify).toBe(true);
    expect(o.auth).toEqual({ type: "basic" });
    expect([o.username, o.password]).toEqual(["u", "pw-secret"]);
    expect(o.retries).toBe(2);
  });

  it("reads device.data.http, and code options win over it", () => {
    const o = resolveHttpOptions(
      device({
        http: {
          scheme: "http",
          allowInsecureBasicAuth: true,
          port: 8080,
          basePath: "/api/",
          tls: { verify: false },
          retries: 5,
        },
      }),
      { retries: 1 },
    );
    expect(o.origin).toBe("http://10.0.0.1:8080");
    expect(o.basePath).toBe("/api");
    expect(o.tls.verify).toBe(false);
    expect(o.retries).toBe(1);
  });

  it("refuses basic credentials over plain http unless allowInsecureBasicAuth is set, naming device and setting", () => {
    const err = (() => {
      try {
        resolveHttpOptions(device({ http: { scheme: "http" } }));
      } catch (e) {
        return e;
      }
    })() as ConnectionValidationError;
    expect(err).toBeInstanceOf(ConnectionValidationError);
    expect(err.deviceId).toBe("r1");
    expect(err.invalidFields.map((f) => f.field)).toEqual(["data.http.scheme"]);
    expect(err.message).toContain('device "r1"');
    expect(err.message).toContain("allowInsecureBasicAuth");
    expect(err.message).not.toContain("pw-secret");
    expect(() => resolveHttpOptions(device(), { scheme: "http" })).toThrow(ConnectionValidationError);
    expect(
      resolveHttpOptions(device({ http: { scheme: "http", allowInsecureBasicAuth: true } })).scheme,
    ).toBe("http");
    // Without credentials, or with another kind of auth, plain http is allowed.
    expect(
      resolveHttpOptions(device({ http: { scheme: "http" } }, { username: undefined, password: undefined }))
        .auth,
    ).toEqual({
      type: "none",
    });
    expect(resolveHttpOptions(device({ http: { scheme: "http" } }), { scheme: "https" }).scheme).toBe(
      "https",
    );
  });

  it("uses the device's port and brackets IPv6 hosts", () => {
    expect(resolveHttpOptions(device({}, { host: "::1", port: 8443 })).origin).toBe("https://[::1]:8443");
  });

  it("reports every bad key of device.data.http at once, with suggestions", () => {
    try {
      resolveHttpOptions(device({ http: { schem: "https", port: "x", tls: { verify: "no" } } }));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConnectorDataError);
      const keys = (e as ConnectorDataError).issues.map((i) => i.key).sort();
      expect(keys).toEqual(["http.port", "http.schem", "http.tls.verify"]);
    }
  });

  it("never shows an auth token in a validation message", () => {
    const r = httpSettings.safeParse({ auth: { type: "bearer", token: 42 } });
    expect(r.ok).toBe(false);
    expect(JSON.stringify(r)).not.toContain("42");
  });

  it("lists the password, token and passphrase as secrets", () => {
    const o = resolveHttpOptions(
      device({ http: { auth: { type: "bearer", token: "tok-123" }, tls: { passphrase: "pp-1" } } }),
    );
    expect(httpSecrets(o).sort()).toEqual(["pp-1", "pw-secret", "tok-123"]);
  });
});
