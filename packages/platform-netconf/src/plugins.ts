import { ConfigRead, ConfigWrite, DeviceInfo } from "@patchbay/capabilities";
import { definePlugin, type PluginDefinition, type PluginRegistration } from "@patchbay/core";
import { NetconfPlatformPlugin } from "./netconf-platform-plugin.ts";
import { netconfPlatformSettings } from "./settings.ts";

/** Any RFC 6241 NETCONF server (platform `netconf`). */
export const netconfPlatformPlugin: PluginDefinition = definePlugin({
  name: "netconf/netconf",
  platform: "netconf",
  connectionType: "netconf",
  connectionLibrary: "ssh2",
  capabilities: [DeviceInfo, ConfigRead, ConfigWrite],
  packageName: "@patchbay/platform-netconf",
  description:
    "Any RFC 6241 server over NETCONF/SSH: facts from ietf-system, XML configuration through the candidate (lock, edit-config, diff, commit, confirmed commit, cancel-commit, discard) or through running.",
  settings: netconfPlatformSettings,
  limitations: [
    "DeviceInfo: from ietf-system (RFC 7317); a server without system/hostname is refused.",
    "ConfigRead and ConfigWrite: XML only.",
    "ConfigWrite on running (no candidate): no preview (compareConfig), no confirmed commit, no rollback.",
    "ConfigWrite on the candidate: rollback only cancels a pending confirmed commit.",
  ],
  create: (device, context) => new NetconfPlatformPlugin(device, context),
});

/** What discovery registers when a device's platform is `netconf`. */
export const plugins: PluginRegistration[] = [
  { plugin: netconfPlatformPlugin, defaultForPlatform: true, defaultForConnectionType: true },
];
