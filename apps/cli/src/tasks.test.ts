import { describe, expect, it } from "vitest";
import { stableLines } from "./tasks.ts";

describe("backup diffs", () => {
  it("leave out the lines a device rewrites on every read", () => {
    const a = "! Last configuration change at 10:01:02 UTC Mon\nhostname r1\n!Time: Mon 10:01\n";
    const b = "! Last configuration change at 11:22:33 UTC Tue\nhostname r1\n!Time: Tue 11:22\n";
    expect(stableLines(a)).toBe(stableLines(b));
    expect(stableLines(a)).toBe("hostname r1\n");
  });
});
