import { Commands, ConfigRead, ConfigWrite, DeviceInfo } from "@patchbay/capabilities";
import { definePlugin, type PluginDefinition, type PluginRegistration } from "@patchbay/core";
import { CiscoNxosCliPlugin } from "./cli-plugin.ts";
import { CiscoNxosNxapiPlugin } from "./nxapi-plugin.ts";
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
  limitations: [
    "ConfigWrite: confirmed commits are refused before anything is sent (`configure replace ... commit-timeout` needs a file on bootflash).",
    "ConfigWrite: a replace is computed against the running configuration and applied in the session; rollback returns to the checkpoints this plugin saves before each commit (up to 10).",
  ],
  create: (device, context) => new CiscoNxosCliPlugin(device, context),
});

/** NX-OS over NX-API (JSON-RPC on HTTPS): reads and commands; changes go through the CLI plugin. */
export const ciscoNxosNxapiPlugin: PluginDefinition = definePlugin({
  name: "cisco_nxos/api",
  platform: "cisco_nxos",
  connectionType: "api",
  connectionLibrary: "undici",
  capabilities: [DeviceInfo, Commands, ConfigRead],
  packageName: PACKAGE,
  description:
    "NX-API JSON-RPC over HTTPS: commands as text (cli_ascii), facts from show version, running and startup configurations.",
  settings: ciscoNxosSettings,
  limitations: ["No ConfigWrite: NX-API's JSON-RPC has no configuration session."],
  create: (device, context) => new CiscoNxosNxapiPlugin(device, context),
});

/** What discovery registers when a device's platform is `cisco_nxos`. */
export const plugins: PluginRegistration[] = [
  { plugin: ciscoNxosSshPlugin, defaultForPlatform: true, defaultForConnectionType: true },
  { plugin: ciscoNxosNxapiPlugin, defaultForConnectionType: true },
];
