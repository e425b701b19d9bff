import { definePlatform, type PlatformDefinition } from "../platform.ts";
import { HOST } from "./common.ts";

const USER = "[\\w.\\-]{1,32}@";

/** Juniper Junos: `admin@R1> `, `admin@R1# ` (configuration mode prints `[edit]` lines). */
export const juniperJunos: PlatformDefinition = definePlatform({
  id: "juniper_junos",
  privilegeLevels: [
    { name: "exec", pattern: `^${USER}${HOST}> ?$` },
    {
      name: "configuration",
      pattern: `^${USER}${HOST}# ?$`,
      previousPriv: "exec",
      escalate: "configure",
      deescalate: "exit configuration-mode",
    },
  ],
  defaultDesiredPrivilegeLevel: "exec",
  configPrivilegeLevel: "configuration",
  failedWhenContains: ["is ambiguous", "No valid completions", "unknown command", "syntax error", "error: "],
  onOpen: ["set cli screen-length 0", "set cli screen-width 511"],
  onClose: ["exit"],
  configAbort: ["rollback 0", "exit configuration-mode"],
  configCommit: ["commit"],
  pagerPatterns: ["-+\\(more(?: \\d+%)?\\)-+ ?$"],
  hostnameChange: "^\\s*set system host-name\\s+(\\S+)\\s*$",
  // `[edit]` or `[edit interfaces ge-0/0/1]` above a configuration prompt; `{master:0}` on dual-RE systems.
  promptPreamble: "^(?:\\{[\\w:.\\-]+\\}(?:\\[edit[^\\]\\n]*\\])?|\\[edit[^\\]\\n]*\\])$",
});
