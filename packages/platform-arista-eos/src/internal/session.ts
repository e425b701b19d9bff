let sessions = 0;

/** A configuration session name unique in this process and unlikely to clash with another's. */
export function uniqueSessionName(prefix: string): string {
  sessions = (sessions + 1) % 1_000_000;
  const random = Math.floor(Math.random() * 36 ** 3).toString(36);
  return `${prefix}-${process.pid.toString(36)}-${sessions.toString(36)}${random}`;
}

/** The non-empty lines of a configuration, without `end` (which would leave the session). */
export function configLines(config: string): string[] {
  return config
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .filter((l) => l.trim() !== "" && l.trim() !== "end");
}

/**
 * A configuration as EOS prints it, without the comment header lines that name the command or the
 * time (they differ between `show running-config` and `show session-config` and would fill diffs).
 */
export function cleanEosConfig(output: string): string {
  return output
    .replace(/\r\n?/g, "\n")
    .replace(/^! (Command|Time|Startup-config last modified at):.*\n/gm, "")
    .replace(/^\n+/, "")
    .replace(/\s*$/, "\n");
}

export function firstLines(text: string): string {
  return text.split("\n").slice(0, 3).join(" / ").slice(0, 300);
}
