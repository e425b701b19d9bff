import { type Capability, defineCapability, type OperationOptions } from "@patchbay/core";

/** A configuration datastore. Not every platform has every one; asking for a missing one is an error. */
export type ConfigSource = "running" | "startup" | "candidate";

/** How a configuration is written: CLI text, Junos `set` lines, NETCONF XML or JSON. */
export type ConfigFormat = "text" | "set" | "xml" | "json";

/** Options of {@link ConfigRead.getConfig}. */
export interface GetConfigOptions extends OperationOptions {
  /** @default "running" */
  source?: ConfigSource;
  /** @default the platform's native format ("text" for CLI platforms, "xml" for NETCONF) */
  format?: ConfigFormat;
}

/** A configuration as read from the device. */
export interface ConfigSnapshot {
  source: ConfigSource;
  format: ConfigFormat;
  config: string;
}

/** Reading configurations. */
export interface ConfigRead {
  getConfig(options?: GetConfigOptions): Promise<ConfigSnapshot>;
}

/** The `patchbay.ConfigRead` capability token. */
export const ConfigRead: Capability<ConfigRead> = defineCapability<ConfigRead>()("patchbay.ConfigRead", [
  "getConfig",
]);

/** Options of {@link ConfigWrite.loadConfig}. */
export interface LoadConfigOptions extends OperationOptions {
  /** The configuration to load. */
  config: string;
  /**
   * `merge` adds to the running configuration; `replace` makes it the whole configuration (what the
   * text lacks is removed). Platforms that cannot replace refuse it before anything is sent.
   */
  mode: "merge" | "replace";
  /** @default the platform's native format */
  format?: ConfigFormat;
}

/** Options of {@link ConfigWrite.commitConfig}. */
export interface CommitConfigOptions extends OperationOptions {
  /** A commit comment, where the platform keeps one. */
  message?: string;
  /**
   * Roll back by itself after this many seconds unless `confirmCommit` is called. Platforms without
   * confirmed commits throw `UnsupportedOperationError` rather than commit without the safety net.
   */
  confirmTimeoutSeconds?: number;
}

/** Options of {@link ConfigWrite.rollback}. */
export interface RollbackOptions extends OperationOptions {
  /**
   * How many commits to undo: 1 returns to the configuration before the last commit. Platforms
   * refuse more steps than they keep, and rollback altogether where they keep no history, before
   * anything is sent.
   * @default 1
   */
  steps?: number;
}

/** What a commit changed. */
export interface CommitResult {
  /** Unified diff of the running configuration before and after; empty when nothing changed. */
  diff: string;
  /** Whether it waits for `confirmCommit` and rolls back by itself otherwise. */
  pendingConfirmation: boolean;
}

/**
 * Changing the configuration as a transaction: load a candidate, look at the diff, then commit or
 * discard. Platforms without a candidate datastore emulate it (a session or a saved copy) or throw
 * `UnsupportedOperationError`; none silently applies a change some other way.
 */
export interface ConfigWrite {
  /** Stages a change. Nothing reaches the running configuration before `commitConfig`. */
  loadConfig(options: LoadConfigOptions): Promise<void>;
  /** The staged change as a unified diff against the running configuration; empty when nothing changes. */
  compareConfig(options?: OperationOptions): Promise<string>;
  /** Applies the staged change; returns what changed in the running configuration. */
  commitConfig(options?: CommitConfigOptions): Promise<CommitResult>;
  /** Confirms a commit made with `confirmTimeoutSeconds`. */
  confirmCommit(options?: OperationOptions): Promise<void>;
  /** Drops the staged change. Safe to call when nothing is staged. */
  discardConfig(options?: OperationOptions): Promise<void>;
  /** Returns to the configuration before the last `steps` commits (default 1). */
  rollback(options?: RollbackOptions): Promise<void>;
}

/** The `patchbay.ConfigWrite` capability token. */
export const ConfigWrite: Capability<ConfigWrite> = defineCapability<ConfigWrite>()("patchbay.ConfigWrite", [
  "loadConfig",
  "compareConfig",
  "commitConfig",
  "confirmCommit",
  "discardConfig",
  "rollback",
]);
