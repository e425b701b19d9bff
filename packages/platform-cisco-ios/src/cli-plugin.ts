import type { DeviceInfo, Facts } from "@patchbay/capabilities";
import {
  CommandError,
  type Device,
  deviceLabel,
  type OperationOptions,
  type PluginContext,
} from "@patchbay/core";
import type { NetworkDriverOptions } from "@patchbay/driver";
import { type ConfigDialect, SshCliPlugin } from "@patchbay/driver/ssh";
import { parseShowVersion } from "./facts.ts";
import { ciscoIosSettings } from "./settings.ts";

/**
 * IOS and IOS-XE over an SSH shell (the driver's `cisco_iosxe` platform): show commands, running
 * and startup configurations, merges with a preview and the real diff, facts from `show version`.
 *
 * The configuration transaction is {@link SshCliPlugin}'s with the IOS dialect: merge and replace
 * applied line by line, stopping at the first rejected line; confirmed commits and rollback are
 * refused before anything is sent (the NETCONF plugin does them on IOS-XE).
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

  protected override configDialect(): ConfigDialect {
    return IOS_DIALECT;
  }

  protected override saveOnCommit(): boolean {
    return this.#settings.saveOnCommit;
  }
}

/**
 * IOS has no candidate: lines are applied one by one in configuration mode. A replace removes what
 * the new text lacks (computed against the running configuration, as `configure replace` would) and
 * is sent the same way. Confirmed commits and rollback need an archive set up on the device
 * (`configure replace flash:...`, `configure confirm`); they are refused before anything is sent.
 */
const IOS_DIALECT: ConfigDialect = {
  entry: "lines",
  save: { command: "write memory", ok: /\[OK\]/ },
  replace: { how: "diff", keep: /^(!.*|end|version\s.*|boot-(start|end)-marker)$/ },
};
