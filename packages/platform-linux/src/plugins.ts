import { Arp, Commands, DeviceInfo, FileTransfer, Interfaces, Routes, Shell } from "@patchbay/capabilities";
import { definePlugin, type PluginDefinition, type PluginRegistration } from "@patchbay/core";
import { LinuxLocalPlugin } from "./local-plugin.ts";
import { linuxSettings } from "./settings.ts";
import { LinuxSshPlugin } from "./ssh-plugin.ts";

const PACKAGE = "@patchbay/platform-linux";
const GETTER_LIMITS =
  "Interfaces, Arp, Routes from `ip -j`: lastFlappedSeconds and route preference are null (Linux keeps neither); routes of the main table; no LLDP, MAC table or VLAN getters yet.";

/** Linux over SSH (exec channels and SFTP): the platform's default. */
export const linuxSshPlugin: PluginDefinition = definePlugin({
  name: "linux/ssh",
  platform: "linux",
  connectionType: "ssh",
  connectionLibrary: "ssh2",
  capabilities: [DeviceInfo, Commands, Shell, FileTransfer, Interfaces, Arp, Routes],
  packageName: PACKAGE,
  description: "Shell commands on SSH exec channels (sudo password over stdin), facts, SFTP transfers.",
  settings: linuxSettings,
  limitations: ["FileTransfer: rsync needs key authentication and rsync on both ends.", GETTER_LIMITS],
  create: (device, context) => new LinuxSshPlugin(device, context),
});

/** This machine, through child processes (pyinfra's `@local`). */
export const linuxLocalPlugin: PluginDefinition = definePlugin({
  name: "linux/local",
  platform: "linux",
  connectionType: "local",
  connectionLibrary: "node:child_process",
  capabilities: [DeviceInfo, Commands, Shell, FileTransfer, Interfaces, Arp, Routes],
  packageName: PACKAGE,
  description: "Shell commands and file copies on the machine Patchbay runs on.",
  settings: linuxSettings,
  limitations: [GETTER_LIMITS],
  create: (device, context) => new LinuxLocalPlugin(device, context),
});

/** What discovery registers when a device's platform is `linux`. */
export const plugins: PluginRegistration[] = [
  { plugin: linuxSshPlugin, defaultForPlatform: true, defaultForConnectionType: true },
  { plugin: linuxLocalPlugin, defaultForConnectionType: true },
];
