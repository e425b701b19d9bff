import { spawn } from "node:child_process";
import { isPatchbayError } from "@patchbay/core";
import { describe, expect, it } from "vitest";
import { InvalidShellOptionError } from "./errors.ts";
import { buildShellCommand, quoteShellArg } from "./shell-command.ts";

/** Runs a command line with the real /bin/sh and returns stdout. */
function sh(
  line: string,
  env: Record<string, string> = {},
): Promise<{ stdout: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn("/bin/sh", ["-c", line], { env: { PATH: process.env.PATH ?? "", ...env } });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ stdout, code }));
  });
}

const HOSTILE = [
  "plain",
  "with space",
  "it's",
  `"double"`,
  "$(touch /tmp/pwned)",
  "`id`",
  "line1\nline2",
  "back\\slash",
  "*",
  "semi;colon && or || pipe |",
  "",
  "-n",
  "tab\there",
  "ünïcødé ✓",
  "'",
  "''",
];

describe("quoteShellArg", () => {
  it("leaves safe words alone and quotes everything else", () => {
    expect(quoteShellArg("eth0")).toBe("eth0");
    expect(quoteShellArg("/etc/hosts")).toBe("/etc/hosts");
    expect(quoteShellArg("a b")).toBe("'a b'");
    expect(quoteShellArg("it's")).toBe(`'it'\\''s'`);
    expect(quoteShellArg("")).toBe("''");
  });

  it("round-trips hostile words through a real sh unchanged", async () => {
    for (const word of HOSTILE) {
      const { stdout } = await sh(`printf '%s' ${quoteShellArg(word)}`);
      expect(stdout).toBe(word);
    }
  });

  it("refuses NUL bytes, which no shell word can carry", () => {
    expect(() => quoteShellArg("a\0b")).toThrow(/NUL/);
  });
});

describe("buildShellCommand", () => {
  it("passes an argv command through sh with every argument intact", async () => {
    const built = buildShellCommand(["printf", "%s|", ...HOSTILE]);
    const { stdout } = await sh(built.command);
    expect(stdout).toBe(HOSTILE.map((w) => `${w}|`).join(""));
    expect(built.command.startsWith("sh -c ")).toBe(true);
  });

  it("keeps a string command as shell code", async () => {
    const built = buildShellCommand("echo one; echo two | tr a-z A-Z");
    expect((await sh(built.command)).stdout).toBe("one\nTWO\n");
    expect(built.display).toBe("echo one; echo two | tr a-z A-Z");
  });

  it("applies env and chdir inside the shell, quoted", async () => {
    const built = buildShellCommand(["sh", "-c", 'printf "%s|%s" "$PB_VALUE" "$(pwd)"'], {
      env: { PB_VALUE: "$(id) it's\nhere" },
      chdir: "/tmp",
    });
    expect((await sh(built.command)).stdout).toBe("$(id) it's\nhere|/tmp");
  });

  it("runs without a shell when shellExecutable is false", () => {
    const built = buildShellCommand(["ls", "-l", "a b"], { shellExecutable: false });
    expect(built.command).toBe("ls -l 'a b'");
  });

  it("uses another shell when asked", async () => {
    const built = buildShellCommand("echo $0", { shellExecutable: "/bin/sh" });
    expect(built.command.startsWith("/bin/sh -c ")).toBe(true);
    expect((await sh(built.command)).stdout).toBe("/bin/sh\n");
  });

  it("wraps in sudo -n without a password, and in sudo -S with a prompt and a start marker with one", () => {
    const plain = buildShellCommand("id", { sudo: true, sudoUser: "postgres" });
    expect(plain.command).toBe("sudo -n -H -u postgres sh -c id");
    expect(plain.sudo).toBeUndefined();
    const withPassword = buildShellCommand("id", { sudo: true, hasSudoPassword: true });
    expect(withPassword.sudo?.prompt).toMatch(/^\[patchbay-sudo-password:[\w-]+\]$/);
    expect(withPassword.command).toContain(`-p '${withPassword.sudo?.prompt}'`);
    expect(withPassword.command).toMatch(/^sudo -k -S -p /);
    expect(withPassword.command).toContain(withPassword.sudo?.marker);
  });

  it("prints the marker then runs the real command under the sudo wrapper", async () => {
    const built = buildShellCommand(["printf", "%s", "x y"], { sudo: true, hasSudoPassword: true });
    // Run what sudo would run: everything after the sudo flags.
    const inner = built.command.replace(/^sudo -k -S -p '[^']*' -H /, "");
    const child = spawn("/bin/sh", ["-c", inner]);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    await new Promise((r) => child.on("close", r));
    expect(stdout).toBe("x y");
    expect(stderr).toBe(`${built.sudo?.marker}\n`);
  });

  it("wraps su and doas", () => {
    expect(buildShellCommand("id", { suUser: "nobody" }).command).toBe("su nobody -s sh -c id");
    expect(buildShellCommand("id", { doas: true, doasUser: "www" }).command).toBe("doas -n -u www sh -c id");
  });

  it("rejects options it cannot make safe, naming the device and the option", () => {
    const ctx = { deviceId: "r1", host: "10.0.0.1" };
    const cases: [Parameters<typeof buildShellCommand>[1], string][] = [
      [{ env: { "BAD-NAME": "x" } }, "env"],
      [{ chdir: "" }, "chdir"],
      [{ shellExecutable: "bash; rm -rf /" }, "shellExecutable"],
      [{ shellExecutable: false, chdir: "/tmp" }, "shellExecutable"],
      [{ sudo: true, doas: true }, "doas"],
      [{ sudo: true, sudoUser: "root; id" }, "sudoUser"],
      [{ suUser: "a b" }, "suUser"],
    ];
    for (const [options, option] of cases) {
      let caught: unknown;
      try {
        buildShellCommand(["id"], options, ctx);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InvalidShellOptionError);
      expect(isPatchbayError(caught, "INVALID_SHELL_OPTION")).toBe(true);
      expect((caught as InvalidShellOptionError).option).toBe(option);
      expect((caught as Error).message).toContain("r1");
    }
    expect(() => buildShellCommand([], {}, ctx)).toThrow(InvalidShellOptionError);
    expect(() => buildShellCommand("  ", {}, ctx)).toThrow(/empty/);
  });
});
