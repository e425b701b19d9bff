import { describe, expect, it } from "vitest";
import { fileInside, PathOutsideFolderError, safeName } from "./paths.ts";

describe("per-host paths", () => {
  it("turns hostile names into one harmless segment", () => {
    for (const hostile of [
      "..",
      ".",
      "",
      "../../etc",
      "/etc/passwd",
      "a/../..",
      "@ssh/..",
      "..\\..",
      "\u0000x",
    ]) {
      const name = safeName(hostile);
      expect(name).not.toMatch(/[/\\]/);
      expect(name === "." || name === "..").toBe(false);
      expect(fileInside("/tmp/out", name).startsWith("/tmp/out/")).toBe(true);
    }
  });

  it("keeps ordinary and dot names", () => {
    expect(safeName(".bashrc")).toBe(".bashrc");
    expect(safeName("@ssh/10.0.0.1")).toBe("ssh_10.0.0.1");
  });

  it("refuses a path that resolves outside its folder", () => {
    expect(() => fileInside("/tmp/out", "..", "x")).toThrow(PathOutsideFolderError);
    expect(() => fileInside("/tmp/out", "/etc/passwd")).toThrow(PathOutsideFolderError);
    expect(() => fileInside("/tmp/out", ".")).toThrow(PathOutsideFolderError);
    expect(fileInside("/tmp/out", "r1", "motd")).toBe("/tmp/out/r1/motd");
  });
});
