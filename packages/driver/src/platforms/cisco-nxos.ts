import { definePlatform, type PlatformDefinition } from "../platform.ts";
import { CISCO_EXEC_LEVELS, HOST, HOSTNAME_COMMAND, MODE } from "./common.ts";

/** Cisco NX-OS: `R1#`, `R1(config)#`, configuration sessions `R1(config-s)#`. */
export const ciscoNxos: PlatformDefinition = definePlatform({
  id: "cisco_nxos",
  privilegeLevels: [
    ...CISCO_EXEC_LEVELS,
    {
      name: "configuration",
      pattern: `^${HOST}\\(config${MODE}\\)#\\s*$`,
      previousPriv: "privilege_exec",
      escalate: "configure terminal",
      deescalate: "end",
      notContains: ["(config-s)", "(config-s-", "-tcl)"],
    },
  ],
  defaultDesiredPrivilegeLevel: "privilege_exec",
  configPrivilegeLevel: "configuration",
  failedWhenContains: [
    "% Ambiguous command",
    "% Incomplete command",
    "% Invalid command",
    "% Invalid input detected",
    "% Invalid number",
    // A session commit that fails says so only in these words.
    "Commit failed",
    "% Failed to commit",
    "Verification failed",
  ],
  onOpen: ["terminal length 0", "terminal width 511"],
  onClose: ["exit"],
  configAbort: ["end"],
  configSession: {
    escalate: "configure session {name}",
    pattern: `^${HOST}\\(config-s${MODE}\\)#\\s*$`,
    previousPriv: "privilege_exec",
    commit: ["commit"],
    abort: ["abort"],
  },
  hostnameChange: HOSTNAME_COMMAND,
});
