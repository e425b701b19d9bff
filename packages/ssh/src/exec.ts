import type { Readable } from "node:stream";
import {
  ConnectionError,
  createDeadline,
  DisconnectedError,
  deviceLabel,
  maskSecrets,
  type OperationOptions,
} from "@patchbay/core";
import type { ClientChannel, PseudoTtyOptions } from "ssh2";
import type { SshSession } from "./internal/session.ts";
import type { DataSource } from "./options.ts";

/** Options of `exec`. */
export interface ExecOptions extends OperationOptions {
  /** Data written to the command's stdin, then EOF. Without it, stdin gets EOF at once. */
  stdin?: DataSource;
  /** Environment variables (the server must accept them, for OpenSSH with `AcceptEnv`). */
  env?: Record<string, string>;
  /** Allocate a pseudo-terminal (stderr is then merged into stdout by the server). @default false */
  pty?: boolean | PseudoTtyOptions;
  /** Called with each stdout chunk as it arrives. */
  onStdout?: (chunk: Buffer) => void;
  /** Called with each stderr chunk as it arrives. */
  onStderr?: (chunk: Buffer) => void;
  /** Decoding of `stdout` and `stderr` in the result. @default "utf8" */
  encoding?: BufferEncoding;
  /**
   * Signal sent to the remote command when the time runs out or the caller aborts, before the
   * channel is closed.
   * @default "KILL"
   */
  killSignal?: "KILL" | "TERM" | "INT" | "HUP";
}

/** The outcome of a remote command. A non-zero exit code is a result, not an error. */
export interface ExecResult {
  command: string;
  stdout: string;
  stderr: string;
  /** Exit status, or null when the command was killed by a signal or the server sent none. */
  exitCode: number | null;
  /** Signal that ended the command, `SIGKILL` style, or null. */
  signal: string | null;
}

/** The exit status of a channel, recorded from the moment the channel exists. */
interface ExitRecord {
  seen: boolean;
  code: number | null;
  signal: string | null;
}

function openChannel(
  session: SshSession,
  command: string,
  options: ExecOptions,
): Promise<{ channel: ClientChannel; exit: ExitRecord }> {
  return new Promise((resolve, reject) => {
    const execOptions: { env?: NodeJS.ProcessEnv; pty?: PseudoTtyOptions | boolean } = {};
    if (options.env) execOptions.env = options.env;
    if (options.pty) execOptions.pty = options.pty;
    try {
      session.client.exec(command, execOptions, (err, channel) => {
        if (err) return reject(err);
        // Listen now, not after an await: a fast command's exit-status can arrive in the same socket
        // read as the channel confirmation, and ssh2 emits "exit" only once, listener or not.
        const exit: ExitRecord = { seen: false, code: null, signal: null };
        channel.on("exit", (code: number | null, sig?: string) => {
          exit.seen = true;
          if (typeof code === "number") exit.code = code;
          if (typeof sig === "string") exit.signal = sig.startsWith("SIG") ? sig : `SIG${sig}`;
        });
        resolve({ channel, exit });
      });
    } catch (err) {
      reject(err);
    }
  });
}

/** Writes `stdin` to the channel and ends it. */
function feedStdin(
  channel: ClientChannel,
  stdin: DataSource | undefined,
  onError: (err: unknown) => void,
): void {
  if (stdin === undefined) {
    channel.end();
    return;
  }
  if (typeof stdin === "string" || stdin instanceof Uint8Array) {
    channel.end(stdin);
    return;
  }
  const source = stdin as Readable;
  source.once("error", onError);
  source.pipe(channel);
}

interface ChannelInternals {
  outgoing?: { id: number; state: string };
  _client?: { _protocol?: { signal(id: number, signal: string): void } };
}

/**
 * Sends a signal request. ssh2's `channel.signal()` does nothing once our side has sent EOF
 * (after stdin ends), yet the remote command still runs then; so the request goes through the
 * protocol object directly while the channel is open.
 */
function sendSignal(channel: ClientChannel, signal: string): void {
  const internals = channel as unknown as ChannelInternals;
  try {
    const state = internals.outgoing?.state;
    if ((state === "open" || state === "eof") && internals._client?._protocol && internals.outgoing) {
      internals._client._protocol.signal(internals.outgoing.id, signal);
    } else channel.signal(signal);
  } catch {
    // The channel is closing already; closing it is then enough.
  }
}

/**
 * Runs one command on a new exec channel. On timeout or abort the remote command is sent
 * `killSignal` and the channel is closed, so it does not keep running on the device.
 */
export async function execCommand(
  session: SshSession,
  command: string,
  options: ExecOptions = {},
): Promise<ExecResult> {
  const ctx = { ...session.context, command };
  const encoding = options.encoding ?? "utf8";
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  const deadline = createDeadline({
    ...ctx,
    operation: `exec "${maskSecrets(command, session.secrets)}"`,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    defaultTimeoutMs: session.operationTimeoutMs,
    partialOutput: () => Buffer.concat(stdout).toString(encoding),
  });
  let channel: ClientChannel | undefined;
  let stopped = false;
  const stop = (): void => {
    stopped = true;
    if (channel === undefined) return;
    sendSignal(channel, options.killSignal ?? "KILL");
    channel.close();
  };
  try {
    if (session.isClosed()) {
      throw new DisconnectedError(`${deviceLabel(ctx)}the SSH connection is closed; reconnect first.`, ctx);
    }
    const opening = openChannel(session, command, options);
    // A channel that opens after an abort is closed at once.
    opening.then(
      (opened) => {
        if (stopped) opened.channel.close();
      },
      () => {},
    );
    let exit: ExitRecord;
    try {
      ({ channel, exit } = await deadline.race(opening));
    } catch (err) {
      if (deadline.signal.aborted) throw err;
      throw new ConnectionError(
        `${deviceLabel(ctx)}could not open an exec channel: ${maskSecrets((err as Error).message, session.secrets)}`,
        { ...ctx, cause: err },
      );
    }
    const ch = channel;
    const done = new Promise<{ exitCode: number | null; signal: string | null }>((resolve, reject) => {
      ch.on("data", (chunk: Buffer) => {
        stdout.push(chunk);
        options.onStdout?.(chunk);
      });
      ch.stderr.on("data", (chunk: Buffer) => {
        stderr.push(chunk);
        options.onStderr?.(chunk);
      });
      ch.once("close", () => {
        if (exit.seen || stopped) {
          resolve({ exitCode: exit.code, signal: exit.signal });
          return;
        }
        // ssh2 closes channels before it reports the connection closed: look once the loop turns.
        setImmediate(() => {
          if (session.isClosed()) {
            reject(
              new DisconnectedError(
                `${deviceLabel(ctx)}the connection closed while "${maskSecrets(command, session.secrets)}" was running.`,
                { ...ctx, partialOutput: Buffer.concat(stdout).toString(encoding) },
              ),
            );
          } else resolve({ exitCode: exit.code, signal: exit.signal });
        });
      });
    });
    let stdinError: unknown;
    feedStdin(ch, options.stdin, (err) => {
      stdinError = err;
      stop();
    });
    const status = await deadline.race(done, () => stop());
    if (stdinError !== undefined) {
      throw new ConnectionError(`${deviceLabel(ctx)}reading stdin for "${command}" failed.`, {
        ...ctx,
        cause: stdinError,
      });
    }
    return {
      command,
      stdout: Buffer.concat(stdout).toString(encoding),
      stderr: Buffer.concat(stderr).toString(encoding),
      exitCode: status.exitCode,
      signal: status.signal,
    };
  } finally {
    deadline.dispose();
  }
}
