import type { DeviceInfo, Facts } from "@patchbay/capabilities";
import {
  CommandError,
  type Device,
  deviceLabel,
  type OperationOptions,
  type PluginContext,
} from "@patchbay/core";
import type { NetworkDriverOptions } from "@patchbay/driver";
import { type ConfigCommands, type ConfigDialect, SshCliPlugin } from "@patchbay/driver/ssh";
import { iosxrDialect } from "./cli-dialect.ts";
import { parseIosxrFacts } from "./facts.ts";
import { iosxrSettings } from "./settings.ts";

/**
 * IOS-XR over the SSH CLI: show commands, the running configuration, facts from `show version` and
 * `show inventory`, and the configuration transaction of {@link SshCliPlugin} spelled for a commit
 * target ({@link iosxrDialect}): merge and replace, `commit confirmed`, `rollback configuration last N`.
 */
export class IosxrCliPlugin extends SshCliPlugin implements DeviceInfo {
  protected readonly driverPlatform = "cisco_iosxr";
  readonly #settings: ReturnType<typeof iosxrSettings.parse>;

  constructor(device: Device, context: PluginContext) {
    super(device, context);
    this.#settings = iosxrSettings.parse(device.data.iosxr ?? {}, this.context);
  }

  // IOS-XR has no startup configuration: a commit is persistent.
  protected override configCommands(): ConfigCommands {
    return { running: "show running-config" };
  }

  protected override driverOptions(): Partial<NetworkDriverOptions> {
    return { timeoutOpsMs: this.#settings.commandTimeoutMs };
  }

  protected override configDialect(): ConfigDialect {
    return iosxrDialect;
  }

  protected override cleanConfig(output: string): string {
    return output
      .replace(/^\w{3} \w{3} +\d+ \d{2}:\d{2}:\d{2}(\.\d+)? \S+\n/, "")
      .replace(/^Building configuration\.\.\.\n/m, "")
      .replace(/^!! (IOS XR Configuration|Last configuration change).*\n/gm, "")
      .replace(/^\n+/, "");
  }

  async getFacts(options: OperationOptions = {}): Promise<Facts> {
    const [version, inventory] = await this.runCommands(["show version", "show inventory"], options);
    if (version === undefined || version.failed) {
      throw new CommandError(
        `${deviceLabel(this.context)}"show version" failed: ${version?.output.slice(0, 200)}`,
        {
          ...this.context,
          command: "show version",
        },
      );
    }
    return parseIosxrFacts({
      version: version.output,
      inventory: inventory?.failed ? undefined : inventory?.output,
      hostname: this.driver.hostname ?? "",
    });
  }
}
