import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { chmod, rename, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  type CommandResult,
  type Commands,
  createLocalRunner,
  type DeviceInfo,
  type Facts,
  type FileTransfer,
  type ProcessRunner,
  type PutFileOptions,
  type RsyncOptions,
  type RunCommandsOptions,
  type Shell,
  type ShellCommandOptions,
  type ShellCommandResult,
  type TransferOptions,
  type TransferResult,
} from "@patchbay/capabilities";
import {
  BaseConnection,
  ConnectionPlugin,
  type Device,
  type OperationOptions,
  type PluginContext,
} from "@patchbay/core";
import { type FileMover, LinuxHost } from "./linux-host.ts";
import { linuxSettings } from "./settings.ts";

/** The "connection" to this machine: a process runner; opening and closing cost nothing. */
export class LocalConnection extends BaseConnection<ProcessRunner, typeof import("node:child_process")> {
  protected loadLibrary(): Promise<typeof import("node:child_process")> {
    return import("node:child_process");
  }
  protected async open(): Promise<ProcessRunner> {
    return createLocalRunner({ context: { deviceId: this.device.id, host: this.device.host } });
  }
  protected async close(): Promise<void> {}
}

/**
 * This machine as a Linux host (pyinfra's `@local`): the same capabilities as over SSH, through child
 * processes and the local file system.
 */
export class LinuxLocalPlugin
  extends ConnectionPlugin<ProcessRunner>
  implements DeviceInfo, Commands, Shell, FileTransfer
{
  readonly #settings: ReturnType<typeof linuxSettings.parse>;
  #host: LinuxHost | undefined;

  constructor(device: Device, context: PluginContext) {
    super(device, context);
    this.#settings = linuxSettings.parse(device.data.linux ?? {}, { deviceId: device.id, host: device.host });
  }

  protected createConnection(): LocalConnection {
    return new LocalConnection({ device: this.device, library: "node:child_process", logger: this.logger });
  }

  get #linux(): LinuxHost {
    this.#host ??= new LinuxHost({
      runner: this.getRawConnection(),
      files: localFiles,
      context: { deviceId: this.device.id, host: this.device.host, platform: this.device.platform },
      sudoPassword: this.#settings.sudoPassword ?? this.device.password,
      tempDirectory: this.#settings.tempDirectory,
      commandTimeoutMs: this.#settings.commandTimeoutMs,
    });
    return this.#host;
  }

  runShellCommand(
    command: string | readonly string[],
    options?: ShellCommandOptions,
  ): Promise<ShellCommandResult> {
    return this.#linux.runShellCommand(command, options);
  }
  runCommands(commands: readonly string[], options?: RunCommandsOptions): Promise<CommandResult[]> {
    return this.#linux.runCommands(commands, options);
  }
  getFacts(options?: OperationOptions): Promise<Facts> {
    return this.#linux.getFacts(options);
  }
  putFile(
    source: string | Buffer | Readable,
    remotePath: string,
    options?: PutFileOptions,
  ): Promise<TransferResult> {
    return this.#linux.putFile(source, remotePath, options);
  }
  getFile(remotePath: string, destination: string, options?: TransferOptions): Promise<TransferResult> {
    return this.#linux.getFile(remotePath, destination, options);
  }
  rsync(localDirectory: string, remoteDirectory: string, options?: RsyncOptions): Promise<void> {
    return this.#linux.rsync(localDirectory, remoteDirectory, options);
  }
}

/** Copies through a temporary file in the target's directory, then renames it into place. */
async function copyInto(
  source: string | Buffer | Readable,
  target: string,
  options: OperationOptions & { mode?: number; onProgress?: TransferOptions["onProgress"] },
): Promise<TransferResult> {
  const temp = join(dirname(target), `.${randomBytes(6).toString("hex")}.patchbay-part`);
  const total =
    typeof source === "string"
      ? (await stat(source)).size
      : Buffer.isBuffer(source)
        ? source.length
        : undefined;
  let transferred = 0;
  const input =
    typeof source === "string" ? createReadStream(source) : Buffer.isBuffer(source) ? [source] : source;
  const counted = async function* (chunks: AsyncIterable<Buffer> | Iterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of chunks) {
      transferred += chunk.length;
      options.onProgress?.({ transferred, total });
      yield chunk;
    }
  };
  try {
    await pipeline(
      input as AsyncIterable<Buffer>,
      counted,
      createWriteStream(temp, { mode: options.mode ?? 0o644 }),
      {
        ...(options.signal !== undefined ? { signal: options.signal } : {}),
      },
    );
    if (options.mode !== undefined) await chmod(temp, options.mode);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return { bytes: transferred, remotePath: target };
}

const localFiles: FileMover = {
  upload: (source, remotePath, options) => copyInto(source, remotePath, options),
  download: async (remotePath, destination, options) => {
    const result = await copyInto(remotePath, destination, options);
    return { bytes: result.bytes, remotePath };
  },
  rsyncTarget: () => ({ args: [], prefix: "" }),
};
