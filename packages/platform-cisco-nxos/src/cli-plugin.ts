import type {
  CommitConfigOptions,
  CommitResult,
  DeviceInfo,
  Facts,
  LoadConfigOptions,
} from "@patchbay/capabilities";
import { unifiedDiff } from "@patchbay/capabilities";
import {
  CommandError,
  type Device,
  deviceLabel,
  type OperationOptions,
  type PluginContext,
  UnsupportedOperationError,
} from "@patchbay/core";
import { getPlatformDefinition, type NetworkDriverOptions, type PlatformDefinition } from "@patchbay/driver";
import { SshCliPlugin } from "@patchbay/driver/ssh";
import { parseShowVersion } from "./facts.ts";
import { cleanNxosConfig } from "./internal/clean.ts";
import { ciscoNxosSettings } from "./settings.ts";

/**
 * NX-OS over an SSH shell (the driver's `cisco_nxos` platform): show commands, running and startup
 * configurations, merges with a preview and the real diff, facts from `show version`.
 *
 * With `configSessions` (the default) a commit goes through `configure session`: every line is sent
 * into the session, then `commit`; a rejected line (or a failed commit) aborts the session, so
 * nothing is applied. Replace, confirmed commits and rollback have no safe CLI form here (NX-OS
 * checkpoints are not managed by this plugin) and throw before anything is sent.
 */
export class CiscoNxosCliPlugin extends SshCliPlugin implements DeviceInfo {
  protected readonly driverPlatform = "cisco_nxos";
  readonly #settings: ReturnType<typeof ciscoNxosSettings.parse>;
  #lines: string[] | undefined;

  constructor(device: Device, context: PluginContext) {
    super(device, context);
    this.#settings = ciscoNxosSettings.parse(device.data.nxos ?? {}, {
      deviceId: device.id,
      host: device.host,
      platform: device.platform,
    });
  }

  protected override driverOptions(): Partial<NetworkDriverOptions> {
    return { timeoutOpsMs: this.#settings.commandTimeoutMs, platform: nxosWithExplicitCommit() };
  }

  /** Drops the header comments whose timestamps change on every read (they would fill every diff). */
  protected override cleanConfig(output: string): string {
    return cleanNxosConfig(super.cleanConfig(output));
  }

  async getFacts(options: OperationOptions = {}): Promise<Facts> {
    const response = await this.driver.sendCommand("show version", options);
    if (response.failed) {
      throw new CommandError(
        `${deviceLabel(this.context)}"show version" failed: ${response.result.slice(0, 200)}`,
        { ...this.context, command: "show version" },
      );
    }
    const facts = parseShowVersion(response.result);
    if (facts.hostname === "") facts.hostname = this.driver.hostname ?? "";
    return facts;
  }

  override async loadConfig(options: LoadConfigOptions): Promise<void> {
    await super.loadConfig(options);
    this.#lines = splitLines(options.config);
  }

  override async discardConfig(_options?: OperationOptions): Promise<void> {
    this.#lines = undefined;
    await super.discardConfig();
  }

  override async teardownConnection(): Promise<void> {
    this.#lines = undefined;
    await super.teardownConnection();
  }

  override async commitConfig(options: CommitConfigOptions = {}): Promise<CommitResult> {
    if (!this.#settings.configSessions) return super.commitConfig(options);
    if (options.confirmTimeoutSeconds !== undefined) {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}NX-OS has no confirmed commit over the CLI; nothing was changed.`,
        this.context,
      );
    }
    const lines = this.#lines;
    if (lines === undefined) return { diff: "", pendingConfirmation: false };
    const before = (await this.getConfig({ ...options, source: "running" })).config;
    const session = uniqueSessionName(this.#settings.sessionPrefix);
    const responses = await this.driver.sendConfigs([...lines, "commit"], {
      ...options,
      session,
      stopOnFailed: true,
    });
    const failed = responses.find((r) => r.failed);
    if (failed !== undefined) {
      throw new CommandError(
        `${deviceLabel(this.context)}the device rejected "${failed.input}": ${firstLines(failed.result)}. Configuration session "${session}" was aborted; nothing was applied.`,
        { ...this.context, command: failed.input },
      );
    }
    await this.discardConfig();
    const after = (await this.getConfig({ ...options, source: "running" })).config;
    return {
      diff: unifiedDiff(before, after, { before: "before", after: "after" }),
      pendingConfirmation: false,
    };
  }
}

let explicitCommit: PlatformDefinition | undefined;

/**
 * The driver's NX-OS definition, but a session is committed by a `commit` line the plugin sends
 * itself: the driver's own commit step ignores failures, and a failed commit must not pass silently.
 */
function nxosWithExplicitCommit(): PlatformDefinition {
  if (explicitCommit !== undefined) return explicitCommit;
  const base = getPlatformDefinition("cisco_nxos");
  if (base.configSession === undefined) return base;
  explicitCommit = Object.freeze({
    ...base,
    failedWhenContains: [
      ...base.failedWhenContains,
      "Commit failed",
      "% Failed to commit",
      "Verification failed",
    ],
    configSession: Object.freeze({ ...base.configSession, commit: [] }),
  });
  return explicitCommit;
}

let sessions = 0;

function uniqueSessionName(prefix: string): string {
  sessions = (sessions + 1) % 1_000_000;
  return `${prefix}-${process.pid.toString(36)}-${sessions.toString(36)}${Math.floor(Math.random() * 36 ** 3).toString(36)}`;
}

/** The non-empty lines of a configuration, without `end` (which would leave the session). */
function splitLines(config: string): string[] {
  return config
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .filter((l) => l.trim() !== "" && l.trim() !== "end");
}

function firstLines(text: string): string {
  return text.split("\n").slice(0, 3).join(" / ").slice(0, 300);
}
