/**
 * A configuration as NX-OS prints it, without the header comments whose timestamps change on every
 * read (they would fill every diff), ending with one newline.
 */
export function cleanNxosConfig(output: string): string {
  return output
    .replace(/\r\n?/g, "\n")
    .replace(/^!(Command:|Running configuration last done at:|Time:|Startup config saved at:).*\n/gm, "")
    .replace(/^\n+/, "")
    .replace(/\s*$/, "\n");
}
