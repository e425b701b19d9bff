import { describe, expect, it } from "vitest";
import { commandResult, firstLines } from "./command-result.ts";

const at = new Date(0);

describe("commandResult", () => {
  it("names the device's error as the reason and ignores failure texts then", () => {
    const r = commandResult({
      command: "x",
      output: "boom",
      error: "the device said no",
      startedAt: at,
      elapsedMs: 1,
    });
    expect(r).toMatchObject({ failed: true, failureReason: "the device said no" });
  });

  it("marks a platform failure text, then a caller's text, as the reason", () => {
    const base = { command: "x", startedAt: at, elapsedMs: 1 };
    expect(
      commandResult({ ...base, output: "% Invalid input", platformFailures: ["% Invalid"] }).failureReason,
    ).toBe('output contains "% Invalid"');
    expect(commandResult({ ...base, output: "down", failedWhenContains: ["down"] }).failureReason).toBe(
      'output contains "down"',
    );
  });

  it("leaves a clean output unfailed without a reason field", () => {
    const r = commandResult({
      command: "x",
      output: "ok",
      failedWhenContains: ["no"],
      startedAt: at,
      elapsedMs: 2,
    });
    expect(r.failed).toBe(false);
    expect("failureReason" in r).toBe(false);
  });
});

describe("firstLines", () => {
  it("joins the first three non-blank lines and bounds the length", () => {
    expect(firstLines("\na\n\nb\r\nc\nd")).toBe("a / b / c");
    expect(firstLines("x".repeat(1000))).toHaveLength(300);
  });
});
