import { Commands, ConfigRead, ConfigWrite, DeviceInfo } from "@patchbay/capabilities";
import { definePlugin, type PluginDefinition, type PluginRegistration } from "@patchbay/core";
import { JunosCliPlugin } from "./junos-cli-plugin.ts";
import { JunosNetconfPlugin } from "./junos-netconf-plugin.ts";
import { junosSettings } from "./settings.ts";

const PACKAGE = "@patchbay/platform-juniper-junos";

function netconfPlugin(platform: string): PluginDefinition {
  return definePlugin({
    name: `${platform}/netconf`,
    platform,
    connectionType: "netconf",
    connectionLibrary: "ssh2",
    capabilities: [DeviceInfo, ConfigRead, ConfigWrite],
    packageName: PACKAGE,
    description:
      "NETCONF over SSH: XML configuration on the candidate (lock, edit-config merge/replace, diff, commit, confirmed commit, cancel-commit, discard).",
    settings: junosSettings,
    limitations: [
      "ConfigRead and ConfigWrite: XML only.",
      "ConfigWrite: rollback only cancels a pending confirmed commit; a finished commit cannot be undone over NETCONF.",
    ],
    create: (device, context) => new JunosNetconfPlugin(device, context),
  });
}

function cliPlugin(platform: string): PluginDefinition {
  return definePlugin({
    name: `${platform}/ssh`,
    platform,
    connectionType: "ssh",
    connectionLibrary: "ssh2",
    capabilities: [DeviceInfo, Commands, ConfigRead, ConfigWrite],
    packageName: PACKAGE,
    description:
      "The Junos CLI over SSH: facts, commands, configuration as text or set lines, set/delete changes committed in one configuration-mode visit.",
    settings: junosSettings,
    limitations: [
      "ConfigWrite: set and delete statements only; a replace deletes what the new set lines lack (computed against `show configuration | display set`) rather than `load override terminal`, whose end-of-input the driver does not send.",
      "ConfigWrite: confirmed commits count whole minutes (60 to 3,932,100 seconds, multiples of 60); rollback goes back up to 49 commits.",
    ],
    create: (device, context) => new JunosCliPlugin(device, context),
  });
}

/** Junos over NETCONF: the platform's default. */
export const junosNetconfPlugin: PluginDefinition = netconfPlugin("juniper_junos");
/** Junos over the SSH CLI. */
export const junosCliPlugin: PluginDefinition = cliPlugin("juniper_junos");
/** The same plugins for devices whose platform is written `junos`. */
export const junosAliasNetconfPlugin: PluginDefinition = netconfPlugin("junos");
export const junosAliasCliPlugin: PluginDefinition = cliPlugin("junos");

/** What discovery registers when a device's platform is `juniper_junos` or `junos`. */
export const plugins: PluginRegistration[] = [
  { plugin: junosNetconfPlugin, defaultForPlatform: true, defaultForConnectionType: true },
  { plugin: junosCliPlugin, defaultForConnectionType: true },
  { plugin: junosAliasNetconfPlugin, defaultForPlatform: true, defaultForConnectionType: true },
  { plugin: junosAliasCliPlugin, defaultForConnectionType: true },
];
