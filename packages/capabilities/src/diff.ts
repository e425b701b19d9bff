import { createTwoFilesPatch } from "diff";

/**
 * A unified diff of two configurations (`--- a`, `+++ b`, `@@` hunks), empty when they are equal.
 * Line endings are normalised first, so a device's `\r\n` never shows as a change.
 */
export function unifiedDiff(
  before: string,
  after: string,
  labels: { before?: string; after?: string } = {},
): string {
  const a = normalise(before);
  const b = normalise(after);
  if (a === b) return "";
  const patch = createTwoFilesPatch(
    labels.before ?? "running",
    labels.after ?? "candidate",
    a,
    b,
    undefined,
    undefined,
    {
      context: 3,
    },
  );
  // Drop the "===" banner line jsdiff puts first; keep the standard ---/+++ headers.
  return patch.replace(/^=+\n/, "");
}

function normalise(text: string): string {
  const lf = text.replace(/\r\n?/g, "\n");
  return lf.endsWith("\n") || lf === "" ? lf : `${lf}\n`;
}
