import { OperationAbortedError, TimeoutError } from "@patchbay/core";
import { describe, expect, it } from "vitest";
import { cookieHeader, cookieValues } from "./cookies.ts";
import { queryString } from "./query.ts";
import { RequestDeadline } from "./request-deadline.ts";
import { retryAfterMs, retryDelay } from "./retry.ts";

describe("retryDelay", () => {
  it("grows exponentially from the minimum and stays under the maximum", () => {
    expect(retryDelay(1, 100, 2000, () => 0)).toBe(100);
    expect(retryDelay(1, 100, 2000, () => 1)).toBe(200);
    expect(retryDelay(3, 100, 2000, () => 1)).toBe(800);
    expect(retryDelay(10, 100, 2000, () => 1)).toBe(2000);
  });
});

describe("retryAfterMs", () => {
  it("reads seconds and HTTP dates, capped at the maximum", () => {
    expect(retryAfterMs("1", 5000)).toBe(1000);
    expect(retryAfterMs("120", 5000)).toBe(5000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 60_000, 8_000)).toBe(2000);
    expect(retryAfterMs(undefined, 5000)).toBeUndefined();
    expect(retryAfterMs("soon", 5000)).toBeUndefined();
  });
});

describe("RequestDeadline", () => {
  it("aborts with a typed TimeoutError naming the device and operation", async () => {
    const d = new RequestDeadline({ deviceId: "r1" }, "GET /x", 1, undefined);
    await new Promise<void>((resolve) => d.once("abort", resolve));
    expect(d.aborted).toBe(true);
    expect(d.reason).toBeInstanceOf(TimeoutError);
    expect((d.reason as Error).message).toBe('device "r1": GET /x timed out after 1 ms.');
  });

  it("turns the caller's abort into OperationAbortedError, also for a sleep and a derived AbortSignal", async () => {
    const caller = new AbortController();
    const d = new RequestDeadline({ deviceId: "r1" }, "POST /y", 60_000, caller.signal);
    const signal = d.toAbortSignal();
    const slept = d.sleep(60_000);
    caller.abort(new Error("user"));
    await expect(slept).rejects.toBeInstanceOf(OperationAbortedError);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(d.reason);
    expect(() => d.throwIfDone()).toThrow("POST /y was aborted by the caller");
  });

  it("is aborted at once for an already aborted signal, and stops listening when disposed", () => {
    expect(new RequestDeadline({}, "GET /", 1000, AbortSignal.abort()).aborted).toBe(true);
    const caller = new AbortController();
    const d = new RequestDeadline({}, "GET /", 60_000, caller.signal);
    d.dispose();
    caller.abort();
    expect(d.aborted).toBe(false);
  });
});

describe("cookieHeader", () => {
  it("keeps name=value of each Set-Cookie, the last of a name winning", () => {
    expect(cookieHeader(["Session=abc; Path=/; HttpOnly", "theme=dark", "Session=def; Secure"])).toBe(
      "Session=def; theme=dark",
    );
    expect(cookieHeader("a=1; Max-Age=3")).toBe("a=1");
    expect(cookieHeader(["garbage"])).toBeUndefined();
    expect(cookieHeader(undefined)).toBeUndefined();
  });

  it("lists cookie values for masking", () => {
    expect(cookieValues("Session=def; theme=dark")).toEqual(["def", "dark"]);
  });
});

describe("queryString", () => {
  it("encodes keys and values, repeats arrays and skips undefined", () => {
    expect(queryString({ depth: 2, fields: "name;description", x: undefined, k: ["a b", 1] })).toBe(
      "?depth=2&fields=name%3Bdescription&k=a%20b&k=1",
    );
    expect(queryString({ x: undefined })).toBe("");
    expect(queryString(undefined)).toBe("");
  });
});
