// The public API of @patchbay/platform-bird. Every export is listed by name.
export { BirdSshPlugin } from "./bird-plugin.ts";
export { parseBirdStatus, parseRouterId } from "./facts.ts";
export { birdSshPlugin, plugins } from "./plugins.ts";
export { type BirdSettingKeys, birdSettings } from "./settings.ts";
