import { Commands, ConfigRead, ConfigWrite, DeviceInfo } from "@patchbay/capabilities";
import { definePlugin, type PluginDefinition, type PluginRegistration } from "@patchbay/core";
import { AristaEosCliPlugin } from "./cli-plugin.ts";
import { AristaEosEapiPlugin } from "./eapi-plugin.ts";
import { aristaEosSettings } from "./settings.ts";

const PACKAGE = "@patchbay/platform-arista-eos";

/** EOS over an SSH shell: the platform's default. */
export const aristaEosSshPlugin: PluginDefinition = definePlugin({
  name: "arista_eos/ssh",
  platform: "arista_eos",
  connectionType: "ssh",
  connectionLibrary: "ssh2",
  capabilities: [DeviceInfo, Commands, ConfigRead, ConfigWrite],
  packageName: PACKAGE,
  description:
    "Show commands, running and startup configurations, changes previewed and committed through configuration sessions (merge, replace, `commit timer`, rollback to checkpoints), facts from `show version`, over an SSH shell.",
  settings: aristaEosSettings,
  limitations: [
    "ConfigWrite: rollback returns to the checkpoints this plugin saves before each commit (up to 20); earlier commits made by others are not counted.",
  ],
  create: (device, context) => new AristaEosCliPlugin(device, context),
});

/** EOS over eAPI (JSON-RPC on HTTPS). */
export const aristaEosEapiPlugin: PluginDefinition = definePlugin({
  name: "arista_eos/api",
  platform: "arista_eos",
  connectionType: "api",
  connectionLibrary: "undici",
  capabilities: [DeviceInfo, Commands, ConfigRead, ConfigWrite],
  packageName: PACKAGE,
  description:
    "eAPI runCmds over HTTPS: commands as text, facts from JSON, configurations as text or JSON, changes previewed and committed through configuration sessions.",
  settings: aristaEosSettings,
  limitations: ["ConfigWrite: replace, confirmed commits and rollback are refused before anything is sent."],
  create: (device, context) => new AristaEosEapiPlugin(device, context),
});

/** What discovery registers when a device's platform is `arista_eos`. */
export const plugins: PluginRegistration[] = [
  { plugin: aristaEosSshPlugin, defaultForPlatform: true, defaultForConnectionType: true },
  { plugin: aristaEosEapiPlugin, defaultForConnectionType: true },
];
