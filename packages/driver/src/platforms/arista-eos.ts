import { definePlatform, type PlatformDefinition } from "../platform.ts";
import { CISCO_EXEC_LEVELS, HOST, HOSTNAME_COMMAND, MODE } from "./common.ts";

/** Arista EOS: `R1>`, `R1#`, `R1(config)#`, configuration sessions `R1(config-s-NAME)#`. */
export const aristaEos: PlatformDefinition = definePlatform({
  id: "arista_eos",
  privilegeLevels: [
    ...CISCO_EXEC_LEVELS,
    {
      name: "configuration",
      pattern: `^${HOST}\\(config${MODE}\\)#\\s*$`,
      previousPriv: "privilege_exec",
      escalate: "configure terminal",
      deescalate: "end",
      notContains: ["(config-s-"],
    },
  ],
  defaultDesiredPrivilegeLevel: "privilege_exec",
  configPrivilegeLevel: "configuration",
  failedWhenContains: [
    "% Ambiguous command",
    "% Incomplete command",
    "% Invalid input",
    "% Unavailable command",
    "% Cannot commit",
    "% Error",
  ],
  onOpen: ["terminal length 0", "terminal width 511"],
  onClose: ["exit"],
  configAbort: ["end"],
  configSession: {
    escalate: "configure session {name}",
    pattern: `^${HOST}\\(config-s-${MODE}\\)#\\s*$`,
    previousPriv: "privilege_exec",
    commit: ["commit"],
    abort: ["abort"],
  },
  hostnameChange: HOSTNAME_COMMAND,
});
