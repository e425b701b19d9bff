import { Commands, ConfigRead, ConfigWrite, DeviceInfo } from "@patchbay/capabilities";
import { definePlugin, type PluginDefinition, type PluginRegistration } from "@patchbay/core";
import { BirdSshPlugin } from "./bird-plugin.ts";
import { birdSettings } from "./settings.ts";

const PACKAGE = "@patchbay/platform-bird";

/** BIRD 2's birdc over SSH: the platform's default. */
export const birdSshPlugin: PluginDefinition = definePlugin({
  name: "bird/ssh",
  platform: "bird",
  connectionType: "ssh",
  connectionLibrary: "ssh2",
  capabilities: [DeviceInfo, Commands, ConfigRead, ConfigWrite],
  packageName: PACKAGE,
  description:
    "birdc over an SSH shell: facts from show status, commands (birdc's pager answered), the configuration file over SFTP, whole-file changes checked with configure check and applied with configure.",
  settings: birdSettings,
  limitations: [
    "ConfigRead: the configuration file over SFTP (birdc cannot print it); running only.",
    "ConfigWrite: replace only (the whole file; BIRD cannot merge lines); no confirmed commit (configure timeout reverts the daemon, not its file); rollback of one step, to the file before the last commit made through Patchbay.",
    "DeviceInfo: BIRD has no model or serial number.",
  ],
  create: (device, context) => new BirdSshPlugin(device, context),
});

/** What discovery registers when a device's platform is `bird`. */
export const plugins: PluginRegistration[] = [
  { plugin: birdSshPlugin, defaultForPlatform: true, defaultForConnectionType: true },
];
