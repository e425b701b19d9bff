import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import type { Readable } from "node:stream";
import {
  type CommandResult,
  type Facts,
  type ProcessRunner,
  type PutFileOptions,
  type RsyncOptions,
  type RunCommandsOptions,
  runShellCommand,
  type ShellCommandOptions,
  type ShellCommandResult,
  type TransferOptions,
  type TransferResult,
} from "@patchbay/capabilities";
import {
  CommandError,
  deviceLabel,
  type ErrorContext,
  type OperationOptions,
  UnsupportedOperationError,
} from "@patchbay/core";
import { FACTS_SCRIPT, parseFacts } from "./facts.ts";

/** How bytes reach the host and come back, without sudo: SFTP, or the local file system. */
export interface FileMover {
  upload(
    source: string | Buffer | Readable,
    remotePath: string,
    options: OperationOptions & { mode?: number; onProgress?: TransferOptions["onProgress"] },
  ): Promise<TransferResult>;
  download(
    remotePath: string,
    destination: string,
    options: OperationOptions & { onProgress?: TransferOptions["onProgress"] },
  ): Promise<TransferResult>;
  /** The rsync argv prefix that reaches the host (`["-e", "ssh ..."]` and the `user@host:` target prefix). */
  rsyncTarget(): { args: string[]; prefix: string } | { unsupported: string };
}

/** Everything a Linux plugin needs besides its connection. */
export interface LinuxHostInit {
  runner: ProcessRunner;
  files: FileMover;
  context: ErrorContext;
  sudoPassword: string | undefined;
  tempDirectory: string;
  commandTimeoutMs: number;
}

/**
 * The capability methods of a Linux host (Shell, Commands, DeviceInfo, FileTransfer), written once
 * over a process runner and a file mover, so SSH and local plugins behave the same.
 */
export class LinuxHost {
  readonly #init: LinuxHostInit;

  constructor(init: LinuxHostInit) {
    this.#init = init;
  }

  runShellCommand(
    command: string | readonly string[],
    options: ShellCommandOptions = {},
  ): Promise<ShellCommandResult> {
    return runShellCommand(
      this.#init.runner,
      command,
      { ...options, timeoutMs: options.timeoutMs ?? this.#init.commandTimeoutMs },
      { ...this.#init.context, sudoPassword: this.#init.sudoPassword },
    );
  }

  async runCommands(commands: readonly string[], options: RunCommandsOptions = {}): Promise<CommandResult[]> {
    const results: CommandResult[] = [];
    for (const command of commands) {
      const startedAt = new Date();
      const result = await this.runShellCommand(command, {
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.signal !== undefined ? { signal: options.signal } : {}),
      });
      const matched = (options.failedWhenContains ?? []).find((text) => result.combined.includes(text));
      const failed = !result.success || matched !== undefined;
      results.push({
        command,
        output: result.combined,
        failed,
        ...(failed
          ? {
              failureReason:
                matched !== undefined
                  ? `output contains "${matched}"`
                  : `exit status ${result.exitCode ?? result.signal}`,
            }
          : {}),
        startedAt,
        elapsedMs: result.elapsedMs,
      });
      if (failed && options.stopOnFailed) break;
    }
    return results;
  }

  async getFacts(options: OperationOptions = {}): Promise<Facts> {
    const result = await this.runShellCommand(FACTS_SCRIPT, options);
    if (!result.success) throw this.#commandError("reading facts", result);
    return parseFacts(result.stdout);
  }

  async putFile(
    source: string | Buffer | Readable,
    remotePath: string,
    options: PutFileOptions = {},
  ): Promise<TransferResult> {
    const { sudo, sudoUser, ...transfer } = options;
    if (!sudo) return this.#init.files.upload(source, remotePath, transfer);
    // Upload as the login user into the temporary directory, then let sudo copy it next to the target
    // and rename it there: the rename is atomic, so the target is never half written.
    const staged = `${this.#init.tempDirectory}/.patchbay-${randomBytes(8).toString("hex")}`;
    const moved = await this.#init.files.upload(source, staged, { ...transfer, mode: 0o600 });
    const mode = options.mode !== undefined ? ` && chmod ${options.mode.toString(8)} -- "$t"` : "";
    const script = `t="$1.patchbay-$$"; cp -- "$0" "$t" && chown "$(id -u):$(id -g)" -- "$t"${mode} && mv -f -- "$t" "$1"; rc=$?; rm -f -- "$t"; exit $rc`;
    try {
      const result = await this.runShellCommand(
        ["sh", "-c", script, staged, remotePath],
        this.#sudoOptions(options, sudoUser),
      );
      if (!result.success) throw this.#commandError(`moving the upload into place at ${remotePath}`, result);
    } finally {
      await this.runShellCommand(["rm", "-f", "--", staged], { timeoutMs: 10_000 }).catch(() => undefined);
    }
    return { bytes: moved.bytes, remotePath };
  }

  async getFile(
    remotePath: string,
    destination: string,
    options: TransferOptions = {},
  ): Promise<TransferResult> {
    const { sudo, sudoUser, ...transfer } = options;
    if (!sudo) return this.#init.files.download(remotePath, destination, transfer);
    const staged = `${this.#init.tempDirectory}/.patchbay-${randomBytes(8).toString("hex")}`;
    // sudo reads the file and hands a copy with its permission bits (readable by its new owner) to
    // the login user ($SUDO_UID), who downloads it.
    const script = `umask 077; cp --preserve=mode -- "$0" "$1" && chmod u+r -- "$1" && chown "$SUDO_UID" -- "$1"`;
    try {
      const result = await this.runShellCommand(
        ["sh", "-c", script, remotePath, staged],
        this.#sudoOptions(options, sudoUser),
      );
      if (!result.success) throw this.#commandError(`reading ${remotePath}`, result);
      const moved = await this.#init.files.download(staged, destination, transfer);
      return { bytes: moved.bytes, remotePath };
    } finally {
      await this.runShellCommand(["rm", "-f", "--", staged], {
        ...this.#sudoOptions(options, sudoUser),
        timeoutMs: 10_000,
      }).catch(() => undefined);
    }
  }

  async rsync(localDirectory: string, remoteDirectory: string, options: RsyncOptions = {}): Promise<void> {
    const target = this.#init.files.rsyncTarget();
    const unsupported = (why: string): UnsupportedOperationError =>
      new UnsupportedOperationError(
        `${deviceLabel(this.#init.context)}rsync is not available: ${why}.`,
        this.#init.context,
      );
    if ("unsupported" in target) throw unsupported(target.unsupported);
    const remote = await this.runShellCommand("command -v rsync", {
      ...options,
      timeoutMs: options.timeoutMs ?? 15_000,
    });
    if (!remote.success) throw unsupported("the host has no rsync");
    const args = [
      "-a",
      ...(options.delete ? ["--delete"] : []),
      ...target.args,
      ...(options.extraArgs ?? []),
    ];
    const source = localDirectory.endsWith("/") ? localDirectory : `${localDirectory}/`;
    args.push("--", source, `${target.prefix}${remoteDirectory}`);
    const { code, stderr, missing } = await runLocal("rsync", args, options);
    if (missing) throw unsupported("this machine has no rsync");
    if (code !== 0) {
      throw new CommandError(
        `${deviceLabel(this.#init.context)}rsync failed with exit status ${code}: ${stderr.trim()}`,
        {
          ...this.#init.context,
          command: "rsync",
        },
      );
    }
  }

  #sudoOptions(options: OperationOptions, sudoUser: string | undefined): ShellCommandOptions {
    return {
      sudo: true,
      ...(sudoUser !== undefined ? { sudoUser } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
    };
  }

  #commandError(what: string, result: ShellCommandResult): CommandError {
    const why = (result.stderr.trim() || result.stdout.trim()).slice(0, 500);
    return new CommandError(
      `${deviceLabel(this.#init.context)}${what} failed (exit status ${result.exitCode ?? result.signal}): ${why}`,
      { ...this.#init.context, command: result.command },
    );
  }
}

/** Runs a local program without a shell; `missing` when it is not installed. */
function runLocal(
  program: string,
  args: string[],
  options: OperationOptions,
): Promise<{ code: number | null; stderr: string; missing: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      stdio: ["ignore", "ignore", "pipe"],
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
      ...(options.timeoutMs !== undefined ? { timeout: options.timeoutMs } : {}),
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    child.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") resolve({ code: null, stderr: "", missing: true });
      else reject(error);
    });
    child.once("close", (code) => resolve({ code, stderr, missing: false }));
  });
}
