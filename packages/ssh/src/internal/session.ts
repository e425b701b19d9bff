import type { ErrorContext, Logger } from "@patchbay/core";
import type { Client } from "ssh2";

/** What exec, SFTP and shells need from an open connection. */
export interface SshSession {
  readonly client: Client;
  /** deviceId, host and platform for errors. */
  readonly context: ErrorContext;
  readonly logger: Logger;
  /** Default time limit of an operation. */
  readonly operationTimeoutMs: number;
  /** Secrets to mask in messages. */
  readonly secrets: readonly string[];
  /** True once the SSH connection has closed. */
  isClosed(): boolean;
  /** Subscribes to the connection closing; returns the unsubscribe function. */
  onClosed(listener: () => void): () => void;
}
