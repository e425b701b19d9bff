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
