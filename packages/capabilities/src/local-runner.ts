import { spawn } from "node:child_process";
import { createDeadline, type ErrorContext } from "@patchbay/core";
import type { ProcessExit, ProcessIo, ProcessRunner } from "./run-shell.ts";

/** Options of {@link createLocalRunner}. */
export interface LocalRunnerOptions {
  /** The shell that reads each command line. @default "/bin/sh" */
  shell?: string;
  /** Environment of the child processes. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Context for error messages (the local "device"). */
  context?: ErrorContext;
}

/**
 * A {@link ProcessRunner} for this machine (pyinfra's `@local`): each command line runs in a child
 * `sh -c`. A timeout or an abort kills the child's whole process group, so nothing it started lingers.
 */
export function createLocalRunner(options: LocalRunnerOptions = {}): ProcessRunner {
  const shell = options.shell ?? "/bin/sh";
  const context = options.context ?? { deviceId: "local", host: "localhost" };
  return (command: string, io: ProcessIo): Promise<ProcessExit> =>
    new Promise<ProcessExit>((resolve, reject) => {
      const deadline = createDeadline({
        ...context,
        operation: `command "${command}"`,
        defaultTimeoutMs: Number.POSITIVE_INFINITY,
        timeoutMs: io.timeoutMs,
        signal: io.signal,
      });
      if (deadline.signal.aborted) {
        deadline.dispose();
        reject(deadline.signal.reason);
        return;
      }
      const child = spawn(shell, ["-c", command], {
        env: options.env ?? process.env,
        stdio: ["pipe", "pipe", "pipe"],
        detached: true,
      });
      let stopped: unknown;
      const stop = (): void => {
        stopped = deadline.signal.reason;
        try {
          if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
        } catch {
          // Already gone.
        }
      };
      deadline.signal.addEventListener("abort", stop, { once: true });
      child.stdout.on("data", (chunk: Buffer) => io.onStdout(chunk));
      child.stderr.on("data", (chunk: Buffer) => io.onStderr(chunk));
      child.stdin.on("error", () => {
        // The command may exit without reading its stdin (EPIPE); that is its business.
      });
      io.stdin.pipe(child.stdin);
      child.once("error", (error) => {
        deadline.dispose();
        reject(error);
      });
      child.once("close", (code, signal) => {
        deadline.signal.removeEventListener("abort", stop);
        deadline.dispose();
        io.stdin.unpipe(child.stdin);
        if (stopped !== undefined) reject(stopped);
        else resolve({ exitCode: code, signal: signal === null ? null : signal.replace(/^SIG/, "") });
      });
    });
}
