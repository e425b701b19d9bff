import { definePlatform, type PlatformDefinition } from "../platform.ts";
import { HOST, HOSTNAME_COMMAND, MODE, PASSWORD_PROMPT } from "./common.ts";

/** Arista EOS: `R1>`, `R1#`, `R1(config)#`, configuration sessions `R1(config-s-NAME)#`. */
export const aristaEos: PlatformDefinition = definePlatform({
  id: "arista_eos",
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
