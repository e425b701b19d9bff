import { definePlatform, type PlatformDefinition } from "../platform.ts";
import { HOST, HOSTNAME_COMMAND, MODE } from "./common.ts";

// `RP/0/RP0/CPU0:` before the hostname.
const NODE = "(?:[\\w/]{1,40}:)?";

/** Cisco IOS-XR: `RP/0/RP0/CPU0:R1#`, `RP/0/RP0/CPU0:R1(config)#`; changes need `commit`. */
export const ciscoIosxr: PlatformDefinition = definePlatform({
  id: "cisco_iosxr",
  privilegeLevels: [
    { name: "privilege_exec", pattern: `^${NODE}${HOST}#\\s*$` },
    {
      name: "configuration",
      pattern: `^${NODE}${HOST}\\(config${MODE}\\)#\\s*$`,
      previousPriv: "privilege_exec",
      escalate: "configure terminal",
      deescalate: "end",
    },
  ],
  defaultDesiredPrivilegeLevel: "privilege_exec",
  configPrivilegeLevel: "configuration",
  failedWhenContains: [
    "% Ambiguous command",
    "% Incomplete command",
    "% Invalid input detected",
    "% Unknown command",
    "% Failed to commit",
    "% Failed to rollback",
  ],
  onOpen: ["terminal length 0", "terminal width 512"],
  onClose: ["exit"],
  configAbort: ["abort"],
  configCommit: ["commit"],
  hostnameChange: HOSTNAME_COMMAND,
});
