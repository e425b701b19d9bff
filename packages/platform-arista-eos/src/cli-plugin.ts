import { type DeviceInfo, type Facts, firstLines } from "@patchbay/capabilities";
import {
  CommandError,
  type Device,
  deviceLabel,
  type OperationOptions,
  type PluginContext,
} from "@patchbay/core";
import type { NetworkDriverOptions } from "@patchbay/driver";
import { type ConfigDialect, SshCliPlugin } from "@patchbay/driver/ssh";
import { eosDialect } from "./cli-dialect.ts";
import { parseShowVersion } from "./facts.ts";
import { cleanEosConfig } from "./internal/session.ts";
import { aristaEosSettings } from "./settings.ts";

/**
 * EOS over an SSH shell (the driver's `arista_eos` platform): show commands, running and startup
 * configurations, facts from `show version`, and the configuration transaction of
 * {@link SshCliPlugin} spelled with configuration sessions ({@link eosDialect}): previews from
 * `show session-config`, replace with `rollback clean-config`, confirmed commits with `commit timer`,
 * rollback to the checkpoint saved before each commit.
 */
export class AristaEosCliPlugin extends SshCliPlugin implements DeviceInfo {
  protected readonly driverPlatform = "arista_eos";
  readonly #settings: ReturnType<typeof aristaEosSettings.parse>;
  readonly #dialect: ConfigDialect;

  constructor(device: Device, context: PluginContext) {
    super(device, context);
    this.#settings = aristaEosSettings.parse(device.data.eos ?? {}, this.context);
    this.#dialect = eosDialect(this.#settings.sessionPrefix);
  }

  protected override driverOptions(): Partial<NetworkDriverOptions> {
    return { timeoutOpsMs: this.#settings.commandTimeoutMs };
  }

  protected override configDialect(): ConfigDialect {
    return this.#dialect;
  }

  protected override saveOnCommit(): boolean {
    return this.#settings.saveOnCommit;
  }

  protected override cleanConfig(output: string): string {
    return cleanEosConfig(output);
  }

  async getFacts(options: OperationOptions = {}): Promise<Facts> {
    const responses = await this.driver.sendCommands(["show version", "show hostname"], options);
    const failed = responses.find((r) => r.failed);
    if (failed !== undefined) {
      throw new CommandError(
        `${deviceLabel(this.context)}"${failed.input}" failed: ${firstLines(failed.result)}`,
        { ...this.context, command: failed.input },
      );
    }
    const facts = parseShowVersion(responses[0]?.result ?? "", responses[1]?.result ?? "");
    if (facts.hostname === "") facts.hostname = this.driver.hostname ?? "";
    return facts;
  }
}
