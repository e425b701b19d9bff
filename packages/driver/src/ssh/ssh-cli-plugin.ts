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
  commandResult,
  firstLines,
  type GetConfigOptions,
  type LoadConfigOptions,
  parseCommandResults,
  type RollbackOptions,
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
import type { CliSteps, CommitSpec, ConfigDialect } from "./config-dialect.ts";
import { previewMerge } from "./merge-preview.ts";
import { checkConfirm, type StagedConfig, stageConfig, uniqueSessionName, visitLines } from "./staging.ts";

/** The show commands that print each configuration datastore; a missing one is unsupported. */
export type ConfigCommands = Partial<Record<ConfigSource, string>>;

/**
 * Base class of SSH command-line plugins for network devices: an SSH connection, a pty shell, and a
 * {@link NetworkDriver} for the platform on top, opened on connect and closed on teardown.
 *
 * It implements `Commands`, `ConfigRead` and the whole `ConfigWrite` transaction once for every
 * platform: `loadConfig` stages, `compareConfig` previews (the device's own rendering of the candidate
 * where it has one, a computed merge otherwise), `commitConfig` sends the change in one configuration
 * visit (a rejected line aborts it) and returns the real before/after diff, `confirmCommit` and
 * `rollback` run the platform's commands. A platform says how with {@link SshCliPlugin.configDialect};
 * whatever its dialect lacks (replace, confirmed commits, rollback) is refused before anything is sent.
 * Subclasses add `getFacts` and platform features.
 */
export abstract class SshCliPlugin
  extends ConnectionPlugin<Client>
  implements Commands, ConfigRead, ConfigWrite
{
  #driver: NetworkDriver | undefined;
  #staged: StagedConfig | undefined;

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
      // The driver already judged the platform's failure texts; the caller's extra ones come on top.
      const result = commandResult({
        command,
        output: response.result,
        error:
          response.failed && !response.failedWhenContains.some((t) => response.result.includes(t))
            ? "the device reported an error"
            : undefined,
        platformFailures: response.failedWhenContains,
        failedWhenContains: options.failedWhenContains,
        startedAt: response.start,
        elapsedMs: response.elapsedMs,
      });
      results.push(result);
      if (result.failed && options.stopOnFailed) break;
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

  /** Removes what the device prints around the configuration (`Building configuration...`, timestamps). */
  protected cleanConfig(output: string): string {
    return (
      output
        .replace(/^(Building configuration\.\.\.|Current configuration : \d+ bytes)\s*\n/gm, "")
        // Timestamps change with every commit and would fill every diff.
        .replace(/^! (Last configuration change|NVRAM config last updated) at .*\n/gm, "")
        .replace(/^\n+/, "")
    );
  }

  /**
   * How the platform spells its configuration transaction. The default applies merge lines one by
   * one in configuration mode and supports nothing else.
   */
  protected configDialect(): ConfigDialect {
    return { entry: "lines" };
  }

  /** Whether a commit that changed something is saved with the dialect's `save` command. @default false */
  protected saveOnCommit(): boolean {
    return false;
  }

  async loadConfig(options: LoadConfigOptions): Promise<void> {
    this.#staged = stageConfig(this.configDialect(), options, this.context);
  }

  async compareConfig(options: OperationOptions = {}): Promise<string> {
    const staged = this.#staged;
    if (staged === undefined) return "";
    const dialect = this.configDialect();
    const running = (await this.getConfig({ ...options, source: "running" })).config;
    const lines = visitLines(dialect, staged, await this.#compareBase(dialect, staged, running, options));
    const show =
      staged.mode === "replace"
        ? (dialect.replace?.showCandidate ?? dialect.showCandidate)
        : dialect.showCandidate;
    let candidate: string;
    if (dialect.entry === "lines" || show === undefined) candidate = previewMerge(running, lines);
    else {
      const outputs = await this.#visit(
        [...lines, show, ...(dialect.abort ?? [])],
        dialect,
        options,
        "preview",
      );
      candidate = this.cleanConfig(outputs[lines.length] ?? "");
    }
    return unifiedDiff(running, candidate, { before: "running", after: "candidate" });
  }

  async commitConfig(options: CommitConfigOptions = {}): Promise<CommitResult> {
    const dialect = this.configDialect();
    const staged = this.#staged;
    const confirmSeconds = checkConfirm(dialect, staged, options.confirmTimeoutSeconds, this.context);
    if (staged === undefined) return { diff: "", pendingConfirmation: false };
    const steps = this.#steps(options);
    await dialect.rollback?.beforeCommit?.(steps);
    const before = (await this.getConfig({ ...options, source: "running" })).config;
    const lines = visitLines(dialect, staged, await this.#compareBase(dialect, staged, before, options));
    if (dialect.entry === "lines") {
      await this.#visit(lines, dialect, options, "commit");
    } else {
      const message = options.message?.replace(/["\\\r\n]+/g, " ").trim();
      const spec: CommitSpec = {
        replace: staged.mode === "replace",
        confirmSeconds,
        message: message || undefined,
      };
      const commit = dialect.commit?.(spec) ?? ["commit"];
      const outputs = await this.#visit([...lines, ...commit], dialect, options, "commit");
      const done = outputs[outputs.length - 1] ?? "";
      if (dialect.committed !== undefined && !dialect.committed.test(done)) {
        throw new CommandError(
          `${deviceLabel(this.context)}"${commit.join("; ")}" did not report a successful commit: ${firstLines(done)}. Compare the running configuration before trying again.`,
          { ...this.context, command: commit.join("; ") },
        );
      }
    }
    this.#staged = undefined;
    const after = (await this.getConfig({ ...options, source: "running" })).config;
    const diff = unifiedDiff(before, after, { before: "before", after: "after" });
    if (this.saveOnCommit() && diff !== "" && confirmSeconds === undefined)
      await this.#save(dialect, options);
    return { diff, pendingConfirmation: confirmSeconds !== undefined };
  }

  async confirmCommit(options: OperationOptions = {}): Promise<void> {
    const confirm = this.configDialect().confirm;
    if (confirm === undefined) {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}the platform has no confirmed commits over the CLI, so there is nothing to confirm.`,
        this.context,
      );
    }
    await confirm.confirm(this.#steps(options));
  }

  async discardConfig(): Promise<void> {
    this.#staged = undefined;
  }

  async rollback(options: RollbackOptions = {}): Promise<void> {
    const rollback = this.configDialect().rollback;
    const steps = options.steps ?? 1;
    if (rollback === undefined) {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}rollback is not supported over this platform's CLI (it keeps no earlier configuration to return to); nothing was sent.`,
        this.context,
      );
    }
    if (!Number.isInteger(steps) || steps < 1 || steps > rollback.maxSteps) {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}rollback steps must be a whole number from 1 to ${rollback.maxSteps} on this platform, not ${steps}; nothing was sent.`,
        this.context,
      );
    }
    await rollback.rollback(steps, this.#steps(options));
  }

  /** The staged lines (the platform reads its candidate with them). */
  protected stagedLines(): readonly string[] {
    return this.#staged?.lines ?? [];
  }

  /** The running configuration a computed replace compares with, in the dialect's format. */
  async #compareBase(
    dialect: ConfigDialect,
    staged: StagedConfig,
    running: string,
    options: OperationOptions,
  ): Promise<string> {
    const format = dialect.replace?.runningFormat;
    if (staged.mode !== "replace" || format === undefined || format === this.nativeConfigFormat())
      return running;
    return (await this.getConfig({ ...options, source: "running", format })).config;
  }

  /** Sends lines in one configuration visit (a session, a candidate or configuration mode). */
  async #visit(
    lines: readonly string[],
    dialect: ConfigDialect,
    options: OperationOptions,
    purpose: "preview" | "commit" | "step",
  ): Promise<string[]> {
    const session = dialect.entry === "session" ? uniqueSessionName(dialect.sessionPrefix) : undefined;
    const responses = await this.driver.sendConfigs(lines, {
      ...options,
      ...(session !== undefined ? { session } : {}),
      commit: false,
      stopOnFailed: true,
    });
    const failed = responses.find((r) => r.failed);
    if (failed !== undefined) {
      const fate =
        dialect.entry === "lines"
          ? "The lines after it were not sent; the ones before it may be applied (compare the running configuration)."
          : purpose === "preview"
            ? "The preview was abandoned; nothing was applied."
            : "The change was aborted; nothing was applied.";
      throw new CommandError(
        `${deviceLabel(this.context)}the device rejected "${failed.input}": ${firstLines(failed.result)}. ${fate}`,
        { ...this.context, command: failed.input },
      );
    }
    return responses.map((r) => r.result);
  }

  #steps(options: OperationOptions): CliSteps {
    return {
      exec: async (commands) => {
        const outputs: string[] = [];
        for (const command of commands) {
          const response = await this.driver.sendCommand(command, options);
          if (response.failed) {
            throw new CommandError(
              `${deviceLabel(this.context)}"${command}" failed: ${firstLines(response.result)}`,
              { ...this.context, command },
            );
          }
          outputs.push(response.result);
        }
        return outputs;
      },
      config: (lines) => this.#visit(lines, { entry: "lines" }, options, "step"),
      running: async () => (await this.getConfig({ ...options, source: "running" })).config,
      fail: (message, command) => {
        throw new CommandError(`${deviceLabel(this.context)}${message}`, {
          ...this.context,
          ...(command !== undefined ? { command } : {}),
        });
      },
    };
  }

  async #save(dialect: ConfigDialect, options: OperationOptions): Promise<void> {
    const save = dialect.save;
    if (save === undefined) return;
    const response = await this.driver.sendCommand(save.command, options);
    if (response.failed || !save.ok.test(response.result)) {
      throw new CommandError(
        `${deviceLabel(this.context)}the change is in the running configuration but "${save.command}" did not confirm the save: ${firstLines(response.result)}; save it before a reload.`,
        { ...this.context, command: save.command },
      );
    }
  }
}
