import type {
  Bgp,
  BgpVrf,
  DeviceInfo,
  Facts,
  GetRouteToOptions,
  GetterOptions,
  InterfaceIp,
  InterfaceState,
  Interfaces,
  Route,
  Routes,
} from "@patchbay/capabilities";
import {
  CommandError,
  type Device,
  deviceLabel,
  type OperationOptions,
  type PluginContext,
} from "@patchbay/core";
import type { NetworkDriverOptions } from "@patchbay/driver";
import { type ConfigCommands, type ConfigDialect, negateLine, SshCliPlugin } from "@patchbay/driver/ssh";
import { parseFrrVersion } from "./facts.ts";
import { FrrGetters } from "./getters.ts";
import { frrSettings } from "./settings.ts";

/**
 * FRRouting's vtysh over SSH (vtysh as the login shell, or started by the shell).
 *
 * vtysh applies each configuration line at once: there is no candidate and no commit. A commit sends
 * the staged lines in configuration mode, stopping at the first rejected one. A replace computes the
 * lines that turn the running configuration into the new one (`no` lines for what it lacks, as
 * `frr-reload` does) and sends them the same way. There is no confirmed commit and no history to roll
 * back to: both are refused before anything is sent. Saving to `frr.conf` (`write memory`) is
 * {@link FrrSshPlugin.writeMemory}, or the `saveOnCommit` setting.
 */
export class FrrSshPlugin extends SshCliPlugin implements DeviceInfo, Interfaces, Bgp, Routes {
  protected readonly driverPlatform = "frr";
  readonly #settings: ReturnType<typeof frrSettings.parse>;

  constructor(device: Device, context: PluginContext) {
    super(device, context);
    this.#settings = frrSettings.parse(device.data.frr ?? {}, this.context);
  }

  // vtysh has no `show startup-config`: frr.conf is read by the daemons, not shown by vtysh.
  protected override configCommands(): ConfigCommands {
    return { running: "show running-config" };
  }

  protected override driverOptions(): Partial<NetworkDriverOptions> {
    return { timeoutOpsMs: this.#settings.commandTimeoutMs };
  }

  protected override cleanConfig(output: string): string {
    return output.replace(/^Building configuration\.\.\.\s*\n(\s*\n)*(Current configuration:\s*\n)?/, "");
  }

  async getFacts(options: OperationOptions = {}): Promise<Facts> {
    const response = await this.driver.sendCommand("show version", options);
    if (response.failed) {
      throw new CommandError(
        `${deviceLabel(this.context)}"show version" failed: ${response.result.slice(0, 200)}`,
        {
          ...this.context,
          command: "show version",
        },
      );
    }
    return parseFrrVersion(response.result, this.driver.hostname ?? "");
  }

  // The normalised getters read vtysh's JSON (getters.ts).
  #getters: FrrGetters | undefined;
  get #g(): FrrGetters {
    this.#getters ??= new FrrGetters(async (command, options) => {
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
      return response.result;
    }, this.context);
    return this.#getters;
  }
  getInterfaces(options?: GetterOptions): Promise<InterfaceState[]> {
    return this.#g.getInterfaces(options);
  }
  getInterfacesIp(options?: GetterOptions): Promise<InterfaceIp[]> {
    return this.#g.getInterfacesIp(options);
  }
  getBgpNeighbors(options?: GetterOptions): Promise<BgpVrf[]> {
    return this.#g.getBgpNeighbors(options);
  }
  getRouteTo(prefix: string, options?: GetRouteToOptions): Promise<Route[]> {
    return this.#g.getRouteTo(prefix, options);
  }

  protected override configDialect(): ConfigDialect {
    return FRR_DIALECT;
  }

  protected override saveOnCommit(): boolean {
    return this.#settings.saveOnCommit;
  }

  /**
   * Saves the running configuration to FRR's configuration file (`write memory`). Returns vtysh's
   * output; throws `CommandError` unless it ends with `[OK]`.
   */
  async writeMemory(options: OperationOptions = {}): Promise<string> {
    const response = await this.driver.sendCommand("write memory", options);
    if (response.failed || !/\[OK\]\s*$/.test(response.result)) {
      throw new CommandError(
        `${deviceLabel(this.context)}"write memory" did not confirm the save with [OK]: ${response.result.trim().slice(-300)}`,
        { ...this.context, command: "write memory" },
      );
    }
    return response.result;
  }
}

const FRR_DIALECT: ConfigDialect = {
  entry: "lines",
  replace: {
    how: "diff",
    // Headers and block ends are printed by vtysh, not configured.
    keep: /^(frr (version|defaults)\b|end$|exit(-[\w-]+)?$|!)/,
    // vtysh takes `no description` without the text.
    negate: (line) => (/^description\b/.test(line.trim()) ? "no description" : negateLine(line)),
  },
  save: { command: "write memory", ok: /\[OK\]\s*$/ },
};
