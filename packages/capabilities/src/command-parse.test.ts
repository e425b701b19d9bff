import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseCommandResults, templateDirs } from "./command-parse.ts";
import type { CommandResult } from "./commands.ts";

function templateDir(platform: string): string {
  const dir = mkdtempSync(join(tmpdir(), "pb-templates-"));
  writeFileSync(
    join(dir, "index"),
    `Template, Hostname, Platform, Command\n\nclock.textfsm, .*, ${platform}, sh[[ow]] clo[[ck]]\n`,
  );
  writeFileSync(
    join(dir, "clock.textfsm"),
    // biome-ignore lint/suspicious/noTemplateCurlyInString: TextFSM's own ${VALUE} syntax, not a JS template
    "Value TIME (\\S+)\nValue ZONE (\\w+)\n\nStart\n  ^\\*?${TIME}\\s+${ZONE} -> Record\n",
  );
  return dir;
}

function result(command: string, output: string, failed = false): CommandResult {
  return { command, output, failed, startedAt: new Date(0), elapsedMs: 1 };
}

describe("parseCommandResults", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it("fills parsed from the template the index gives for the mapped platform and command", async () => {
    const dir = templateDir("cisco_ios");
    const [r] = await parseCommandResults(
      [result("show clock", "*10:12:33.123 UTC Mon Nov 23 2025\n")],
      { parse: true, templatesDir: dir },
      { platform: "cisco_iosxe" },
    );
    expect(r?.parsed).toEqual([{ time: "10:12:33.123", zone: "UTC" }]);
    expect(r?.output).toBe("*10:12:33.123 UTC Mon Nov 23 2025\n");
  });

  it("keeps the raw output and names platform, command and directories when no template matches", async () => {
    const dir = templateDir("cisco_ios");
    process.env.PATCHBAY_TEMPLATES = "/nonexistent/pb-templates";
    delete process.env.NET_TEXTFSM;
    const [r] = await parseCommandResults(
      [result("show users", "nobody\n")],
      { parse: true, templatesDir: dir },
      { platform: "cisco_iosxe" },
    );
    expect(r?.parsed).toBeUndefined();
    expect(r?.output).toBe("nobody\n");
    expect(r?.parseError).toMatchObject({
      code: "TEMPLATE_NOT_FOUND",
      platform: "cisco_ios",
      command: "show users",
      searched: [dir, "/nonexistent/pb-templates"],
    });
  });

  it("throws with parse: required", async () => {
    const dir = templateDir("cisco_ios");
    await expect(
      parseCommandResults(
        [result("show users", "x")],
        { parse: "required", templatesDir: dir },
        { platform: "cisco_ios" },
      ),
    ).rejects.toMatchObject({ code: "TEMPLATE_NOT_FOUND" });
  });

  it("searches templatesDir, PATCHBAY_TEMPLATES, NET_TEXTFSM, then shipped templates", () => {
    process.env.PATCHBAY_TEMPLATES = "/b";
    process.env.NET_TEXTFSM = "/c";
    expect(templateDirs({ templatesDir: "/a" }, ["/d"])).toEqual(["/a", "/b", "/c", "/d"]);
  });

  it("leaves failed commands and calls without parse alone", async () => {
    const dir = templateDir("cisco_ios");
    const failed = result("show clock", "% Invalid input", true);
    await parseCommandResults([failed], { parse: true, templatesDir: dir }, { platform: "cisco_ios" });
    expect(failed.parsed).toBeUndefined();
    const plain = result("show clock", "10:00 UTC");
    await parseCommandResults([plain], {}, { platform: "cisco_ios" });
    expect(plain.parsed).toBeUndefined();
  });
});
