import {
  Bgp,
  Commands,
  ConfigRead,
  ConfigWrite,
  DeviceInfo,
  Interfaces,
  Routes,
} from "@patchbay/capabilities";
import { definePlugin, type PluginDefinition, type PluginRegistration } from "@patchbay/core";
import { FrrSshPlugin } from "./frr-plugin.ts";
import { frrSettings } from "./settings.ts";

const PACKAGE = "@patchbay/platform-frr";

/** FRRouting's vtysh over SSH: the platform's default. */
export const frrSshPlugin: PluginDefinition = definePlugin({
  name: "frr/ssh",
  platform: "frr",
  connectionType: "ssh",
  connectionLibrary: "ssh2",
  capabilities: [DeviceInfo, Commands, ConfigRead, ConfigWrite, Interfaces, Bgp, Routes],
  packageName: PACKAGE,
  description:
    "vtysh over an SSH shell: facts from show version, commands, running configuration, merge and replace (computed against the running configuration, as frr-reload does) with a real diff.",
  settings: frrSettings,
  limitations: [
    "ConfigRead: running only (vtysh prints no startup configuration).",
    "ConfigWrite: no candidate; a commit applies the lines one by one and does not save them (`saveOnCommit` or `writeMemory()`).",
    "ConfigWrite: confirmCommit, commitConfig({ confirmTimeoutSeconds }) and rollback are refused before anything is sent (vtysh has no confirmed commit and keeps no history).",
    "DeviceInfo: FRR prints no uptime, model or serial number.",
    "Interfaces: lastFlappedSeconds is null (FRR prints the last change as zone-less local time); Bgp: receivedPrefixes is null (FRR counts accepted prefixes); Routes: the default VRF only.",
  ],
  create: (device, context) => new FrrSshPlugin(device, context),
});

/** What discovery registers when a device's platform is `frr`. */
export const plugins: PluginRegistration[] = [
  { plugin: frrSshPlugin, defaultForPlatform: true, defaultForConnectionType: true },
];
