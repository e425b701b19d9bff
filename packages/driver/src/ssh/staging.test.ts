import { describe, expect, it } from "vitest";
import { checkConfirm, splitLines, stageConfig, visitLines } from "./staging.ts";

const ctx = { deviceId: "r1", host: "10.0.0.1", platform: "x" };
const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe("staging", () => {
  it("drops blank lines and end, which would leave the session", () => {
    expect(splitLines("vlan 10\r\n   name A\n\nend\n")).toEqual(["vlan 10", "   name A"]);
  });

  it("refuses replace, another format, empty text and a refused line before anything is sent", () => {
    const lines = { entry: "lines" } as const;
    expect(code(() => stageConfig(lines, { mode: "replace", config: "x" }, ctx))).toBe(
      "UNSUPPORTED_OPERATION",
    );
    expect(code(() => stageConfig(lines, { mode: "merge", config: "x", format: "xml" }, ctx))).toBe(
      "UNSUPPORTED_OPERATION",
    );
    expect(code(() => stageConfig(lines, { mode: "merge", config: "\n end\n" }, ctx))).toBe("COMMAND_FAILED");
    const checked = {
      entry: "candidate",
      checkLine: (l: string) => (l === "commit" ? "commits" : undefined),
    } as const;
    expect(code(() => stageConfig(checked, { mode: "merge", config: "a\ncommit\n" }, ctx))).toBe(
      "COMMAND_FAILED",
    );
  });

  it("sends a prelude before a replace, and computed removals for a diff replace", () => {
    const staged = { mode: "replace", lines: ["hostname R2"] } as const;
    const prelude = {
      entry: "session",
      replace: { how: "prelude", prelude: ["rollback clean-config"] },
    } as const;
    expect(visitLines(prelude, { ...staged, lines: [...staged.lines] }, "")).toEqual([
      "rollback clean-config",
      "hostname R2",
    ]);
    const diff = { entry: "lines", replace: { how: "diff" } } as const;
    expect(visitLines(diff, { ...staged, lines: [...staged.lines] }, "ntp server 1.1.1.1\n")).toEqual([
      "no ntp server 1.1.1.1",
      "hostname R2",
    ]);
  });

  it("checks a confirm timeout against the platform's unit and bounds", () => {
    const junos = {
      entry: "candidate",
      confirm: { unitSeconds: 60, maxSeconds: 3600, confirm: async () => {} },
    } as const;
    expect(checkConfirm(junos, undefined, 120, ctx)).toBe(120);
    for (const bad of [90, 0, 7200, 1.5])
      expect(code(() => checkConfirm(junos, undefined, bad, ctx))).toBe("UNSUPPORTED_OPERATION");
    expect(code(() => checkConfirm({ entry: "lines" }, undefined, 60, ctx))).toBe("UNSUPPORTED_OPERATION");
  });
});
