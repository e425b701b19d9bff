import { describe, expect, it } from "vitest";
import { unifiedDiff } from "./diff.ts";

describe("unifiedDiff", () => {
  it("is empty for equal texts, whatever the line endings", () => {
    expect(unifiedDiff("a\r\nb\r\n", "a\nb")).toBe("");
  });

  it("gives a unified diff with headers and hunks", () => {
    const diff = unifiedDiff(
      "hostname R1\ninterface Gi1\n description old\n",
      "hostname R1\ninterface Gi1\n description new\n",
      {
        before: "running",
        after: "candidate",
      },
    );
    expect(diff).toContain("--- running");
    expect(diff).toContain("+++ candidate");
    expect(diff).toMatch(/^@@ /m);
    expect(diff).toContain("- description old");
    expect(diff).toContain("+ description new");
  });
});
