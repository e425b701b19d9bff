import type { Readable } from "node:stream";
import { type Capability, defineCapability, type OperationOptions } from "@patchbay/core";

/** Progress of a transfer, reported as bytes move. `total` is undefined when the size is unknown. */
export interface TransferProgress {
  transferred: number;
  total: number | undefined;
}

/** Options shared by uploads and downloads. */
export interface TransferOptions extends OperationOptions {
  /** Run the remote side as root (or `sudoUser`) through sudo; the file is moved into place by sudo. */
  sudo?: boolean;
  sudoUser?: string;
  onProgress?: (progress: TransferProgress) => void;
}

/** Options of {@link FileTransfer.putFile}. */
export interface PutFileOptions extends TransferOptions {
  /** Permissions of the remote file, for example `0o644`. @default the remote's umask */
  mode?: number;
}

/** Options of {@link FileTransfer.rsync}. */
export interface RsyncOptions extends OperationOptions {
  /** Delete remote files that are not in the source. @default false */
  delete?: boolean;
  /** Extra rsync arguments, passed as separate arguments (never through a shell). */
  extraArgs?: readonly string[];
}

/** The outcome of a transfer. */
export interface TransferResult {
  bytes: number;
  /** The remote path the file ended at. */
  remotePath: string;
}

/**
 * Files to and from the device. Uploads go to a temporary name and are renamed into place, so a
 * half-written file is never seen under the real name.
 */
export interface FileTransfer {
  putFile(
    source: string | Buffer | Readable,
    remotePath: string,
    options?: PutFileOptions,
  ): Promise<TransferResult>;
  /** Downloads to a local path, or returns the bytes when no destination is given. */
  getFile(remotePath: string, destination: string, options?: TransferOptions): Promise<TransferResult>;
  /**
   * Synchronises a local directory to the remote with rsync. Throws `UnsupportedOperationError` when
   * rsync is missing on either side, before transferring anything.
   */
  rsync(localDirectory: string, remoteDirectory: string, options?: RsyncOptions): Promise<void>;
}

/** The `patchbay.FileTransfer` capability token. */
export const FileTransfer: Capability<FileTransfer> = defineCapability<FileTransfer>()(
  "patchbay.FileTransfer",
  ["putFile", "getFile", "rsync"],
);
