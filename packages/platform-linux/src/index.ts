// The public API of @patchbay/platform-linux. Every export is listed by name.
export { FACTS_SCRIPT, parseFacts, parseOsRelease } from "./facts.ts";
export {
  LinuxGetters,
  type LinuxRun,
  longestMatch,
  parseLinuxArp,
  parseLinuxInterfaces,
  parseLinuxInterfacesIp,
  parseLinuxRoutes,
  parseSpeeds,
  readIpJson,
} from "./getters.ts";
export { type FileMover, LinuxHost, type LinuxHostInit } from "./linux-host.ts";
export { LinuxPlugin } from "./linux-plugin.ts";
export { LinuxLocalPlugin, LocalConnection } from "./local-plugin.ts";
export { linuxLocalPlugin, linuxSshPlugin, plugins } from "./plugins.ts";
export { type LinuxSettingKeys, linuxSettings } from "./settings.ts";
export { LinuxSshPlugin } from "./ssh-plugin.ts";
export { sshRunner } from "./ssh-runner.ts";
