import { PassThrough, type Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { setTimeout as sleep } from "node:timers/promises";
import {
  AuthenticationError,
  deviceLabel,
  type ErrorContext,
  isPatchbayError,
  type OperationOptions,
} from "@patchbay/core";
import type { ShellCommandOptions, ShellCommandResult } from "./shell.ts";
import { type BuiltShellCommand, buildShellCommand } from "./shell-command.ts";

/** What a {@link ProcessRunner} gets besides the command line. */
export interface ProcessIo extends OperationOptions {
  /** The process's stdin: the runner pipes it in and ends the process's stdin when it ends. */
  stdin: Readable;
  onStdout(chunk: Buffer): void;
  onStderr(chunk: Buffer): void;
}

/** How a process ended. */
export interface ProcessExit {
  exitCode: number | null;
  signal: string | null;
}

/**
 * Runs one command line with `sh` semantics and reports how it ended: an SSH exec channel, or a local
 * child process. It rejects only when the command could not run (connection lost, timeout, abort).
 */
export type ProcessRunner = (command: string, io: ProcessIo) => Promise<ProcessExit>;

/** Context of {@link runShellCommand}: the device for messages, and the sudo secret. */
export interface RunShellContext extends ErrorContext {
  /** The password sudo asks for; written to stdin when sudo prompts, never put in argv or logs. */
  sudoPassword?: string | undefined;
}

/**
 * Runs a shell command with pyinfra-style control options over any {@link ProcessRunner}: builds and
 * quotes the command line, answers sudo's password prompt over stdin, collects stdout, stderr and
 * both in arrival order, and retries while the command fails or times out.
 */
export async function runShellCommand(
  runner: ProcessRunner,
  command: string | readonly string[],
  options: ShellCommandOptions = {},
  context: RunShellContext = {},
): Promise<ShellCommandResult> {
  const { sudoPassword, ...errorContext } = context;
  const built = buildShellCommand(
    command,
    { ...options, hasSudoPassword: sudoPassword !== undefined },
    errorContext,
  );
  const successCodes = options.successExitCodes ?? [0];
  const retries = Math.max(0, Math.floor(options.retries ?? 0));
  const started = performance.now();
  let attempt = 0;
  for (;;) {
    attempt++;
    options.signal?.throwIfAborted();
    let outcome: { exit: ProcessExit; output: Output } | undefined;
    try {
      outcome = await runOnce(runner, built, options, sudoPassword, errorContext);
    } catch (error) {
      const retriable = isPatchbayError(error, "TIMEOUT") && attempt <= retries;
      if (!retriable) throw error;
    }
    if (outcome !== undefined) {
      const success = outcome.exit.exitCode !== null && successCodes.includes(outcome.exit.exitCode);
      if (success || attempt > retries) {
        return {
          success,
          exitCode: outcome.exit.exitCode,
          signal: outcome.exit.signal,
          command: built.display,
          ...outcome.output.result(),
          attempts: attempt,
          elapsedMs: performance.now() - started,
        };
      }
    }
    await sleep(options.retryDelayMs ?? 1000, undefined, options.signal ? { signal: options.signal } : {});
  }
}

async function runOnce(
  runner: ProcessRunner,
  built: BuiltShellCommand,
  options: ShellCommandOptions,
  sudoPassword: string | undefined,
  context: ErrorContext,
): Promise<{ exit: ProcessExit; output: Output }> {
  const output = new Output();
  const stdin = new PassThrough();
  const sendStdin = (): void => {
    if (options.stdin !== undefined) stdin.write(options.stdin);
    stdin.end();
  };
  const stderr = (chunk: Buffer): void => output.push("stderr", chunk);
  // With a sudo password, stderr goes through the gate first, and stdin waits for the command to start.
  let rejectedPassword = false;
  const gate =
    built.sudo !== undefined && sudoPassword !== undefined
      ? new SudoGate(built.sudo, {
          password: () => stdin.write(`${sudoPassword}\n`),
          rejected: () => {
            rejectedPassword = true;
            stdin.end();
          },
          started: sendStdin,
          stderr,
        })
      : undefined;
  if (gate === undefined) sendStdin();
  const exit = await runner(built.command, {
    stdin,
    onStdout: (chunk) => output.push("stdout", chunk),
    onStderr: gate === undefined ? stderr : (chunk) => gate.push(chunk),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
  });
  if (gate !== undefined) {
    gate.flush();
    if (rejectedPassword || (!gate.hasStarted && gate.prompts > 0)) {
      throw new AuthenticationError(
        `${deviceLabel(context)}sudo did not accept the password for "${built.display}". Check the device's sudo password.`,
        context,
      );
    }
  }
  return { exit, output };
}

interface SudoGateHandlers {
  password(): void;
  rejected(): void;
  started(): void;
  stderr(chunk: Buffer): void;
}

/**
 * Reads stderr until the command starts: answers sudo's prompt with the password once, and on the
 * marker line hands stdin over to the command. Everything else on stderr passes through; the prompt
 * and the marker never reach the result.
 */
class SudoGate {
  readonly #prompt: Buffer;
  readonly #marker: Buffer;
  readonly #handlers: SudoGateHandlers;
  #pending: Buffer = Buffer.alloc(0);
  hasStarted = false;
  prompts = 0;

  constructor(sudo: { prompt: string; marker: string }, handlers: SudoGateHandlers) {
    this.#prompt = Buffer.from(sudo.prompt);
    this.#marker = Buffer.from(`${sudo.marker}\n`);
    this.#handlers = handlers;
  }

  push(chunk: Buffer): void {
    if (this.hasStarted) {
      this.#handlers.stderr(chunk);
      return;
    }
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    for (;;) {
      const prompt = this.#pending.indexOf(this.#prompt);
      const marker = this.#pending.indexOf(this.#marker);
      if (marker !== -1 && (prompt === -1 || marker < prompt)) {
        this.#emit(this.#pending.subarray(0, marker));
        const rest = this.#pending.subarray(marker + this.#marker.length);
        this.#pending = Buffer.alloc(0);
        this.hasStarted = true;
        this.#handlers.started();
        if (rest.length > 0) this.#handlers.stderr(rest);
        return;
      }
      if (prompt === -1) return;
      this.#emit(this.#pending.subarray(0, prompt));
      this.#pending = this.#pending.subarray(prompt + this.#prompt.length);
      this.prompts++;
      // A second prompt means sudo refused the password: stop feeding it instead of looping.
      if (this.prompts === 1) this.#handlers.password();
      else this.#handlers.rejected();
    }
  }

  /** Passes on what is left once the process ended (sudo's own error messages). */
  flush(): void {
    if (this.#pending.length > 0) this.#emit(this.#pending);
    this.#pending = Buffer.alloc(0);
  }

  #emit(bytes: Buffer): void {
    if (bytes.length > 0) this.#handlers.stderr(Buffer.from(bytes));
  }
}

/** Collects stdout and stderr as text, each decoded on its own, and both in arrival order. */
class Output {
  readonly #decoders = { stdout: new StringDecoder("utf8"), stderr: new StringDecoder("utf8") };
  readonly #parts = { stdout: [] as string[], stderr: [] as string[] };
  readonly #combined: string[] = [];

  push(stream: "stdout" | "stderr", chunk: Buffer): void {
    const text = this.#decoders[stream].write(chunk);
    if (text === "") return;
    this.#parts[stream].push(text);
    this.#combined.push(text);
  }

  result(): Pick<
    ShellCommandResult,
    "stdout" | "stderr" | "combined" | "stdoutLines" | "stderrLines" | "combinedLines"
  > {
    for (const stream of ["stdout", "stderr"] as const) {
      const tail = this.#decoders[stream].end();
      if (tail !== "") {
        this.#parts[stream].push(tail);
        this.#combined.push(tail);
      }
    }
    const stdout = this.#parts.stdout.join("");
    const stderr = this.#parts.stderr.join("");
    const combined = this.#combined.join("");
    return {
      stdout,
      stderr,
      combined,
      stdoutLines: toLines(stdout),
      stderrLines: toLines(stderr),
      combinedLines: toLines(combined),
    };
  }
}

/** Splits text into lines (`\n` or `\r\n`), without the empty string after a final newline. */
export function toLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}
