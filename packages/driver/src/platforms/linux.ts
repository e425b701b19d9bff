import { definePlatform, type PlatformDefinition } from "../platform.ts";
import { HOST } from "./common.ts";

const USER = "[\\w.\\-]{1,32}@";
const PATH = ":[^\\n]{0,256}?";

/** Linux shells: `admin@host:~$ `, root `root@host:~# `. */
export const linux: PlatformDefinition = definePlatform({
  id: "linux",
  privilegeLevels: [
    { name: "exec", pattern: `^${USER}${HOST}${PATH}\\$ ?$` },
    {
      name: "root",
      pattern: `^${USER}${HOST}${PATH}# ?$`,
      previousPriv: "exec",
      escalate: "sudo -s",
      deescalate: "exit",
      escalateAuth: true,
      escalatePrompt: "^\\[sudo\\] password for [\\w.\\-]+: ?$|^[Pp]assword: ?$",
    },
  ],
  defaultDesiredPrivilegeLevel: "exec",
  failedWhenContains: ["command not found", "No such file or directory", "Permission denied"],
  onOpen: [],
  onClose: ["exit"],
  configAbort: [],
  hostnameChange: "^\\s*(?:sudo\\s+)?(?:hostname|hostnamectl set-hostname)\\s+(\\S+)\\s*$",
});
