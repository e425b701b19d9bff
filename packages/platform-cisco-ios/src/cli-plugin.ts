import type { CommitConfigOptions, CommitResult, DeviceInfo, Facts } from "@patchbay/capabilities";
import {
  CommandError,
  type Device,
  deviceLabel,
  type OperationOptions,
  type PluginContext,
} from "@patchbay/core";
import type { NetworkDriverOptions } from "@patchbay/driver";
import { SshCliPlugin } from "@patchbay/driver/ssh";
import { parseShowVersion } from "./facts.ts";
import { ciscoIosSettings } from "./settings.ts";

/**
 * IOS and IOS-XE over an SSH shell (the driver's `cisco_iosxe` platform): show commands, running
 * and startup configurations, merges with a preview and the real diff, facts from `show version`.
 *
 * IOS has no candidate datastore: a merge is applied line by line in configuration mode, stopping at
 * the first rejected line. Replace (`configure replace`), confirmed commits (`configure confirm`)
 * and rollback need an archive set up on the device, so they are unsupported here and throw before
 * anything is sent; the NETCONF plugin does them on IOS-XE.
 */
export class CiscoIosCliPlugin extends SshCliPlugin implements DeviceInfo {
  protected readonly driverPlatform = "cisco_iosxe";
  readonly #settings: ReturnType<typeof ciscoIosSettings.parse>;

  constructor(device: Device, context: PluginContext) {
    super(device, context);
    this.#settings = ciscoIosSettings.parse(device.data.ios ?? {}, {
      deviceId: device.id,
      host: device.host,
      platform: device.platform,
    });
  }

  protected override driverOptions(): Partial<NetworkDriverOptions> {
    return { timeoutOpsMs: this.#settings.commandTimeoutMs };
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
    // Older images print no `<hostname> uptime is` line; the prompt always names the device.
    if (facts.hostname === "") facts.hostname = this.driver.hostname ?? "";
    return facts;
  }

  override async commitConfig(options: CommitConfigOptions = {}): Promise<CommitResult> {
    const result = await super.commitConfig(options);
    if (this.#settings.saveOnCommit && result.diff !== "") await this.#save(options);
    return result;
  }

  async #save(options: OperationOptions): Promise<void> {
    const response = await this.driver.sendCommand("write memory", options);
    if (response.failed || !/\[OK\]/.test(response.result)) {
      throw new CommandError(
        `${deviceLabel(this.context)}the change is in the running configuration but saving it failed ("write memory": ${response.result.trim().slice(0, 200)}); save it by hand before a reload.`,
        { ...this.context, command: "write memory" },
      );
    }
  }
}
