import { Commands, ConfigRead, ConfigWrite, DeviceInfo } from "@patchbay/capabilities";
import { definePlugin, type PluginDefinition, type PluginRegistration } from "@patchbay/core";
import { CiscoIosCliPlugin } from "./cli-plugin.ts";
import { CiscoIosxeNetconfPlugin } from "./netconf-plugin.ts";
import { ciscoIosSettings } from "./settings.ts";

const PACKAGE = "@patchbay/platform-cisco-ios";
const CLI_DESCRIPTION =
  "Show commands, running and startup configurations, merges with a preview and the real diff, facts from `show version`, over an SSH shell.";

/** Classic IOS over an SSH shell: the `cisco_ios` platform's default. */
export const ciscoIosSshPlugin: PluginDefinition = definePlugin({
  name: "cisco_ios/ssh",
  platform: "cisco_ios",
  connectionType: "ssh",
  connectionLibrary: "ssh2",
  capabilities: [DeviceInfo, Commands, ConfigRead, ConfigWrite],
  packageName: PACKAGE,
  description: CLI_DESCRIPTION,
  settings: ciscoIosSettings,
  limitations: [
    "ConfigWrite: a replace is computed against the running configuration and applied line by line; confirmed commits and rollback are refused before anything is sent (they need `configure replace` and an archive).",
    "ConfigWrite: without a candidate, lines before a rejected line stay applied; the error says so.",
  ],
  create: (device, context) => new CiscoIosCliPlugin(device, context),
});

/** IOS-XE over an SSH shell: the `cisco_iosxe` platform's default. */
export const ciscoIosxeSshPlugin: PluginDefinition = definePlugin({
  name: "cisco_iosxe/ssh",
  platform: "cisco_iosxe",
  connectionType: "ssh",
  connectionLibrary: "ssh2",
  capabilities: [DeviceInfo, Commands, ConfigRead, ConfigWrite],
  packageName: PACKAGE,
  description: CLI_DESCRIPTION,
  settings: ciscoIosSettings,
  limitations: [
    "ConfigWrite: a replace is computed against the running configuration and applied line by line; confirmed commits and rollback are refused before anything is sent (they need `configure replace` and an archive).",
    "ConfigWrite: without a candidate, lines before a rejected line stay applied; the error says so.",
  ],
  create: (device, context) => new CiscoIosCliPlugin(device, context),
});

/** IOS-XE over NETCONF: XML configurations, candidate with confirmed commits. */
export const ciscoIosxeNetconfPlugin: PluginDefinition = definePlugin({
  name: "cisco_iosxe/netconf",
  platform: "cisco_iosxe",
  connectionType: "netconf",
  connectionLibrary: "ssh2",
  capabilities: [DeviceInfo, ConfigRead, ConfigWrite],
  packageName: PACKAGE,
  description:
    "XML configurations over NETCONF; changes on the locked candidate (merge or replace), diff against running, confirmed commits, cancel-commit.",
  settings: ciscoIosSettings,
  limitations: [
    "ConfigRead and ConfigWrite: XML only.",
    "ConfigWrite: rollback only cancels a pending confirmed commit; a finished commit cannot be undone over NETCONF.",
  ],
  create: (device, context) => new CiscoIosxeNetconfPlugin(device, context),
});

/** What discovery registers when a device's platform is `cisco_ios` or `cisco_iosxe`. */
export const plugins: PluginRegistration[] = [
  { plugin: ciscoIosSshPlugin, defaultForPlatform: true, defaultForConnectionType: true },
  { plugin: ciscoIosxeSshPlugin, defaultForPlatform: true, defaultForConnectionType: true },
  { plugin: ciscoIosxeNetconfPlugin, defaultForConnectionType: true },
];
