import { describe, expect, it } from "vitest";
import {
  ConnectionError,
  isPatchbayError,
  PatchbayError,
  PluginNotFoundError,
  TimeoutError,
} from "./errors.ts";

describe("errors", () => {
  it("carries the code of its class and its context", () => {
    const e = new TimeoutError("slow", { deviceId: "r1", timeoutMs: 5, phase: "read" });
    expect(e.code).toBe("TIMEOUT");
    expect(e.name).toBe("TimeoutError");
    expect(e.deviceId).toBe("r1");
    expect(e).toBeInstanceOf(ConnectionError);
    expect(e).toBeInstanceOf(PatchbayError);
    expect(e).not.toBeInstanceOf(PluginNotFoundError);
    expect(isPatchbayError(e, "CONNECTION_ERROR")).toBe(true);
  });
});
