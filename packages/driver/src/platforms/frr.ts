import { definePlatform, type PlatformDefinition } from "../platform.ts";
import { HOST, HOSTNAME_COMMAND, PASSWORD_PROMPT } from "./common.ts";

/** FRRouting vtysh: `R1# ` (trailing space), `R1(config)# `, `R1(config-router)# `. */
export const frr: PlatformDefinition = definePlatform({
  id: "frr",
  privilegeLevels: [
    { name: "exec", pattern: `^${HOST}> ?$` },
    {
      name: "privilege_exec",
      pattern: `^${HOST}# ?$`,
      previousPriv: "exec",
      escalate: "enable",
      deescalate: "disable",
      escalateAuth: true,
      escalatePrompt: PASSWORD_PROMPT,
    },
    {
      name: "configuration",
      pattern: `^${HOST}\\(config[\\w.\\-@/:+ ]{0,40}\\)# ?$`,
      previousPriv: "privilege_exec",
      escalate: "configure terminal",
      deescalate: "end",
    },
  ],
  defaultDesiredPrivilegeLevel: "privilege_exec",
  configPrivilegeLevel: "configuration",
  failedWhenContains: [
    "% Unknown command",
    "% Command incomplete",
    "% Ambiguous command",
    "% Invalid",
    "% Can't",
  ],
  // vtysh rejects `terminal width`.
  onOpen: ["terminal length 0"],
  onClose: ["exit"],
  configAbort: ["end"],
  hostnameChange: HOSTNAME_COMMAND,
});
