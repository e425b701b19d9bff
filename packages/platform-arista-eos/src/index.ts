// The public API of @patchbay/platform-arista-eos. Every export is listed by name.
export { AristaEosCliPlugin } from "./cli-plugin.ts";
export { type EapiCommand, eapiCommandText, type RunCmdsOptions, runCmds } from "./eapi.ts";
export { AristaEosEapiPlugin } from "./eapi-plugin.ts";
export { factsFromEapi, parseShowVersion } from "./facts.ts";
export { aristaEosEapiPlugin, aristaEosSshPlugin, plugins } from "./plugins.ts";
export { type AristaEosSettingKeys, aristaEosSettings } from "./settings.ts";
