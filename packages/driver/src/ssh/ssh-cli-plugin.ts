import {
  type CommandResult,
  type Commands,
  type CommitConfigOptions,
  type CommitResult,
  type ConfigFormat,
  type ConfigRead,
  type ConfigSnapshot,
  type ConfigSource,
  type ConfigWrite,
  type GetConfigOptions,
  type LoadConfigOptions,
  parseCommandResults,
  type RunCommandsOptions,
  unifiedDiff,
} from "@patchbay/capabilities";
import {
  CommandError,
  ConnectionError,
  ConnectionPlugin,
  type Device,
  deviceLabel,
  type ErrorContext,
  type OperationOptions,
  type PluginContext,
  UnsupportedOperationError,
} from "@patchbay/core";
import { resolveSshOptions, SshConnection, type SshOptions, validateSshDevice } from "@patchbay/ssh";
import type { Client } from "ssh2";
import { NetworkDriver, type NetworkDriverOptions } from "../network-driver.ts";
import { previewMerge } from "./merge-preview.ts";

/** The show commands that print each configuration datastore; a missing one is unsupported. */
export type ConfigCommands = Partial<Record<ConfigSource, string>>;

/**
 * Base class of SSH command-line plugins for network devices: an SSH connection, a pty shell, and a
 * {@link NetworkDriver} for the platform on top, opened on connect and closed on teardown.
 *
 * It implements `Commands`, `ConfigRead` and a `ConfigWrite` for platforms without a candidate
 * datastore: `loadConfig` stages merge lines, `compareConfig` previews the merge as a diff,
 * `commitConfig` sends them in configuration mode (stopping at the first rejected line and running
 * the platform's abort) and returns the real before/after diff. Replace, confirmed commits and
 * rollback throw `UnsupportedOperationError` unless a platform overrides them with something safe.
 * Subclasses add `getFacts` and platform features.
 */
export abstract class SshCliPlugin
  extends ConnectionPlugin<Client>
  implements Commands, ConfigRead, ConfigWrite
{
  #driver: NetworkDriver | undefined;
  #staged: { mode: "merge" | "replace"; lines: string[]; config: string } | undefined;

  constructor(device: Device, context: PluginContext) {
    super(device, context);
    validateSshDevice(device, this.sshOptions());
    resolveSshOptions(device, this.sshOptions());
  }

  /** The driver platform id (`cisco_iosxe`, `arista_eos`...). */
  protected abstract readonly driverPlatform: string;

  /** The commands that print each datastore. @default running and startup the Cisco way */
  protected configCommands(): ConfigCommands {
    return { running: "show running-config", startup: "show startup-config" };
  }

  /** Extra driver options (timeouts, failure texts). */
  protected driverOptions(): Partial<NetworkDriverOptions> {
    return {};
  }

  /** SSH options for the platform (algorithms for old devices...). */
  protected sshOptions(): SshOptions {
    return {};
  }

  protected get context(): ErrorContext {
    return { deviceId: this.device.id, host: this.device.host, platform: this.device.platform };
  }

  protected createConnection(): SshConnection {
    return new SshConnection({ device: this.device, options: this.sshOptions(), logger: this.logger });
  }

  protected override async onConnected(options: OperationOptions): Promise<void> {
    const ssh = this.connection as SshConnection;
    const driver = new NetworkDriver({
      device: this.device,
      platform: this.driverPlatform,
      logger: this.logger,
      transport: (op) => ssh.openShell(op),
      ...this.driverOptions(),
    });
    await driver.open(options);
    this.#driver = driver;
  }

  /** Closes the driver (leaving config mode politely), then the SSH connection. Never throws. */
  override async teardownConnection(): Promise<void> {
    const driver = this.#driver;
    this.#driver = undefined;
    this.#staged = undefined;
    if (driver !== undefined) {
      await driver
        .close()
        .catch((error: unknown) => this.logger.warn({ err: error }, "closing the CLI driver failed"));
    }
    await super.teardownConnection();
  }

  /** The open driver; a typed error when the plugin is not connected. */
  get driver(): NetworkDriver {
    if (this.#driver === undefined) {
      throw new ConnectionError(
        `${deviceLabel(this.context)}the CLI session is not open; connect first.`,
        this.context,
      );
    }
    return this.#driver;
  }

  async runCommands(commands: readonly string[], options: RunCommandsOptions = {}): Promise<CommandResult[]> {
    const results: CommandResult[] = [];
    for (const command of commands) {
      const response = await this.driver.sendCommand(command, {
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.signal !== undefined ? { signal: options.signal } : {}),
      });
      // The platform's failure texts, then the caller's extra ones.
      const matched = [...response.failedWhenContains, ...(options.failedWhenContains ?? [])].find((t) =>
        response.result.includes(t),
      );
      const failed = response.failed || matched !== undefined;
      results.push({
        command,
        output: response.result,
        failed,
        ...(failed
          ? {
              failureReason:
                matched !== undefined ? `output contains "${matched}"` : "the device reported an error",
            }
          : {}),
        startedAt: response.start,
        elapsedMs: response.elapsedMs,
      });
      if (failed && options.stopOnFailed) break;
    }
    return parseCommandResults(results, options, { platform: this.device.platform });
  }

  async getConfig(options: GetConfigOptions = {}): Promise<ConfigSnapshot> {
    const source = options.source ?? "running";
    const format = options.format ?? "text";
    if (format !== this.nativeConfigFormat()) {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}the CLI plugin reads configurations as ${this.nativeConfigFormat()}, not ${format}.`,
        this.context,
      );
    }
    const command = this.configCommands()[source];
    if (command === undefined) {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}the platform has no ${source} configuration.`,
        this.context,
      );
    }
    const response = await this.driver.sendCommand(command, options);
    if (response.failed) {
      throw new CommandError(
        `${deviceLabel(this.context)}"${command}" failed: ${firstLines(response.result)}`,
        {
          ...this.context,
          command,
        },
      );
    }
    return { source, format, config: this.cleanConfig(response.result) };
  }

  /** The format `getConfig` returns. */
  protected nativeConfigFormat(): ConfigFormat {
    return "text";
  }

  /** Removes what the device prints around the configuration (`Building configuration...`). */
  protected cleanConfig(output: string): string {
    return output
      .replace(/^(Building configuration\.\.\.|Current configuration : \d+ bytes)\s*\n/gm, "")
      .replace(/^\n+/, "");
  }

  async loadConfig(options: LoadConfigOptions): Promise<void> {
    if (options.format !== undefined && options.format !== this.nativeConfigFormat()) {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}configurations are loaded as ${this.nativeConfigFormat()}, not ${options.format}.`,
        this.context,
      );
    }
    if (options.mode === "replace") this.replaceUnsupported();
    // Blank lines and `end` are dropped: `end` would leave configuration mode half way through.
    const lines = options.config
      .replace(/\r\n?/g, "\n")
      .split("\n")
      .filter((l) => l.trim() !== "" && l.trim() !== "end");
    if (lines.length === 0) {
      throw new CommandError(`${deviceLabel(this.context)}the configuration to load is empty.`, this.context);
    }
    this.#staged = { mode: options.mode, lines, config: options.config };
  }

  async compareConfig(options: OperationOptions = {}): Promise<string> {
    const staged = this.#staged;
    if (staged === undefined) return "";
    const running = (await this.getConfig({ ...options, source: "running" })).config;
    return unifiedDiff(running, previewMerge(running, staged.lines), {
      before: "running",
      after: "candidate",
    });
  }

  async commitConfig(options: CommitConfigOptions = {}): Promise<CommitResult> {
    if (options.confirmTimeoutSeconds !== undefined) {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}the platform has no confirmed commit over the CLI; nothing was changed.`,
        this.context,
      );
    }
    const staged = this.#staged;
    if (staged === undefined) return { diff: "", pendingConfirmation: false };
    const before = (await this.getConfig({ ...options, source: "running" })).config;
    const responses = await this.driver.sendConfigs(staged.lines, { ...options, stopOnFailed: true });
    const failed = responses.find((r) => r.failed);
    if (failed !== undefined) {
      throw new CommandError(
        `${deviceLabel(this.context)}the device rejected "${failed.input}": ${firstLines(failed.result)}. The lines after it were not sent; the ones before it may be applied (compare the running configuration).`,
        { ...this.context, command: failed.input },
      );
    }
    this.#staged = undefined;
    const after = (await this.getConfig({ ...options, source: "running" })).config;
    return {
      diff: unifiedDiff(before, after, { before: "before", after: "after" }),
      pendingConfirmation: false,
    };
  }

  async confirmCommit(): Promise<void> {
    throw new UnsupportedOperationError(
      `${deviceLabel(this.context)}there is no pending confirmed commit to confirm.`,
      this.context,
    );
  }

  async discardConfig(): Promise<void> {
    this.#staged = undefined;
  }

  async rollback(): Promise<void> {
    throw new UnsupportedOperationError(
      `${deviceLabel(this.context)}rollback is not supported over this platform's CLI (no safe way to restore the previous configuration).`,
      this.context,
    );
  }

  protected replaceUnsupported(): never {
    throw new UnsupportedOperationError(
      `${deviceLabel(this.context)}replacing the whole configuration is not supported over this platform's CLI; load it in merge mode.`,
      this.context,
    );
  }
}

function firstLines(text: string): string {
  return text.split("\n").slice(0, 3).join(" / ").slice(0, 300);
}
