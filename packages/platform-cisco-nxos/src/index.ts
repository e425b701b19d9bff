// The public API of @patchbay/platform-cisco-nxos. Every export is listed by name.
export { CiscoNxosCliPlugin } from "./cli-plugin.ts";
export { factsFromNxapiVersion, parseShowVersion } from "./facts.ts";
export { type NxapiCliOptions, nxapiCli } from "./nxapi.ts";
export { CiscoNxosNxapiPlugin } from "./nxapi-plugin.ts";
export { ciscoNxosNxapiPlugin, ciscoNxosSshPlugin, plugins } from "./plugins.ts";
export { type CiscoNxosSettingKeys, ciscoNxosSettings } from "./settings.ts";
