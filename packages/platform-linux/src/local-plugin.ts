import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { chmod, rename, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  createLocalRunner,
  type ProcessRunner,
  type TransferOptions,
  type TransferResult,
} from "@patchbay/capabilities";
import { BaseConnection, type OperationOptions } from "@patchbay/core";
import type { FileMover } from "./linux-host.ts";
import { LinuxPlugin } from "./linux-plugin.ts";

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
export class LinuxLocalPlugin extends LinuxPlugin<ProcessRunner> {
  protected createConnection(): LocalConnection {
    return new LocalConnection({ device: this.device, library: "node:child_process", logger: this.logger });
  }

  protected hostAccess(): { runner: ProcessRunner; files: FileMover } {
    return { runner: this.getRawConnection(), files: localFiles };
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
    // The copy keeps the file's permission bits, as cp -p does (not setuid/setgid).
    const mode = (await stat(remotePath)).mode & 0o777;
    const result = await copyInto(remotePath, destination, { ...options, mode });
    return { bytes: result.bytes, remotePath };
  },
  rsyncTarget: () => ({ args: [], prefix: "" }),
};
