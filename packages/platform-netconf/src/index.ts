// The public API of @patchbay/platform-netconf. Every export is listed by name.
export { NetconfPlatformPlugin } from "./netconf-platform-plugin.ts";
export { netconfPlatformPlugin, plugins } from "./plugins.ts";
export { type NetconfPlatformSettingKeys, netconfPlatformSettings } from "./settings.ts";
