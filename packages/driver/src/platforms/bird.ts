import { definePlatform, type PlatformDefinition } from "../platform.ts";

/**
 * BIRD's `birdc` (readline): one level, `bird> `. birdc redraws its prompt right after Enter and
 * withdraws it (`\r\x1b[K`) when the daemon answers; it pages long replies itself (`--More--`) when
 * the terminal is small. Configuration is a file, not lines: `configure` re-reads it.
 */
export const bird: PlatformDefinition = definePlatform({
  id: "bird",
  privilegeLevels: [{ name: "exec", pattern: "^bird> ?$" }],
  defaultDesiredPrivilegeLevel: "exec",
  failedWhenContains: ["syntax error", "No such command", "Unknown command", "Access denied", "Ambiguous"],
  onOpen: [],
  onClose: ["quit"],
  pagerPatterns: ["^--More--\\s*$"],
  configAbort: [],
  promptRedraw: true,
});
