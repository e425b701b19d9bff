// The public API of @patchbay/platform-cisco-ios. Every export is listed by name.
export { CiscoIosCliPlugin } from "./cli-plugin.ts";
export { parseShowVersion } from "./facts.ts";
export { factsFromNetconf } from "./netconf-facts.ts";
export { CiscoIosxeNetconfPlugin } from "./netconf-plugin.ts";
export { ciscoIosSshPlugin, ciscoIosxeNetconfPlugin, ciscoIosxeSshPlugin, plugins } from "./plugins.ts";
export { type CiscoIosSettingKeys, ciscoIosSettings } from "./settings.ts";
