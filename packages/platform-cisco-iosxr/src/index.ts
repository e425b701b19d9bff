// The public API of @patchbay/platform-cisco-iosxr. Every export is listed by name.
export { parseCiscoUptime, parseIosxrFacts } from "./facts.ts";
export { IosxrCliPlugin } from "./iosxr-cli-plugin.ts";
export { IosxrNetconfPlugin } from "./iosxr-netconf-plugin.ts";
export { iosxrCliPlugin, iosxrNetconfPlugin, plugins } from "./plugins.ts";
export { type IosxrSettingKeys, iosxrSettings } from "./settings.ts";
