import type { InventoryHost } from "@patchbay/inventory";
import { describe, expect, it } from "vitest";
import { SkipHost } from "../runner.ts";
import { fromOutcome, toWire } from "./queue-executor.ts";

const host = { name: "r1", device: { platform: "cisco_iosxe" } } as unknown as InventoryHost;
const outcome = (value: unknown) => ({
  runId: "r",
  index: 0,
  host: "r1",
  ok: true,
  value,
  worker: "w1",
  elapsedMs: 5,
});

describe("results through the queue", () => {
  it("keeps an ok value as it is", () => {
    const wire = JSON.parse(
      JSON.stringify(toWire({ host, status: "ok", ok: true, value: { a: 1 }, elapsedMs: 3 })),
    );
    expect(fromOutcome(outcome(wire))).toEqual({ a: 1 });
  });

  it("turns a failure back into an error with the worker's code, phase, partial output and shell result", () => {
    const error = Object.assign(new Error("timed out after 5000 ms\nmore"), {
      phase: 'run "show version"',
      partialOutput: "Cisco IOS",
      result: { exitCode: 3, stdout: "o", stderr: "e" },
    });
    const wire = JSON.parse(
      JSON.stringify(
        toWire({
          host,
          status: "failed",
          ok: false,
          error,
          code: "TIMEOUT",
          message: "TIMEOUT: timed out",
          elapsedMs: 1,
        }),
      ),
    );
    let thrown: unknown;
    try {
      fromOutcome(outcome(wire));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({
      code: "TIMEOUT",
      message: "timed out after 5000 ms",
      worker: "w1",
      phase: 'run "show version"',
      partialOutput: "Cisco IOS",
      result: { exitCode: 3, stdout: "o", stderr: "e" },
    });
  });

  it("keeps a skipped host skipped", () => {
    const wire = toWire({
      host,
      status: "skipped",
      ok: false,
      error: new SkipHost("no Shell"),
      code: "SKIPPED",
      message: "no Shell",
      elapsedMs: 0,
    });
    expect(() => fromOutcome(outcome(wire))).toThrow(SkipHost);
  });

  it("reports queue-level failures (fleet mismatch) with their code", () => {
    expect(() =>
      fromOutcome({
        runId: "r",
        index: 0,
        host: "r1",
        ok: false,
        error: {
          code: "FLEET_MISMATCH",
          name: "FleetMismatchError",
          message: "worker w1 has a different fleet file",
        },
        elapsedMs: 0,
      }),
    ).toThrow(
      expect.objectContaining({ code: "FLEET_MISMATCH", message: "worker w1 has a different fleet file" }),
    );
  });
});
