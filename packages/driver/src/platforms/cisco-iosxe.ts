import { definePlatform, type PlatformDefinition } from "../platform.ts";
import { CISCO_EXEC_LEVELS, HOST, HOSTNAME_COMMAND, MODE } from "./common.ts";

/** Cisco IOS-XE: `R1>`, `R1#`, `R1(config)#`, `R1(config-if)#`. */
export const ciscoIosxe: PlatformDefinition = definePlatform({
  id: "cisco_iosxe",
  privilegeLevels: [
    ...CISCO_EXEC_LEVELS,
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
