import { type Capability, defineCapability, type OperationOptions } from "@patchbay/core";

/**
 * The control arguments of a shell command, after pyinfra's connector contract. Every value is
 * quoted before it reaches the remote shell; the sudo password travels over stdin, never in argv.
 */
export interface ShellCommandOptions extends OperationOptions {
  /** Run through `sudo` (as root, or as `sudoUser`). The password is the device's sudo secret. */
  sudo?: boolean;
  /** The user sudo runs the command as. @default "root" */
  sudoUser?: string;
  /** Keep the caller's environment under sudo (`sudo -E`). @default false */
  preserveSudoEnv?: boolean;
  /** Run as this user through `su`. Needs root, or `sudo` together with it. */
  suUser?: string;
  /** Run through `doas` (non-interactive: the doas rule must not ask for a password). */
  doas?: boolean;
  /** The user doas runs the command as. @default "root" */
  doasUser?: string;
  /** Environment variables for the command. Names must be valid shell identifiers. */
  env?: Readonly<Record<string, string>>;
  /** Directory to run in. */
  chdir?: string;
  /** Data written to the command's stdin, then end of file. */
  stdin?: string | Buffer;
  /** Exit codes that count as success. @default [0] */
  successExitCodes?: readonly number[];
  /**
   * The shell that runs the command (`sh -c '...'`). `false` runs an argv command as it is, without a
   * shell; then `env` and `chdir` are not available. @default "sh"
   */
  shellExecutable?: string | false;
  /** Run again this many times while the command fails or times out. @default 0 */
  retries?: number;
  /** Pause between attempts. @default 1000 */
  retryDelayMs?: number;
}

/** The outcome of a shell command. A non-zero exit is a result (`success: false`), not an exception. */
export interface ShellCommandResult {
  /** Whether the exit code is one of `successExitCodes`. */
  success: boolean;
  exitCode: number | null;
  /** The signal that ended the command, if one did (`KILL`, `TERM`). */
  signal: string | null;
  /** The command as given (argv commands quoted), without sudo/su/doas wrapping. */
  command: string;
  stdout: string;
  stderr: string;
  /** stdout and stderr in the order they arrived. */
  combined: string;
  stdoutLines: string[];
  stderrLines: string[];
  combinedLines: string[];
  /** How many times the command ran (1 + the retries used). */
  attempts: number;
  elapsedMs: number;
}

/** Shell commands on a Unix-like host (pyinfra's `run_shell_command`). */
export interface Shell {
  runShellCommand(
    command: string | readonly string[],
    options?: ShellCommandOptions,
  ): Promise<ShellCommandResult>;
}

/** The `patchbay.Shell` capability token. */
export const Shell: Capability<Shell> = defineCapability<Shell>()("patchbay.Shell", ["runShellCommand"]);
