import { spawn } from "node:child_process";

export interface RunCommandOptions {
  cwd: string;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** Most bytes of standard output kept; more is an error. */
  maxBytes: number;
}

const STDERR_KEPT = 4096;

/**
 * Runs `file` with `args` (never through a shell) in its own process group and returns its standard
 * output. On timeout, abort, too much output, or once it exits, the whole group is killed, so a
 * child it left in the background neither survives nor holds the output pipe open.
 */
export function runCommand(
  file: string,
  args: readonly string[],
  options: RunCommandOptions,
): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    if (options.signal?.aborted) {
      reject(new Error("aborted before it started"));
      return;
    }
    const child = spawn(file, args, {
      cwd: options.cwd,
      detached: true, // its own process group: the group id is its pid
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = "";
    let failure: Error | undefined;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    const killGroup = (): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // The group is gone already.
      }
    };
    const fail = (error: Error): void => {
      failure ??= error;
      killGroup();
    };
    const timer = setTimeout(
      () => fail(new Error(`timed out after ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    const onAbort = (): void => fail(new Error("aborted"));
    options.signal?.addEventListener("abort", onAbort, { once: true });
    child.stdout.on("data", (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > options.maxBytes) fail(new Error(`printed more than ${options.maxBytes} bytes`));
      else out.push(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      if (err.length < STDERR_KEPT) err += chunk.toString("utf8").slice(0, STDERR_KEPT - err.length);
    });
    child.on("error", (error) => fail(error));
    // Once the command itself exits, what it left behind goes too: the pipes then close.
    child.on("exit", (code, signal) => {
      exit = { code, signal };
      killGroup();
    });
    child.on("close", () => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      const stderr = err.trim() === "" ? "" : `: ${err.trim().split("\n").slice(-3).join(" | ")}`;
      if (failure !== undefined) reject(new Error(`${failure.message}${stderr}`));
      else if (exit?.code !== 0)
        reject(
          new Error(
            `${exit?.signal ? `was killed by ${exit.signal}` : `exited with status ${exit?.code}`}${stderr}`,
          ),
        );
      else resolvePromise(Buffer.concat(out).toString("utf8"));
    });
  });
}
