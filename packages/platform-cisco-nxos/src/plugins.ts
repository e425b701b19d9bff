import { Commands, ConfigRead, ConfigWrite, DeviceInfo } from "@patchbay/capabilities";
import { definePlugin, type PluginDefinition, type PluginRegistration } from "@patchbay/core";
import { CiscoNxosCliPlugin } from "./cli-plugin.ts";
import { ciscoNxosSettings } from "./settings.ts";

const PACKAGE = "@patchbay/platform-cisco-nxos";

/** NX-OS over an SSH shell: the platform's default. */
export const ciscoNxosSshPlugin: PluginDefinition = definePlugin({
  name: "cisco_nxos/ssh",
  platform: "cisco_nxos",
  connectionType: "ssh",
  connectionLibrary: "ssh2",
  capabilities: [DeviceInfo, Commands, ConfigRead, ConfigWrite],
  packageName: PACKAGE,
  description:
    "Show commands, running and startup configurations, merges committed through configuration sessions, facts from `show version`, over an SSH shell.",
  settings: ciscoNxosSettings,
  create: (device, context) => new CiscoNxosCliPlugin(device, context),
});

/** What discovery registers when a device's platform is `cisco_nxos`. */
export const plugins: PluginRegistration[] = [
  { plugin: ciscoNxosSshPlugin, defaultForPlatform: true, defaultForConnectionType: true },
];
