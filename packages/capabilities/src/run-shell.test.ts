import { isPatchbayError } from "@patchbay/core";
import { describe, expect, it } from "vitest";
import { createLocalRunner } from "./local-runner.ts";
import { type ProcessRunner, runShellCommand, toLines } from "./run-shell.ts";

const local = createLocalRunner();

describe("runShellCommand over the local runner (a real sh)", () => {
  it("returns stdout, stderr and both in arrival order, as text and as lines", async () => {
    const result = await runShellCommand(
      local,
      "echo out1; sleep 0.05; echo err1 >&2; sleep 0.05; echo out2",
    );
    expect(result.success).toBe(true);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe("out1\nout2\n");
    expect(result.stderr).toBe("err1\n");
    expect(result.combinedLines).toEqual(["out1", "err1", "out2"]);
    expect(result.stdoutLines).toEqual(["out1", "out2"]);
    expect(result.attempts).toBe(1);
  });

  it("feeds stdin and applies env and chdir", async () => {
    const result = await runShellCommand(local, ["sh", "-c", 'cat; printf "|%s|%s" "$GREETING" "$(pwd)"'], {
      stdin: "from stdin\n",
      env: { GREETING: "hi there $(id)" },
      chdir: "/tmp",
    });
    expect(result.stdout).toBe("from stdin\n|hi there $(id)|/tmp");
  });

  it("judges success by successExitCodes", async () => {
    expect((await runShellCommand(local, "exit 3")).success).toBe(false);
    const ok = await runShellCommand(local, "exit 3", { successExitCodes: [0, 3] });
    expect(ok.success).toBe(true);
    expect(ok.exitCode).toBe(3);
  });

  it("retries a failing command and reports the attempts", async () => {
    const marker = `/tmp/pb-retry-${process.pid}-${Date.now()}`;
    // Fails twice, then succeeds: the counter lives in a file.
    const script = `n=$(cat ${marker} 2>/dev/null || echo 0); n=$((n+1)); echo $n > ${marker}; [ $n -ge 3 ]`;
    const result = await runShellCommand(local, script, { retries: 5, retryDelayMs: 1 });
    await runShellCommand(local, ["rm", "-f", marker]);
    expect(result.success).toBe(true);
    expect(result.attempts).toBe(3);
    const exhausted = await runShellCommand(local, "false", { retries: 2, retryDelayMs: 1 });
    expect(exhausted.success).toBe(false);
    expect(exhausted.attempts).toBe(3);
  });

  it("kills a command that runs past its timeout, with a typed error", async () => {
    const error = await runShellCommand(local, "sleep 30", { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(isPatchbayError(error, "TIMEOUT")).toBe(true);
  });

  it("stops on abort with a typed error", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await runShellCommand(local, "sleep 30", { signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    expect(isPatchbayError(error, "ABORTED")).toBe(true);
  });

  it("decodes UTF-8 split across chunks", async () => {
    const result = await runShellCommand(local, ["printf", "%s", "ünïcødé ✓"]);
    expect(result.stdout).toBe("ünïcødé ✓");
  });
});

/**
 * A pure-logic stand-in for sudo: prints the prompt on stderr, reads a password line from stdin, and
 * runs nothing; it echoes the rest of stdin, which must be only the caller's data.
 */
function fakeSudo(expected: string, behaviour: "ask" | "no-password" = "ask"): ProcessRunner {
  return async (command, io) => {
    const prompt = /-p '([^']*)'/.exec(command)?.[1];
    const marker = /(\[patchbay-sudo-started:[\w-]+\])/.exec(command)?.[1];
    if (prompt === undefined || marker === undefined) throw new Error(`not a sudo command line: ${command}`);
    const input: Buffer[] = [];
    let attempts = 0;
    const lines = (): string[] => Buffer.concat(input).toString().split("\n");
    const waitForLine = async (n: number): Promise<void> => {
      while (lines().length <= n && !ended) await new Promise((r) => setTimeout(r, 1));
    };
    let ended = false;
    io.stdin.on("data", (c: Buffer) => input.push(c));
    io.stdin.on("end", () => {
      ended = true;
    });
    let consumed = 0;
    if (behaviour === "ask") {
      for (;;) {
        io.onStderr(Buffer.from(prompt));
        await waitForLine(consumed + 1);
        const answer = lines()[consumed];
        consumed++;
        attempts++;
        if (answer === expected) break;
        io.onStderr(Buffer.from("Sorry, try again.\n"));
        if (attempts === 3 || ended) {
          io.onStderr(Buffer.from("sudo: 3 incorrect password attempts\n"));
          return { exitCode: 1, signal: null };
        }
      }
    }
    io.onStderr(Buffer.from(`${marker}\nwarning from the command\n`));
    while (!ended) await new Promise((r) => setTimeout(r, 1));
    const rest = lines().slice(consumed).join("\n");
    io.onStdout(Buffer.from(`stdin:${rest}`));
    return { exitCode: 0, signal: null };
  };
}

describe("runShellCommand with sudo and a password", () => {
  it("answers the prompt over stdin, then hands stdin to the command, hiding prompt and marker", async () => {
    const result = await runShellCommand(
      fakeSudo("s3cret"),
      "cat",
      { sudo: true, stdin: "payload" },
      {
        sudoPassword: "s3cret",
      },
    );
    expect(result.stdout).toBe("stdin:payload");
    expect(result.stderr).toBe("warning from the command\n");
    expect(result.combined).not.toContain("s3cret");
    expect(result.combined).not.toContain("patchbay-sudo");
  });

  it("sends no password when sudo does not ask (NOPASSWD), so stdin stays the caller's", async () => {
    const result = await runShellCommand(
      fakeSudo("s3cret", "no-password"),
      "cat",
      { sudo: true, stdin: "data" },
      {
        sudoPassword: "s3cret",
      },
    );
    expect(result.stdout).toBe("stdin:data");
  });

  it("gives a typed authentication error for a wrong password, without the password in it", async () => {
    const error = await runShellCommand(
      fakeSudo("right"),
      "id",
      { sudo: true },
      {
        sudoPassword: "wrong-pw",
        deviceId: "web1",
      },
    ).catch((e: unknown) => e);
    expect(isPatchbayError(error, "AUTHENTICATION_FAILED")).toBe(true);
    expect((error as Error).message).toContain("web1");
    expect((error as Error).message).not.toContain("wrong-pw");
  });
});

describe("toLines", () => {
  it("splits on LF and CRLF without a phantom last line", () => {
    expect(toLines("")).toEqual([]);
    expect(toLines("a\r\nb\n")).toEqual(["a", "b"]);
    expect(toLines("a\n\nb")).toEqual(["a", "", "b"]);
  });
});
