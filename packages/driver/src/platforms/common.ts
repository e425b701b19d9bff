import type { PrivilegeLevelInput } from "../platform.ts";

/** Building blocks of prompt patterns (strings, compiled by definePlatform with the `m` flag). */

/** A hostname, captured for anchoring. */
export const HOST = "(?<hostname>[\\w.\\-]{1,63})";
/** The mode inside `(...)` of a Cisco-like configuration prompt. */
export const MODE = "[\\w.\\-@/:+]{0,40}";
/** `Password:` as printed by `enable`. */
export const PASSWORD_PROMPT = "^[Pp]assword: ?$";
/** `hostname NAME` in configuration. */
export const HOSTNAME_COMMAND = "^\\s*hostname\\s+(\\S+)\\s*$";

/** User exec `R1>` and privileged exec `R1#` (reached with `enable` and the secret), as IOS, NX-OS and EOS print them. */
export const CISCO_EXEC_LEVELS: readonly PrivilegeLevelInput[] = [
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
];
