import { definePlatform, type PlatformDefinition } from "../platform.ts";
import { HOST, HOSTNAME_COMMAND, MODE, PASSWORD_PROMPT } from "./common.ts";

/** Cisco IOS-XE: `R1>`, `R1#`, `R1(config)#`, `R1(config-if)#`. */
export const ciscoIosxe: PlatformDefinition = definePlatform({
  id: "cisco_iosxe",
  privilegeLevels: [
    { name: "exec", pattern: `^${HOST}>\\s*$` },
    {
      name: "privilege_exec",
      pattern: `^${HOST}#\\s*$`,
      previousPriv: "exec",
      escalate: "enable",
      deescalate: "disable",
      escalateAuth: true,
      escalatePrompt: PASSWORD_PROMPT,
    },
    {
      name: "configuration",
      pattern: `^${HOST}\\(conf${MODE}\\)#\\s*$`,
      previousPriv: "privilege_exec",
      escalate: "configure terminal",
      deescalate: "end",
      notContains: ["tcl)"],
    },
  ],
  defaultDesiredPrivilegeLevel: "privilege_exec",
  configPrivilegeLevel: "configuration",
  failedWhenContains: [
    "% Ambiguous command",
    "% Incomplete command",
    "% Invalid input detected",
    "% Unknown command",
  ],
  onOpen: ["terminal length 0", "terminal width 511"],
  onClose: ["exit"],
  configAbort: ["end"],
  hostnameChange: HOSTNAME_COMMAND,
});
