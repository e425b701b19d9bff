import {
  BaseConnection,
  createDeadline,
  type Device,
  DisconnectedError,
  deviceLabel,
  deviceSecrets,
  type ErrorContext,
  type Logger,
  type OperationOptions,
  redactingLogger,
  silentLogger,
} from "@patchbay/core";
import { SshConnection, type SshOptions, type SshSubsystem } from "@patchbay/ssh";
import type { Capabilities } from "./capabilities.ts";
import type {
  CancelCommitOptions,
  CommitOptions,
  CopyConfigOptions,
  DatastoreOrUrl,
  EditConfigOptions,
  GetConfigOptions,
  GetOptions,
  GetSchemaOptions,
  RpcOptions,
  SubscribeOptions,
  ValidateOptions,
} from "./operations.ts";
import type { RpcReply } from "./reply.ts";
import { NetconfSession } from "./session.ts";
import { type NetconfOptions, type ResolvedNetconfOptions, resolveNetconfOptions } from "./settings.ts";
import type { NotificationSubscription } from "./subscription.ts";

/** Constructor input of `NetconfConnection`. */
export interface NetconfConnectionInit {
  device: Device;
  /** Overrides `device.data.netconf` and the defaults (port 830). */
  options?: NetconfOptions;
  /**
   * SSH options (credentials, host key policy, jump host, timeouts, keepalive) over `device.data.ssh`.
   * The port is NETCONF's (`options.port`), never the SSH CLI's.
   */
  sshOptions?: SshOptions;
  /** Entries are redacted (password, passphrase) before they reach it. @default silentLogger */
  logger?: Logger;
}

/**
 * A NETCONF session over the SSH `netconf` subsystem (RFC 6242). It composes an `SshConnection`,
 * so authentication, host keys, jump hosts, keepalive and connect retries are the SSH base's; the
 * raw client is the `NetconfSession`. Every operation takes `{ timeoutMs, signal }`.
 */
export class NetconfConnection extends BaseConnection<NetconfSession, undefined> {
  /** The merged NETCONF options. */
  readonly options: ResolvedNetconfOptions;
  /** The SSH connection underneath. */
  readonly ssh: SshConnection;

  constructor(init: NetconfConnectionInit) {
    const options = resolveNetconfOptions(init.device, init.options);
    const secrets = [
      ...deviceSecrets(init.device),
      ...[init.sshOptions?.password, init.sshOptions?.passphrase].filter((s): s is string => !!s),
    ];
    const logger = redactingLogger(init.logger ?? silentLogger, secrets).child({ deviceId: init.device.id });
    super({ device: init.device, library: "ssh2", logger });
    this.options = options;
    this.ssh = new SshConnection({
      device: init.device,
      options: { ...init.sshOptions, port: options.port },
      logger: init.logger ?? silentLogger,
    });
  }

  get #context(): ErrorContext {
    return { deviceId: this.device.id, host: this.device.host, platform: this.device.platform };
  }

  // ssh2 is loaded by the SSH connection underneath, when it connects.
  protected async loadLibrary(): Promise<undefined> {
    return undefined;
  }

  protected async open(_lib: undefined, options: OperationOptions): Promise<NetconfSession> {
    const deadline = createDeadline({
      ...this.#context,
      operation: "NETCONF connect",
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      defaultTimeoutMs: Number.POSITIVE_INFINITY,
    });
    let channel: SshSubsystem | undefined;
    try {
      await this.ssh.connect({ signal: deadline.signal });
      channel = await this.ssh.openSubsystem("netconf", { signal: deadline.signal });
      const session = await NetconfSession.open({
        transport: channel,
        context: this.#context,
        logger: this.logger,
        rpcTimeoutMs: this.options.rpcTimeoutMs,
        stripNamespaces: this.options.stripNamespaces,
        capabilities: this.options.capabilities,
        base11: this.options.base11,
        helloOrder: this.options.helloOrder,
        helloGapMs: this.options.helloGapMs,
        firstMessageId: this.options.firstMessageId,
        timeoutMs: this.options.helloTimeoutMs,
        signal: deadline.signal,
      });
      // The session ends with the SSH connection, and the SSH connection with the session.
      channel.onClose(() => {
        if (this.raw === session) void this.ssh.disconnect();
      });
      return session;
    } catch (err) {
      await channel?.close();
      await this.ssh.disconnect();
      throw deadline.signal.aborted ? deadline.signal.reason : err;
    } finally {
      deadline.dispose();
    }
  }

  protected async close(session: NetconfSession): Promise<void> {
    try {
      await session.close();
    } finally {
      await this.ssh.disconnect();
    }
  }

  /**
   * Ends the session with `<close-session>` and disconnects, like `disconnect()`, but rejects when
   * the server did not confirm the close (`RpcError`, `TimeoutError`...), where `disconnect()` only
   * logs it. The connection is closed in every case.
   */
  async closeSession(options: RpcOptions = {}): Promise<void> {
    const session = this.raw;
    if (session === undefined) return;
    try {
      await session.close(options);
    } finally {
      await this.disconnect();
    }
  }

  protected override probe(session: NetconfSession): boolean {
    return !session.closed;
  }

  /** The open session; throws `DisconnectedError` when not connected or closed. */
  get session(): NetconfSession {
    const session = this.requireRaw();
    if (session.closed) {
      throw new DisconnectedError(
        `${deviceLabel(this.#context)}the NETCONF session has closed; reconnect first.`,
        this.#context,
      );
    }
    return session;
  }

  /** The server's capabilities (after connect). */
  get capabilities(): Capabilities {
    return this.requireRaw().capabilities;
  }

  /** The session-id the server assigned (after connect). */
  get sessionId(): string {
    return this.requireRaw().sessionId;
  }

  /** Sends one RPC with `operationXml` as the content of `<rpc>`. See `NetconfSession.rpc`. */
  async rpc(operationXml: string, options?: RpcOptions): Promise<RpcReply> {
    return this.session.rpc(operationXml, options);
  }
  async get(options?: GetOptions): Promise<RpcReply> {
    return this.session.get(options);
  }
  async getConfig(options?: GetConfigOptions): Promise<RpcReply> {
    return this.session.getConfig(options);
  }
  async editConfig(options: EditConfigOptions): Promise<RpcReply> {
    return this.session.editConfig(options);
  }
  async copyConfig(options: CopyConfigOptions): Promise<RpcReply> {
    return this.session.copyConfig(options);
  }
  async deleteConfig(target: DatastoreOrUrl, options?: RpcOptions): Promise<RpcReply> {
    return this.session.deleteConfig(target, options);
  }
  async lock(target: DatastoreOrUrl, options?: RpcOptions): Promise<RpcReply> {
    return this.session.lock(target, options);
  }
  async unlock(target: DatastoreOrUrl, options?: RpcOptions): Promise<RpcReply> {
    return this.session.unlock(target, options);
  }
  async commit(options?: CommitOptions): Promise<RpcReply> {
    return this.session.commit(options);
  }
  async cancelCommit(options?: CancelCommitOptions): Promise<RpcReply> {
    return this.session.cancelCommit(options);
  }
  async discardChanges(options?: RpcOptions): Promise<RpcReply> {
    return this.session.discardChanges(options);
  }
  async validate(options?: ValidateOptions): Promise<RpcReply> {
    return this.session.validate(options);
  }
  async killSession(sessionId: string | number, options?: RpcOptions): Promise<RpcReply> {
    return this.session.killSession(sessionId, options);
  }
  async getSchema(options: GetSchemaOptions): Promise<string> {
    return this.session.getSchema(options);
  }
  async subscribe(options?: SubscribeOptions): Promise<NotificationSubscription> {
    return this.session.subscribe(options);
  }
}
