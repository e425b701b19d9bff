// The public API of @patchbay/platform-juniper-junos. Every export is listed by name.
export { JunosCliPlugin } from "./junos-cli-plugin.ts";
export { factsFromJunosRpcs, parseJunosCliFacts, parseJunosDuration } from "./junos-facts.ts";
export { JUNOS_NETCONF_CAPABILITY, JunosNetconfPlugin } from "./junos-netconf-plugin.ts";
export {
  junosAliasCliPlugin,
  junosAliasNetconfPlugin,
  junosCliPlugin,
  junosNetconfPlugin,
  plugins,
} from "./plugins.ts";
export { type JunosSettingKeys, junosSettings } from "./settings.ts";
