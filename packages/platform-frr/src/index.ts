// The public API of @patchbay/platform-frr. Every export is listed by name.
export { parseFrrVersion, parseUptime } from "./facts.ts";
export { FrrSshPlugin } from "./frr-plugin.ts";
export {
  FrrGetters,
  type FrrSend,
  parseFrrBgp,
  parseFrrInterfaces,
  parseFrrInterfacesIp,
  parseFrrRoutes,
  readJson,
} from "./getters.ts";
export { frrSshPlugin, plugins } from "./plugins.ts";
export { type FrrSettingKeys, frrSettings } from "./settings.ts";
