import { CommandError } from "@patchbay/core";
import { describe, expect, it } from "vitest";
import { MultiResponse, Response } from "./response.ts";

function response(result: string, input = "show x"): Response {
  return new Response({
    host: "10.0.0.1",
    deviceId: "r1",
    platform: "cisco_iosxe",
    input,
    result,
    rawResult: Buffer.from(result),
    start: new Date(1000),
    end: new Date(1250),
    failedWhenContains: ["% Invalid input"],
    parser: (platform, command, output) => ({ platform, command, lines: output.split("\n").length }),
  });
}

describe("Response", () => {
  it("computes elapsed time and failure from failedWhenContains", () => {
    expect(response("ok").elapsedMs).toBe(250);
    expect(response("ok").failed).toBe(false);
    expect(response("% Invalid input detected").failed).toBe(true);
  });

  it("raiseForStatus throws CommandError with device, command and output", () => {
    const r = response("  ^\n% Invalid input detected at '^' marker.", "show bogus");
    let error: unknown;
    try {
      r.raiseForStatus();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).command).toBe("show bogus");
    expect((error as CommandError).deviceId).toBe("r1");
    expect((error as Error).message).toContain("% Invalid input detected");
    expect(response("fine").raiseForStatus().result).toBe("fine");
  });

  it("parses with the driver's parser or one given", () => {
    expect(response("a\nb").parse()).toEqual({ platform: "cisco_iosxe", command: "show x", lines: 2 });
    expect(response("a\nb").parse((_p, _c, out) => out.toUpperCase())).toBe("A\nB");
  });
});

describe("MultiResponse", () => {
  it("is array-like, fails when any response failed, and raises the first failure", () => {
    const m = new MultiResponse();
    m.push(response("ok", "a"), response("% Invalid input", "b"), response("% Invalid input", "c"));
    expect(m).toHaveLength(3);
    expect(m.failed).toBe(true);
    expect(() => m.raiseForStatus()).toThrow(/command "b"/);
    expect(m.map((r) => r.input)).toEqual(["a", "b", "c"]);
    expect(Array.isArray(m.filter((r) => !r.failed))).toBe(true);
    const ok = new MultiResponse();
    ok.push(response("ok"));
    expect(ok.failed).toBe(false);
    expect(ok.raiseForStatus()).toBe(ok);
  });
});
