import { definePlatform, type PlatformDefinition } from "../platform.ts";
import { HOST } from "./common.ts";

/** The context line SR Linux prints above every prompt: `--{ + running }--[ interface ethernet-1/1 ]--`. */
const context = (mode: string): string => `^--\\{ (?:[*+!] )*${mode} \\}--\\[ [^\\]\\n]* \\]--\\n`;
/** `A:srl1# ` (the active control module's slot, then the hostname). */
const PROMPT = `^[AB]:${HOST}# ?$`;

/**
 * Nokia SR Linux: a two-line prompt, the mode and context above `A:srl1#`. `enter candidate` opens
 * the shared candidate; `commit now` commits and returns to running mode, `discard now` drops it.
 */
export const nokiaSrlinux: PlatformDefinition = definePlatform({
  id: "nokia_srlinux",
  privilegeLevels: [
    { name: "exec", pattern: `${context("running")}${PROMPT}` },
    {
      name: "configuration",
      pattern: `${context("candidate(?: [\\w\\-]+){0,2}")}${PROMPT}`,
      previousPriv: "exec",
      escalate: "enter candidate",
      deescalate: "discard now",
    },
  ],
  defaultDesiredPrivilegeLevel: "exec",
  configPrivilegeLevel: "configuration",
  failedWhenContains: ["Parsing error", "Error:", "Unknown token", "Incomplete command"],
  onOpen: ["environment cli-engine type basic", "environment complete-on-space false"],
  onClose: ["quit"],
  configAbort: ["discard now"],
  configCommit: ["commit now"],
  hostnameChange: '^\\s*set\\s+/\\s*system\\s+name\\s+host-name\\s+"?([\\w.\\-]+)"?\\s*$',
});
