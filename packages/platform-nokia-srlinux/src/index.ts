// The public API of @patchbay/platform-nokia-srlinux. Every export is listed by name.
export { negateSrlinuxLine, srlinuxDialect } from "./cli-dialect.ts";
export { SrlinuxCliPlugin } from "./cli-plugin.ts";
export { parseShowVersionFields, srlinuxFacts } from "./facts.ts";
export { SrlinuxJsonRpcPlugin, type SrlinuxSetCommand } from "./jsonrpc-plugin.ts";
export { plugins, srlinuxJsonRpcPlugin, srlinuxSshPlugin } from "./plugins.ts";
export { type SrlinuxSettingKeys, srlinuxSettings } from "./settings.ts";
