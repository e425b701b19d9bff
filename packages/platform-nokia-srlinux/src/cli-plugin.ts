import {
  type ConfigSnapshot,
  type DeviceInfo,
  type Facts,
  firstLines,
  type GetConfigOptions,
} from "@patchbay/capabilities";
import {
  CommandError,
  type Device,
  deviceLabel,
  type OperationOptions,
  type PluginContext,
  UnsupportedOperationError,
} from "@patchbay/core";
import type { NetworkDriverOptions } from "@patchbay/driver";
import { type ConfigCommands, type ConfigDialect, SshCliPlugin } from "@patchbay/driver/ssh";
import { srlinuxDialect } from "./cli-dialect.ts";
import { parseShowVersionFields, srlinuxFacts } from "./facts.ts";
import { srlinuxSettings } from "./settings.ts";

/**
 * SR Linux's CLI over SSH: commands, facts from `show version`, the running configuration as the
 * `info from running` tree (text) or `info flat from running` lines (set), and the configuration
 * transaction of {@link SshCliPlugin} spelled for the SR Linux candidate ({@link srlinuxDialect}).
 */
export class SrlinuxCliPlugin extends SshCliPlugin implements DeviceInfo {
  protected readonly driverPlatform = "nokia_srlinux";
  readonly #settings: ReturnType<typeof srlinuxSettings.parse>;

  constructor(device: Device, context: PluginContext) {
    super(device, context);
    this.#settings = srlinuxSettings.parse(device.data.srlinux ?? {}, this.context);
  }

  protected override configCommands(): ConfigCommands {
    return { running: "info from running" };
  }

  protected override driverOptions(): Partial<NetworkDriverOptions> {
    return { timeoutOpsMs: this.#settings.commandTimeoutMs };
  }

  protected override configDialect(): ConfigDialect {
    return srlinuxDialect;
  }

  protected override saveOnCommit(): boolean {
    return this.#settings.saveOnCommit;
  }

  protected override cleanConfig(output: string): string {
    const text = output.replace(/^\n+/, "").replace(/\n+$/, "");
    return text === "" ? "" : `${text}\n`;
  }

  override async getConfig(options: GetConfigOptions = {}): Promise<ConfigSnapshot> {
    const source = options.source ?? "running";
    const format = options.format ?? "text";
    if (format !== "text" && format !== "set") {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}the SR Linux CLI plugin reads configurations as text (info) or set (info flat), not ${format}; use the JSON-RPC plugin for JSON.`,
        this.context,
      );
    }
    if (source !== "running") {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}the SR Linux CLI plugin reads the running configuration only, not ${source}.`,
        this.context,
      );
    }
    const command = format === "set" ? "info flat from running" : "info from running";
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

  async getFacts(options: OperationOptions = {}): Promise<Facts> {
    const response = await this.driver.sendCommand("show version", options);
    if (response.failed) {
      throw new CommandError(
        `${deviceLabel(this.context)}"show version" failed: ${firstLines(response.result)}`,
        { ...this.context, command: "show version" },
      );
    }
    const fields = parseShowVersionFields(response.result);
    const facts = srlinuxFacts(fields, { "show version": response.result });
    return facts.hostname === "" ? { ...facts, hostname: this.driver.hostname ?? "" } : facts;
  }

  /**
   * Validates a change without committing it: the lines in the candidate, `commit validate`, then
   * `discard now`. Resolves when the device accepts them; throws `CommandError` with the device's
   * reason otherwise. Nothing is applied either way.
   */
  async validateConfig(config: string, options: OperationOptions = {}): Promise<void> {
    const lines = srlinuxDialect.split!(config);
    for (const line of lines) {
      const reason = srlinuxDialect.checkLine?.(line);
      if (reason !== undefined)
        throw new CommandError(`${deviceLabel(this.context)}"${line}" ${reason}; nothing was sent.`, {
          ...this.context,
          command: line,
        });
    }
    const responses = await this.driver.sendConfigs([...lines, "commit validate", "discard now"], {
      ...options,
      commit: false,
      stopOnFailed: true,
    });
    const failed = responses.find((r) => r.failed);
    if (failed !== undefined) {
      throw new CommandError(
        `${deviceLabel(this.context)}the device rejected "${failed.input}": ${firstLines(failed.result)}. Nothing was applied.`,
        { ...this.context, command: failed.input },
      );
    }
  }
}
