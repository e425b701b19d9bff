import {
  AuthenticationError,
  DisconnectedError,
  isPatchbayError,
  type TimeoutError,
  UnreachableError,
} from "@patchbay/core";
import { describe, expect, it } from "vitest";
import {
  authError,
  HttpStatusError,
  isRetryableRequestError,
  type MapRequestErrorContext,
  mapRequestError,
  RestconfError,
  TlsError,
} from "./errors.ts";

const ctx: MapRequestErrorContext = {
  deviceId: "r1",
  host: "10.0.0.1",
  platform: "arista_eos",
  secrets: ["hunter22"],
  operation: "GET /x",
  connectTimeoutMs: 1000,
  headersTimeoutMs: 2000,
  bodyTimeoutMs: 3000,
  verify: true,
};

function err(code: string, message = "boom"): Error {
  return Object.assign(new Error(message), { code });
}

describe("mapRequestError", () => {
  it("maps refused connections to UnreachableError, retryable unless the name does not resolve", () => {
    const e = mapRequestError(err("ECONNREFUSED"), ctx);
    expect(e).toBeInstanceOf(UnreachableError);
    expect(e.deviceId).toBe("r1");
    expect(isRetryableRequestError(e)).toBe(true);
    expect(isRetryableRequestError(mapRequestError(err("ENOTFOUND"), ctx))).toBe(false);
  });

  it("maps certificate failures to TlsError with a hint about the CA and verify", () => {
    const e = mapRequestError(err("DEPTH_ZERO_SELF_SIGNED_CERT", "self-signed certificate"), ctx);
    expect(e).toBeInstanceOf(TlsError);
    expect((e as TlsError).tlsCode).toBe("DEPTH_ZERO_SELF_SIGNED_CERT");
    expect(e.message).toContain("tls.ca");
    expect(e.message).toContain("verify: false");
    expect(isRetryableRequestError(e)).toBe(false);
  });

  it("maps undici timeouts to TimeoutError with the phase and limit", () => {
    const c = mapRequestError(err("UND_ERR_CONNECT_TIMEOUT"), ctx) as TimeoutError;
    const h = mapRequestError(err("UND_ERR_HEADERS_TIMEOUT"), ctx) as TimeoutError;
    const b = mapRequestError(err("UND_ERR_BODY_TIMEOUT"), ctx) as TimeoutError;
    expect([c.phase, h.phase, b.phase]).toEqual(["connect", "headers", "body"]);
    expect([c.timeoutMs, h.timeoutMs, b.timeoutMs]).toEqual([1000, 2000, 3000]);
    expect(isRetryableRequestError(h)).toBe(true);
    expect(isRetryableRequestError(b)).toBe(false);
  });

  it("maps a socket closed mid-request to DisconnectedError and masks secrets", () => {
    const e = mapRequestError(err("UND_ERR_SOCKET", "other side closed hunter22"), ctx);
    expect(e).toBeInstanceOf(DisconnectedError);
    expect(e.message).not.toContain("hunter22");
  });
});

describe("status errors", () => {
  it("401 and 403 are AuthenticationErrors that never carry the credentials", () => {
    const e = authError(401, { ...ctx, authType: "basic" });
    expect(e).toBeInstanceOf(AuthenticationError);
    expect(authError(403, { ...ctx, authType: "basic" }).message).toContain("403");
  });

  it("only 429, 502, 503 and 504 are retried", () => {
    const make = (status: number) =>
      new HttpStatusError("x", { status, method: "GET", path: "/", bodyExcerpt: "" });
    expect([429, 500, 502, 503, 504, 404].map((s) => isRetryableRequestError(make(s)))).toEqual([
      true,
      false,
      true,
      true,
      true,
      false,
    ]);
  });

  it("a RestconfError is an HttpStatusError with the first error's fields on top", () => {
    const e = new RestconfError("x", {
      status: 409,
      method: "POST",
      path: "/restconf/data",
      bodyExcerpt: "",
      errors: [
        { errorType: "application", errorTag: "data-exists", errorPath: "/a", errorMessage: "exists" },
      ],
    });
    expect(isPatchbayError(e, "HTTP_STATUS")).toBe(true);
    expect(e).toBeInstanceOf(HttpStatusError);
    expect([e.errorType, e.errorTag, e.errorPath, e.errorMessage]).toEqual([
      "application",
      "data-exists",
      "/a",
      "exists",
    ]);
  });
});
