import { describe, expect, it } from "vitest";
import { createDeadline } from "./deadline.ts";
import { OperationAbortedError, TimeoutError } from "./errors.ts";

describe("createDeadline", () => {
  it("rejects with TimeoutError carrying the limit, phase and partial output, and runs onAbort", async () => {
    let stopped = false;
    using d = createDeadline({
      operation: "read",
      defaultTimeoutMs: 20,
      deviceId: "r1",
      partialOutput: () => "half",
    });
    const never = new Promise<never>(() => {});
    const err = await d.race(never, () => (stopped = true)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).timeoutMs).toBe(20);
    expect((err as TimeoutError).partialOutput).toBe("half");
    expect((err as Error).message).toBe('device "r1": read timed out after 20 ms.');
    expect(stopped).toBe(true);
  });

  it("rejects with OperationAbortedError when the caller aborts, even before it starts", async () => {
    const ac = new AbortController();
    ac.abort(new Error("user"));
    using d = createDeadline({ operation: "exec", defaultTimeoutMs: 1000, signal: ac.signal });
    expect(() => d.throwIfDone()).toThrow(OperationAbortedError);
    await expect(d.race(Promise.resolve(1))).rejects.toBeInstanceOf(OperationAbortedError);
  });

  it("hands the output received so far to the OperationAbortedError of a caller's abort", async () => {
    const ac = new AbortController();
    using d = createDeadline({
      operation: "get-config",
      defaultTimeoutMs: 1000,
      signal: ac.signal,
      partialOutput: () => "<data><a/>",
    });
    const pending = d.race(new Promise<never>(() => {})).catch((e: unknown) => e);
    ac.abort();
    const err = await pending;
    expect(err).toBeInstanceOf(OperationAbortedError);
    expect((err as OperationAbortedError).partialOutput).toBe("<data><a/>");
  });

  it("settles with the promise and leaves no timer behind", async () => {
    const before = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const d = createDeadline({ operation: "x", defaultTimeoutMs: 60_000 });
    expect(await d.race(Promise.resolve("ok"))).toBe("ok");
    d.dispose();
    expect(process.getActiveResourcesInfo().filter((r) => r === "Timeout").length).toBe(before);
  });
});
