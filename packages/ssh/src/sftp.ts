import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import {
  chmod as chmodLocal,
  rename as renameLocal,
  stat as statLocal,
  unlink as unlinkLocal,
} from "node:fs/promises";
import { posix } from "node:path";
import { Readable, Transform, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  ConnectionError,
  createDeadline,
  DisconnectedError,
  deviceLabel,
  isPatchbayError,
  type OperationOptions,
} from "@patchbay/core";
import type { SFTPWrapper } from "ssh2";
import type { SshSession } from "./internal/session.ts";

/** Called as bytes move: `total` is undefined when the size is not known in advance. */
export type ProgressListener = (transferred: number, total: number | undefined) => void;

/** Options of `putFile`. */
export interface PutFileOptions extends OperationOptions {
  /** Permission bits of the remote file, for example `0o600`. @default 0o644 */
  mode?: number;
  onProgress?: ProgressListener;
}

/** Options of `getFile`. */
export interface GetFileOptions extends OperationOptions {
  onProgress?: ProgressListener;
}

/** What a transfer moved. */
export interface TransferResult {
  remotePath: string;
  bytes: number;
}

/** Where `putFile` reads from: a local file path, bytes, or a stream. */
export type UploadSource = string | Buffer | Uint8Array | Readable;

function openSftp(session: SshSession): Promise<SFTPWrapper> {
  return new Promise((resolve, reject) => {
    try {
      session.client.sftp((err, sftp) => (err ? reject(err) : resolve(sftp)));
    } catch (err) {
      reject(err);
    }
  });
}

function call<T = void>(fn: (cb: (err: Error | null | undefined, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    try {
      fn((err, value) => (err ? reject(err) : resolve(value as T)));
    } catch (err) {
      reject(err);
    }
  });
}

function progressCounter(
  total: number | undefined,
  onProgress: ProgressListener | undefined,
): Transform & { bytes: number } {
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      counter.bytes += chunk.length;
      onProgress?.(counter.bytes, total);
      cb(null, chunk);
    },
  }) as Transform & { bytes: number };
  counter.bytes = 0;
  return counter;
}

/** Atomic replace: posix-rename when the server offers it, else rename, else remove then rename. */
async function replaceRemote(sftp: SFTPWrapper, from: string, to: string): Promise<void> {
  let posixRename = true;
  try {
    await call((cb) => sftp.ext_openssh_rename(from, to, cb));
    return;
  } catch (err) {
    // ssh2 throws synchronously when the server lacks the extension.
    if (!/does not support/i.test((err as Error).message)) throw err;
    posixRename = false;
  }
  if (!posixRename) {
    try {
      await call((cb) => sftp.rename(from, to, cb));
    } catch {
      await call((cb) => sftp.unlink(to, cb)).catch(() => undefined);
      await call((cb) => sftp.rename(from, to, cb));
    }
  }
}

async function withSftp<T>(
  session: SshSession,
  operation: string,
  options: OperationOptions,
  remotePath: string,
  body: (
    sftp: SFTPWrapper,
    signal: AbortSignal,
    race: <R>(p: Promise<R>, onAbort?: () => void) => Promise<R>,
  ) => Promise<T>,
): Promise<T> {
  const ctx = { ...session.context, command: `${operation} ${remotePath}` };
  const deadline = createDeadline({
    ...ctx,
    operation: `${operation} "${remotePath}"`,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    defaultTimeoutMs: session.operationTimeoutMs,
  });
  let sftp: SFTPWrapper | undefined;
  let aborted = false;
  try {
    if (session.isClosed())
      throw new DisconnectedError(`${deviceLabel(ctx)}the SSH connection is closed.`, ctx);
    const opening = openSftp(session);
    opening.then(
      (s) => {
        if (aborted) s.end();
      },
      () => {},
    );
    sftp = await deadline.race(opening, () => {
      aborted = true;
    });
    return await body(sftp, deadline.signal, (p, onAbort) => deadline.race(p, onAbort));
  } catch (err) {
    if (isPatchbayError(err)) throw err;
    if (session.isClosed()) {
      throw new DisconnectedError(
        `${deviceLabel(ctx)}the connection closed during ${operation} "${remotePath}".`,
        {
          ...ctx,
          cause: err,
        },
      );
    }
    throw new ConnectionError(
      `${deviceLabel(ctx)}${operation} "${remotePath}" failed: ${(err as Error).message}`,
      {
        ...ctx,
        cause: err,
      },
    );
  } finally {
    deadline.dispose();
    sftp?.end();
  }
}

/**
 * Uploads to a temporary name in the target's directory, sets the mode, then renames over the
 * target, so readers never see a partial file. The temporary file is removed on failure or abort.
 */
export function putFile(
  session: SshSession,
  source: UploadSource,
  remotePath: string,
  options: PutFileOptions = {},
): Promise<TransferResult> {
  return withSftp(session, "putFile", options, remotePath, async (sftp, _signal, race) => {
    const dir = posix.dirname(remotePath);
    const tmp = posix.join(dir, `.${posix.basename(remotePath)}.pb-${randomBytes(6).toString("hex")}.tmp`);
    let total: number | undefined;
    let input: Readable;
    if (typeof source === "string") {
      total = (await statLocal(source)).size;
      input = createReadStream(source, { highWaterMark: 256 * 1024 });
    } else if (source instanceof Uint8Array) {
      total = source.byteLength;
      input = Readable.from([source]);
    } else input = source;
    const counter = progressCounter(total, options.onProgress);
    const mode = options.mode ?? 0o644;
    const output = sftp.createWriteStream(tmp, { mode });
    try {
      await race(pipeline(input, counter, output), () => {
        input.destroy();
        output.destroy();
      });
      await race(call((cb) => sftp.chmod(tmp, mode, cb)));
      await race(replaceRemote(sftp, tmp, remotePath));
    } catch (err) {
      input.destroy();
      // Best effort, bounded: the connection may be the reason for the failure.
      await Promise.race([
        call((cb) => sftp.unlink(tmp, cb)).catch(() => undefined),
        new Promise((r) => setTimeout(r, 2_000).unref()),
      ]);
      throw err;
    }
    return { remotePath, bytes: counter.bytes };
  });
}

/**
 * Downloads a remote file to a local path (written to a temporary name, then renamed) or into a
 * stream.
 */
export function getFile(
  session: SshSession,
  remotePath: string,
  destination: string | Writable,
  options: GetFileOptions = {},
): Promise<TransferResult> {
  return withSftp(session, "getFile", options, remotePath, async (sftp, _signal, race) => {
    const attrs = await race(
      call<{ size: number; mode?: number }>((cb) => sftp.stat(remotePath, cb as never)),
    );
    const counter = progressCounter(attrs.size, options.onProgress);
    const input = sftp.createReadStream(remotePath, { highWaterMark: 256 * 1024 });
    if (typeof destination !== "string") {
      await race(pipeline(input, counter, destination), () => input.destroy());
      return { remotePath, bytes: counter.bytes };
    }
    const tmp = `${destination}.pb-${randomBytes(6).toString("hex")}.tmp`;
    const output = createWriteStream(tmp);
    try {
      await race(pipeline(input, counter, output), () => {
        input.destroy();
        output.destroy();
      });
      // The local copy keeps the remote file's permission bits (as scp -p does), not setuid/setgid.
      if (attrs.mode !== undefined) await chmodLocal(tmp, attrs.mode & 0o777);
      await renameLocal(tmp, destination);
    } catch (err) {
      await unlinkLocal(tmp).catch(() => undefined);
      throw err;
    }
    return { remotePath, bytes: counter.bytes };
  });
}
