import type { Readable } from "node:stream";
import type {
  Arp,
  ArpEntry,
  CommandResult,
  Commands,
  DeviceInfo,
  Facts,
  FileTransfer,
  GetRouteToOptions,
  GetterOptions,
  InterfaceIp,
  InterfaceState,
  Interfaces,
  ProcessRunner,
  PutFileOptions,
  Route,
  Routes,
  RsyncOptions,
  RunCommandsOptions,
  Shell,
  ShellCommandOptions,
  ShellCommandResult,
  TransferOptions,
  TransferResult,
} from "@patchbay/capabilities";
import {
  ConnectionPlugin,
  type ConnectorDataValue,
  type Device,
  type OperationOptions,
  type PluginContext,
} from "@patchbay/core";
import { LinuxGetters } from "./getters.ts";
import { type FileMover, LinuxHost } from "./linux-host.ts";
import { type LinuxSettingKeys, linuxSettings } from "./settings.ts";

/**
 * Base of the Linux plugins: the capability methods, written once over a {@link LinuxHost}; a
 * subclass says how commands and files reach the host once connected (SSH, or this machine).
 */
export abstract class LinuxPlugin<Raw>
  extends ConnectionPlugin<Raw>
  implements DeviceInfo, Commands, Shell, FileTransfer, Interfaces, Arp, Routes
{
  /** `device.data.linux`, checked when the plugin is created. */
  protected readonly settings: ConnectorDataValue<LinuxSettingKeys>;
  #host: LinuxHost | undefined;
  #getters: LinuxGetters | undefined;

  constructor(device: Device, context: PluginContext) {
    super(device, context);
    this.settings = linuxSettings.parse(device.data.linux ?? {}, {
      deviceId: device.id,
      host: device.host,
      platform: device.platform,
    });
  }

  /** The process runner and file mover of the open connection. */
  protected abstract hostAccess(): { runner: ProcessRunner; files: FileMover };

  get #linux(): LinuxHost {
    this.#host ??= new LinuxHost({
      ...this.hostAccess(),
      context: { deviceId: this.device.id, host: this.device.host, platform: this.device.platform },
      sudoPassword: this.settings.sudoPassword ?? this.device.password,
      tempDirectory: this.settings.tempDirectory,
      commandTimeoutMs: this.settings.commandTimeoutMs,
    });
    return this.#host;
  }

  runShellCommand(
    command: string | readonly string[],
    options?: ShellCommandOptions,
  ): Promise<ShellCommandResult> {
    return this.#linux.runShellCommand(command, options);
  }
  runCommands(commands: readonly string[], options?: RunCommandsOptions): Promise<CommandResult[]> {
    return this.#linux.runCommands(commands, options);
  }
  getFacts(options?: OperationOptions): Promise<Facts> {
    return this.#linux.getFacts(options);
  }
  putFile(
    source: string | Buffer | Readable,
    remotePath: string,
    options?: PutFileOptions,
  ): Promise<TransferResult> {
    return this.#linux.putFile(source, remotePath, options);
  }
  getFile(remotePath: string, destination: string, options?: TransferOptions): Promise<TransferResult> {
    return this.#linux.getFile(remotePath, destination, options);
  }
  rsync(localDirectory: string, remoteDirectory: string, options?: RsyncOptions): Promise<void> {
    return this.#linux.rsync(localDirectory, remoteDirectory, options);
  }

  // The normalised getters read `ip -j` (getters.ts).
  get #g(): LinuxGetters {
    this.#getters ??= new LinuxGetters((command, options) => this.runShellCommand(command, options), {
      deviceId: this.device.id,
      host: this.device.host,
      platform: this.device.platform,
    });
    return this.#getters;
  }
  getInterfaces(options?: GetterOptions): Promise<InterfaceState[]> {
    return this.#g.getInterfaces(options);
  }
  getInterfacesIp(options?: GetterOptions): Promise<InterfaceIp[]> {
    return this.#g.getInterfacesIp(options);
  }
  getArpTable(options?: GetterOptions): Promise<ArpEntry[]> {
    return this.#g.getArpTable(options);
  }
  getRouteTo(prefix: string, options?: GetRouteToOptions): Promise<Route[]> {
    return this.#g.getRouteTo(prefix, options);
  }
}
