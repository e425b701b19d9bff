import { describe, expect, it } from "vitest";
import { cookieHeader, cookieValues } from "./cookies.ts";
import { queryString } from "./query.ts";
import { retryAfterMs, retryDelay, sleep } from "./retry.ts";

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

describe("sleep", () => {
  it("rejects with the signal's reason when aborted", async () => {
    const c = new AbortController();
    const p = sleep(60_000, c.signal);
    c.abort(new Error("stop"));
    await expect(p).rejects.toThrow("stop");
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
