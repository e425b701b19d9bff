import { isPatchbayError } from "@patchbay/core";
import { describe, expect, it } from "vitest";
import { BufferedResponse, excerpt } from "./response.ts";

describe("BufferedResponse", () => {
  const make = (body: string) =>
    new BufferedResponse(
      200,
      { "content-type": "application/json", "set-cookie": ["a=1", "b=2"] },
      Buffer.from(body),
      {
        deviceId: "r1",
        operation: "GET /x",
      },
    );

  it("parses JSON and reads headers case-insensitively, the first of repeated ones", () => {
    const r = make('{"a":1}');
    expect(r.json()).toEqual({ a: 1 });
    expect(r.header("Content-Type")).toBe("application/json");
    expect(r.header("set-cookie")).toBe("a=1");
  });

  it("throws InvalidResponseError naming the operation for a body that is not JSON", () => {
    try {
      make("<html>oops</html>").json();
      expect.unreachable();
    } catch (e) {
      expect(isPatchbayError(e, "INVALID_RESPONSE")).toBe(true);
      expect((e as Error).message).toBe(
        'device "r1": GET /x answered 200 with a body that is not JSON: <html>oops</html>',
      );
    }
  });
});

describe("excerpt", () => {
  it("flattens whitespace and cuts long text with an ellipsis", () => {
    expect(excerpt("a\n\n  b\tc")).toBe("a b c");
    expect(excerpt("x".repeat(10), 4)).toBe("xxxx…");
  });
});
