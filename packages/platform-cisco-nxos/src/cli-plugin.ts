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
import { nxosDialect } from "./cli-dialect.ts";
import { parseShowVersion } from "./facts.ts";
import { cleanNxosConfig } from "./internal/clean.ts";
import { ciscoNxosSettings } from "./settings.ts";
/**
 * NX-OS over an SSH shell (the driver's `cisco_nxos` platform): show commands, running and startup
 * configurations, facts from `show version`, and the configuration transaction of
 * {@link SshCliPlugin} spelled for NX-OS ({@link nxosDialect}): configuration sessions, replace,
 * rollback to checkpoints; no confirmed commit (refused before anything is sent).
 */
export class CiscoNxosCliPlugin extends SshCliPlugin implements DeviceInfo {
  protected readonly driverPlatform = "cisco_nxos";
  readonly #settings: ReturnType<typeof ciscoNxosSettings.parse>;
  readonly #dialect: ConfigDialect;

  constructor(device: Device, context: PluginContext) {
    super(device, context);
    this.#settings = ciscoNxosSettings.parse(device.data.nxos ?? {}, this.context);
    this.#dialect = nxosDialect(this.#settings.configSessions, this.#settings.sessionPrefix);
  }

  protected override driverOptions(): Partial<NetworkDriverOptions> {
    return { timeoutOpsMs: this.#settings.commandTimeoutMs };
  }

  protected override configDialect(): ConfigDialect {
    return this.#dialect;
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
}
