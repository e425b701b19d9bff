import type { Duplex } from "node:stream";
import {
  BaseConnection,
  ConnectionError,
  createDeadline,
  createDevice,
  type Device,
  DisconnectedError,
  deviceLabel,
  type ErrorContext,
  type Logger,
  type OperationOptions,
  redactingLogger,
  silentLogger,
  TimeoutError,
} from "@patchbay/core";
import type { Client, ConnectConfig } from "ssh2";
import { type HostKeyRejection, isRetryableConnectError, mapConnectError } from "./errors.ts";
import { type ExecOptions, type ExecResult, execCommand } from "./exec.ts";
import { toSsh2Algorithms } from "./internal/algorithms.ts";
import { createAuthHandler, readPrivateKey } from "./internal/auth.ts";
import { verifyHostKey } from "./internal/host-key-policy.ts";
import { forwardThroughJump } from "./internal/jump.ts";
import { retryDelay, sleep } from "./internal/retry.ts";
import type { SshSession } from "./internal/session.ts";
import { openTcp } from "./internal/tcp.ts";
import type { ResolvedSshOptions, SshOptions } from "./options.ts";
import { resolveSshOptions, sshSecrets } from "./settings.ts";
import {
  type GetFileOptions,
  getFile,
  type PutFileOptions,
  putFile,
  type TransferResult,
  type UploadSource,
} from "./sftp.ts";
import { type OpenShellOptions, openShell, type SshShell } from "./shell.ts";
import { type OpenSubsystemOptions, openSubsystem, type SshSubsystem } from "./subsystem.ts";

type Ssh2 = typeof import("ssh2");

/** Constructor input of `SshConnection`. */
export interface SshConnectionInit {
  device: Device;
  /** Overrides `device.data.ssh` and the defaults. */
  options?: SshOptions;
  /** Entries are redacted (password, passphrase) before they reach it. @default silentLogger */
  logger?: Logger;
}

interface OpenClient {
  client: Client;
  closed: boolean;
  closeListeners: Set<() => void>;
  jump: SshConnection | undefined;
  /** The jump connection's closing, once started. */
  jumpClosing: Promise<void> | undefined;
}

/**
 * One SSH connection over ssh2: authentication (key, agent, password, keyboard-interactive), host
 * key policy, jump host, keepalive and connect retries; exec, SFTP and pty shells on top.
 */
export class SshConnection extends BaseConnection<Client, Ssh2> {
  /** The merged options this connection uses. */
  readonly options: ResolvedSshOptions;
  readonly #secrets: readonly string[];
  readonly #clients = new WeakMap<Client, OpenClient>();

  constructor(init: SshConnectionInit) {
    const options = resolveSshOptions(init.device, init.options);
    const secrets = [...sshSecrets(options), ...(init.device.password ? [init.device.password] : [])];
    super({
      device: init.device,
      library: "ssh2",
      logger: redactingLogger(init.logger ?? silentLogger, secrets).child({ deviceId: init.device.id }),
    });
    this.options = options;
    this.#secrets = secrets;
  }

  protected async loadLibrary(): Promise<Ssh2> {
    const mod = (await import("ssh2")) as Ssh2 & { default?: Ssh2 };
    return mod.default ?? mod;
  }

  get #context(): ErrorContext {
    return { deviceId: this.device.id, host: this.device.host, platform: this.device.platform };
  }

  protected async open(lib: Ssh2, options: OperationOptions): Promise<Client> {
    const deadline = createDeadline({
      ...this.#context,
      operation: "connect",
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      defaultTimeoutMs: Number.POSITIVE_INFINITY,
    });
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          return await this.#attempt(lib, deadline.signal);
        } catch (err) {
          if (deadline.signal.aborted) throw deadline.signal.reason;
          if (attempt >= this.options.connectRetries || !isRetryableConnectError(err)) throw err;
          const delay = retryDelay(attempt + 1, this.options.retryMinDelayMs, this.options.retryMaxDelayMs);
          this.logger.info({ err, attempt: attempt + 1, delayMs: delay }, "connect failed; retrying");
          await sleep(delay, deadline.signal);
        }
      }
    } finally {
      deadline.dispose();
    }
  }

  async #attempt(lib: Ssh2, signal: AbortSignal): Promise<Client> {
    if (signal.aborted) throw signal.reason;
    let jump: SshConnection | undefined;
    let sock: Duplex | undefined;
    try {
      if (this.options.jumpHost) {
        const { host, port, username, password, ...rest } = this.options.jumpHost;
        jump = new SshConnection({
          device: createDevice({
            id: `${this.device.id}~jump`,
            host,
            port,
            username,
            password,
            platform: "linux",
          }),
          options: rest,
          logger: this.logger,
        });
        await jump.connect({ signal });
        sock = await forwardThroughJump(
          { client: jump.requireRaw(), host: jump.device.host },
          this.options,
          this.#context,
          signal,
        );
      } else {
        sock = await openTcp(this.options, this.#context, this.#secrets, signal);
      }
      if (signal.aborted) throw signal.reason;
      const client = await this.#handshake(lib, sock, signal);
      const entry = this.#clients.get(client);
      if (entry) entry.jump = jump;
      return client;
    } catch (err) {
      sock?.destroy();
      await jump?.disconnect();
      throw err;
    }
  }

  #handshake(lib: Ssh2, sock: Duplex, signal: AbortSignal): Promise<Client> {
    const o = this.options;
    return (async () => {
      const key = await readPrivateKey(o, this.#context);
      const authHandler = createAuthHandler(lib, key, o, this.#context, this.logger);
      if (signal.aborted) throw signal.reason;
      return new Promise<Client>((resolve, reject) => {
        const client = new lib.Client();
        let rejection: HostKeyRejection | undefined;
        let settled = false;
        const fail = (err: unknown): void => {
          if (settled) return;
          settled = true;
          cleanup();
          client.on("error", () => {});
          client.end();
          sock.destroy();
          reject(
            mapConnectError(err, {
              ...this.#context,
              secrets: this.#secrets,
              hostKeyRejection: rejection,
              authTimeoutMs: o.authTimeoutMs,
              phase: "auth",
            }),
          );
        };
        const onError = (err: Error): void => fail(err);
        const onEarlyClose = (): void =>
          fail(
            new ConnectionError(
              `${deviceLabel(this.#context)}the server closed the connection during the SSH handshake.`,
              this.#context,
            ),
          );
        const onAbort = (): void => fail(signal.reason);
        const timer = setTimeout(
          () =>
            fail(
              new TimeoutError(
                `${deviceLabel(this.#context)}SSH handshake and authentication did not finish within ${o.authTimeoutMs} ms.`,
                { ...this.#context, phase: "auth", timeoutMs: o.authTimeoutMs },
              ),
            ),
          o.authTimeoutMs,
        );
        const cleanup = (): void => {
          clearTimeout(timer);
          signal.removeEventListener("abort", onAbort);
          client.removeListener("error", onError);
          client.removeListener("close", onEarlyClose);
        };
        client.once("ready", () => {
          if (settled) return;
          settled = true;
          cleanup();
          const entry: OpenClient = {
            client,
            closed: false,
            closeListeners: new Set(),
            jump: undefined,
            jumpClosing: undefined,
          };
          this.#clients.set(client, entry);
          client.on("error", (err) => this.logger.warn({ err }, "SSH connection error"));
          client.once("close", () => {
            entry.closed = true;
            for (const listener of [...entry.closeListeners]) listener();
            entry.closeListeners.clear();
            entry.jumpClosing ??= entry.jump?.disconnect();
            this.logger.debug("SSH connection closed");
          });
          this.logger.debug({ host: o.host, port: o.port }, "SSH connection ready");
          resolve(client);
        });
        client.on("error", onError);
        client.once("close", onEarlyClose);
        signal.addEventListener("abort", onAbort, { once: true });
        const config: ConnectConfig = {
          sock: sock as ConnectConfig["sock"],
          host: o.host,
          port: o.port,
          username: o.username,
          readyTimeout: 0,
          keepaliveInterval: o.keepaliveIntervalMs,
          keepaliveCountMax: o.keepaliveCountMax,
          authHandler,
          hostVerifier: (hostKey: Buffer, verify: (valid: boolean) => void) => {
            verifyHostKey(hostKey, o, this.logger).then(
              (r) => {
                rejection = r;
                verify(r === undefined);
              },
              (err: unknown) => {
                this.logger.warn({ err }, "host key verification failed");
                verify(false);
              },
            );
          },
        };
        const algorithms = toSsh2Algorithms(o.algorithms);
        if (algorithms) config.algorithms = algorithms as ConnectConfig["algorithms"];
        try {
          client.connect(config);
        } catch (err) {
          fail(err);
        }
      });
    })();
  }

  protected async close(raw: Client): Promise<void> {
    const entry = this.#clients.get(raw);
    if (entry && !entry.closed) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          raw.destroy();
          resolve();
        }, 2_000);
        entry.closeListeners.add(() => {
          clearTimeout(timer);
          resolve();
        });
        raw.end();
      });
    }
    if (entry) {
      entry.jumpClosing ??= entry.jump?.disconnect();
      await entry.jumpClosing;
    }
  }

  protected override probe(raw: Client): boolean {
    const entry = this.#clients.get(raw);
    return entry !== undefined && !entry.closed;
  }

  /** The session handed to exec, SFTP and shells; throws when not connected or closed. */
  #session(): SshSession {
    const client = this.requireRaw();
    const entry = this.#clients.get(client);
    if (entry === undefined || entry.closed) {
      throw new DisconnectedError(
        `${deviceLabel(this.#context)}the SSH connection has closed; reconnect first.`,
        this.#context,
      );
    }
    return {
      client,
      context: this.#context,
      logger: this.logger,
      operationTimeoutMs: this.options.operationTimeoutMs,
      secrets: this.#secrets,
      isClosed: () => entry.closed,
      onClosed: (listener) => {
        entry.closeListeners.add(listener);
        return () => {
          entry.closeListeners.delete(listener);
        };
      },
    };
  }

  /** Runs a command on an exec channel. See `ExecOptions`. */
  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    return execCommand(this.#session(), command, options);
  }

  /** Uploads atomically (temporary name, then rename). See `PutFileOptions`. */
  async putFile(
    source: UploadSource,
    remotePath: string,
    options: PutFileOptions = {},
  ): Promise<TransferResult> {
    return putFile(this.#session(), source, remotePath, options);
  }

  /** Downloads to a local path or a stream. See `GetFileOptions`. */
  async getFile(
    remotePath: string,
    destination: string | NodeJS.WritableStream,
    options: GetFileOptions = {},
  ): Promise<TransferResult> {
    return getFile(this.#session(), remotePath, destination as never, options);
  }

  /** Opens an interactive pty shell (the driver's transport). See `OpenShellOptions`. */
  async openShell(options: OpenShellOptions = {}): Promise<SshShell> {
    return openShell(this.#session(), options);
  }

  /** Opens a subsystem channel (`netconf`, `sftp`...), a byte stream without a terminal. */
  async openSubsystem(name: string, options: OpenSubsystemOptions = {}): Promise<SshSubsystem> {
    return openSubsystem(this.#session(), name, options);
  }
}
