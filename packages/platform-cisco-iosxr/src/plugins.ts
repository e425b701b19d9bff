import { Commands, ConfigRead, ConfigWrite, DeviceInfo } from "@patchbay/capabilities";
import { definePlugin, type PluginDefinition, type PluginRegistration } from "@patchbay/core";
import { IosxrCliPlugin } from "./iosxr-cli-plugin.ts";
import { IosxrNetconfPlugin } from "./iosxr-netconf-plugin.ts";
import { iosxrSettings } from "./settings.ts";

const PACKAGE = "@patchbay/platform-cisco-iosxr";

/** IOS-XR over the SSH CLI: the platform's default. */
export const iosxrCliPlugin: PluginDefinition = definePlugin({
  name: "cisco_iosxr/ssh",
  platform: "cisco_iosxr",
  connectionType: "ssh",
  connectionLibrary: "ssh2",
  capabilities: [DeviceInfo, Commands, ConfigRead, ConfigWrite],
  packageName: PACKAGE,
  description:
    "The IOS-XR CLI over SSH: facts, commands, running configuration, merge changes committed all or nothing (commit, abort on error).",
  settings: iosxrSettings,
  limitations: [
    "ConfigRead: running only (IOS-XR has no startup configuration).",
    "ConfigWrite: a replace is computed against the running configuration and committed with a plain `commit` (no `commit replace`, whose yes/no prompt the driver does not answer).",
    "ConfigWrite: confirmed commits take 30 to 65,535 seconds; rollback goes back up to 100 commits.",
  ],
  create: (device, context) => new IosxrCliPlugin(device, context),
});

/** IOS-XR over NETCONF. */
export const iosxrNetconfPlugin: PluginDefinition = definePlugin({
  name: "cisco_iosxr/netconf",
  platform: "cisco_iosxr",
  connectionType: "netconf",
  connectionLibrary: "ssh2",
  capabilities: [DeviceInfo, ConfigRead, ConfigWrite],
  packageName: PACKAGE,
  description:
    "NETCONF over SSH: XML configuration on the candidate (lock, edit-config merge/replace, diff, commit, confirmed commit, cancel-commit, discard).",
  settings: iosxrSettings,
  limitations: [
    "ConfigRead and ConfigWrite: XML only.",
    "ConfigWrite: rollback only cancels a pending confirmed commit.",
    "DeviceInfo: needs the ietf-system model on the device.",
  ],
  create: (device, context) => new IosxrNetconfPlugin(device, context),
});

/** What discovery registers when a device's platform is `cisco_iosxr`. */
export const plugins: PluginRegistration[] = [
  { plugin: iosxrCliPlugin, defaultForPlatform: true, defaultForConnectionType: true },
  { plugin: iosxrNetconfPlugin, defaultForConnectionType: true },
];
