import type { Readable } from "node:stream";

/** One algorithm list override: a full replacement, or changes to ssh2's defaults. */
export type AlgorithmOverride =
  | readonly string[]
  | {
      /** Added after the defaults (lowest preference), for old devices. */
      append?: readonly string[];
      /** Added before the defaults (highest preference). */
      prepend?: readonly string[];
      /** Removed from the defaults. */
      remove?: readonly string[];
      /** Used instead of the defaults. */
      replace?: readonly string[];
    };

/** Algorithm overrides, mostly for old devices that only speak SHA-1 kex or CBC ciphers. */
export interface SshAlgorithms {
  kex?: AlgorithmOverride;
  cipher?: AlgorithmOverride;
  serverHostKey?: AlgorithmOverride;
  hmac?: AlgorithmOverride;
  compress?: AlgorithmOverride;
}

/** How the server's host key is checked. */
export type HostKeyPolicy = "strict" | "accept-new" | "off";

/** An authentication method, in the order `authOrder` lists them. */
export type SshAuthMethod = "publickey" | "agent" | "password" | "keyboard-interactive";

/** The jump host a connection goes through (like OpenSSH's ProxyJump). */
export interface SshJumpHost extends SshOptions {
  /** Host name or address of the jump host. */
  host: string;
  /** @default 22 */
  port?: number;
  username: string;
  password?: string;
}

/**
 * Connection options of `SshConnection`. Every key may also be set per device in
 * `device.data.ssh` (a plain object; file paths instead of key material), except `logger`.
 * Precedence: explicit options, then `device.data.ssh`, then the defaults.
 */
export interface SshOptions {
  /** User name; overrides `device.username`. */
  username?: string;
  /** Password, also used to answer keyboard-interactive prompts; overrides `device.password`. */
  password?: string;
  /** TCP port; overrides `device.port`. @default 22 */
  port?: number;
  /** Private key material (PEM or OpenSSH format). */
  privateKey?: string | Buffer;
  /** Path of a private key file, read when connecting. Ignored when `privateKey` is set. */
  privateKeyPath?: string;
  /** Passphrase of an encrypted private key. */
  passphrase?: string;
  /**
   * ssh-agent to use: `true` for `$SSH_AUTH_SOCK`, a socket path, or `false` for none.
   * @default false
   */
  agent?: boolean | string;
  /**
   * Order in which methods are tried; a method without credentials is skipped, and so is one the
   * server does not offer.
   * @default ["publickey", "agent", "password", "keyboard-interactive"]
   */
  authOrder?: readonly SshAuthMethod[];
  /**
   * Host key checking: `strict` (the key must be in `knownHostsPath`), `accept-new` (record an
   * unknown key, refuse a changed one) or `off` (accept anything, log a warning).
   * @default "accept-new"
   */
  hostKeyPolicy?: HostKeyPolicy;
  /** OpenSSH known_hosts file. @default "~/.ssh/known_hosts" */
  knownHostsPath?: string;
  /** Algorithm overrides for old devices. @default ssh2's defaults */
  algorithms?: SshAlgorithms;
  /** Connect through this jump host. @default none */
  jumpHost?: SshJumpHost;
  /** Time to establish the TCP connection (or the jump host's forwarded channel). @default 10000 */
  connectTimeoutMs?: number;
  /** Time for the SSH handshake and authentication. @default 20000 */
  authTimeoutMs?: number;
  /** Default time limit of each operation (exec, SFTP transfer, opening a shell). @default 60000 */
  operationTimeoutMs?: number;
  /** Interval of transport keepalives; 0 disables them. @default 15000 */
  keepaliveIntervalMs?: number;
  /** Unanswered keepalives before the connection is declared dead. @default 3 */
  keepaliveCountMax?: number;
  /**
   * Extra connect attempts after an unreachable host or a connect timeout. Authentication and host
   * key failures are never retried.
   * @default 2
   */
  connectRetries?: number;
  /** Smallest delay before a retry (jittered between min and max, growing per attempt). @default 250 */
  retryMinDelayMs?: number;
  /** Largest delay before a retry. @default 3000 */
  retryMaxDelayMs?: number;
}

/** Options after merging explicit options, `device.data.ssh` and defaults. */
export interface ResolvedSshOptions {
  host: string;
  port: number;
  username: string;
  password: string | undefined;
  privateKey: string | Buffer | undefined;
  privateKeyPath: string | undefined;
  passphrase: string | undefined;
  /** Agent socket path, or undefined for none. */
  agent: string | undefined;
  authOrder: readonly SshAuthMethod[];
  hostKeyPolicy: HostKeyPolicy;
  knownHostsPath: string;
  algorithms: SshAlgorithms | undefined;
  jumpHost: SshJumpHost | undefined;
  connectTimeoutMs: number;
  authTimeoutMs: number;
  operationTimeoutMs: number;
  keepaliveIntervalMs: number;
  keepaliveCountMax: number;
  connectRetries: number;
  retryMinDelayMs: number;
  retryMaxDelayMs: number;
}

/** A source of data to upload or feed to a command's stdin. */
export type DataSource = string | Buffer | Uint8Array | Readable;
