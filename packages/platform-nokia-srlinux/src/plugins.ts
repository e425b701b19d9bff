import { Commands, ConfigRead, ConfigWrite, DeviceInfo } from "@patchbay/capabilities";
import { definePlugin, type PluginDefinition, type PluginRegistration } from "@patchbay/core";
import { SrlinuxCliPlugin } from "./cli-plugin.ts";
import { SrlinuxJsonRpcPlugin } from "./jsonrpc-plugin.ts";
import { srlinuxSettings } from "./settings.ts";

const PACKAGE = "@patchbay/platform-nokia-srlinux";

const LIMITATIONS_API: string[] = [
  "ConfigRead: running only (text, set or json).",
  "ConfigWrite: loads flat `set / ...` and `delete / ...` lines (JSON paths and values go through the plugin's set() and validate()); a replace deletes the running lines the new configuration lacks.",
  "ConfigWrite: confirmed commits and rollback are refused before anything is sent.",
];

/** SR Linux's CLI over SSH: the platform's default. */
export const srlinuxSshPlugin: PluginDefinition = definePlugin({
  name: "nokia_srlinux/ssh",
  platform: "nokia_srlinux",
  connectionType: "ssh",
  connectionLibrary: "ssh2",
  capabilities: [DeviceInfo, Commands, ConfigRead, ConfigWrite],
  packageName: PACKAGE,
  description:
    "The SR Linux CLI over an SSH shell (two-line prompt): facts from show version, commands, info from running (text or flat set lines), merge and replace through the candidate with commit now, validation with commit validate.",
  settings: srlinuxSettings,
  limitations: [
    "ConfigRead: running only, as text (info) or set (info flat); JSON through the JSON-RPC plugin.",
    "ConfigWrite: loads flat `set / ...` and `delete / ...` lines only; a replace deletes the running lines the new configuration lacks (computed, not the device's own replace).",
    "ConfigWrite: confirmCommit, commitConfig({ confirmTimeoutSeconds }) and rollback are refused before anything is sent (SR Linux's checkpoints and confirmed commits are not driven yet).",
  ],
  create: (device, context) => new SrlinuxCliPlugin(device, context),
});

/** SR Linux's JSON-RPC management API over HTTPS. */
export const srlinuxJsonRpcPlugin: PluginDefinition = definePlugin({
  name: "nokia_srlinux/api",
  platform: "nokia_srlinux",
  connectionType: "api",
  connectionLibrary: "undici",
  capabilities: [DeviceInfo, Commands, ConfigRead, ConfigWrite],
  packageName: PACKAGE,
  description:
    "SR Linux's JSON-RPC API on /jsonrpc over HTTPS: facts from show version as JSON, commands through the cli method, the running configuration as JSON (get), text or set lines, changes as set lines in one cli request (enter candidate, lines, commit now), and get/set/validate as methods.",
  settings: srlinuxSettings,
  limitations: LIMITATIONS_API,
  create: (device, context) => new SrlinuxJsonRpcPlugin(device, context),
});

/** What discovery registers when a device's platform is `nokia_srlinux`. */
export const plugins: PluginRegistration[] = [
  { plugin: srlinuxSshPlugin, defaultForPlatform: true, defaultForConnectionType: true },
  { plugin: srlinuxJsonRpcPlugin, defaultForConnectionType: true },
];
