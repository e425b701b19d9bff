// The public API of @patchbay/platform-nokia-srlinux. Every export is listed by name.
export { negateSrlinuxLine, srlinuxDialect } from "./cli-dialect.ts";
export { SrlinuxCliPlugin } from "./cli-plugin.ts";
export { parseShowVersionFields, srlinuxFacts } from "./facts.ts";
export { plugins, srlinuxSshPlugin } from "./plugins.ts";
export { type SrlinuxSettingKeys, srlinuxSettings } from "./settings.ts";
