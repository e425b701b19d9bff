import {
  type CommitConfigOptions,
  type CommitResult,
  type ConfigFormat,
  type ConfigSnapshot,
  type DeviceInfo,
  type Facts,
  firstLines,
  type GetConfigOptions,
  type LoadConfigOptions,
  unifiedDiff,
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
import { junosDialect } from "./cli-dialect.ts";
import { parseJunosCliFacts } from "./junos-facts.ts";
import { junosSettings } from "./settings.ts";

/**
 * Junos over the SSH CLI: show commands, the configuration as text or `set` lines (and the candidate
 * with the staged lines), facts, and the configuration transaction of {@link SshCliPlugin} spelled
 * for the Junos candidate ({@link junosDialect}): merge and replace, `commit confirmed`, `rollback N`.
 */
export class JunosCliPlugin extends SshCliPlugin implements DeviceInfo {
  protected readonly driverPlatform = "juniper_junos";
  readonly #settings: ReturnType<typeof junosSettings.parse>;

  constructor(device: Device, context: PluginContext) {
    super(device, context);
    this.#settings = junosSettings.parse(device.data.junos ?? {}, this.context);
  }

  protected override configCommands(): ConfigCommands {
    return { running: "show configuration" };
  }

  protected override driverOptions(): Partial<NetworkDriverOptions> {
    return { timeoutOpsMs: this.#settings.commandTimeoutMs };
  }

  protected override configDialect(): ConfigDialect {
    return junosDialect;
  }

  protected override cleanConfig(output: string): string {
    return output
      .replace(/^## Last (commit|changed):.*\n/gm, "")
      .replace(/\n*\[edit[^\]\n]*\]\s*$/, "\n")
      .replace(/^\n+/, "");
  }

  async getFacts(options: OperationOptions = {}): Promise<Facts> {
    const [version, hardware, uptime] = await this.runCommands(
      ["show version", "show chassis hardware", "show system uptime"],
      options,
    );
    if (version === undefined || version.failed) {
      throw new CommandError(
        `${deviceLabel(this.context)}"show version" failed: ${version?.output.slice(0, 200)}`,
        {
          ...this.context,
          command: "show version",
        },
      );
    }
    return parseJunosCliFacts({
      version: version.output,
      hardware: hardware?.failed ? undefined : hardware?.output,
      uptime: uptime?.failed ? undefined : uptime?.output,
    });
  }

  override async getConfig(options: GetConfigOptions = {}): Promise<ConfigSnapshot> {
    const source = options.source ?? "running";
    const format = options.format ?? "text";
    if (format !== "text" && format !== "set") {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}the Junos CLI plugin reads configurations as text or set, not ${format}; use the NETCONF plugin for XML.`,
        this.context,
      );
    }
    if (source === "startup") {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}Junos has no startup configuration: the committed configuration is the running one.`,
        this.context,
      );
    }
    if (source === "candidate") return { source, format, config: await this.#candidate(format, options) };
    const command = format === "set" ? "show configuration | display set" : "show configuration";
    const response = await this.driver.sendCommand(command, options);
    if (response.failed) {
      throw new CommandError(
        `${deviceLabel(this.context)}"${command}" failed: ${response.result.slice(0, 200)}`,
        {
          ...this.context,
          command,
        },
      );
    }
    return { source, format, config: this.cleanConfig(response.result) };
  }

  /** The candidate with the staged lines: loaded, shown, and rolled back in one visit. */
  async #candidate(format: ConfigFormat, options: OperationOptions): Promise<string> {
    const show = format === "set" ? "show | display set" : "show";
    const responses = await this.driver.sendConfigs([...this.stagedLines(), show, "rollback 0"], {
      ...options,
      commit: false,
      stopOnFailed: true,
    });
    const failed = responses.find((r) => r.failed);
    if (failed !== undefined) {
      throw new CommandError(
        `${deviceLabel(this.context)}the device rejected "${failed.input}": ${firstLines(failed.result)}. The candidate was rolled back (rollback 0).`,
        { ...this.context, command: failed.input },
      );
    }
    const shown = responses[responses.length - 2];
    return this.cleanConfig(shown?.result ?? "");
  }
}
