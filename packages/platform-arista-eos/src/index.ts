// The public API of @patchbay/platform-arista-eos. Every export is listed by name.
export { AristaEosCliPlugin } from "./cli-plugin.ts";
export { factsFromEapi, parseShowVersion } from "./facts.ts";
export { aristaEosSshPlugin, plugins } from "./plugins.ts";
export { type AristaEosSettingKeys, aristaEosSettings } from "./settings.ts";
