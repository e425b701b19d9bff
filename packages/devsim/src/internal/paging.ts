/**
 * Finds where the `lines`-th newline ends in `data`: returns the byte index just after it,
 * or -1 when `data` holds fewer newlines.
 */
export function afterNthNewline(data: Buffer, lines: number): number {
  let from = 0;
  for (let seen = 0; seen < lines; seen++) {
    const i = data.indexOf(0x0a, from);
    if (i < 0) return -1;
    from = i + 1;
  }
  return from;
}

export function countNewlines(data: Buffer): number {
  let n = 0;
  for (let i = data.indexOf(0x0a); i >= 0; i = data.indexOf(0x0a, i + 1)) n++;
  return n;
}

/** What a key pressed at the pager prompt does. */
export function pagerAction(key: string): "page" | "line" | "quit" {
  if (key === " ") return "page";
  if (key === "\r" || key === "\n") return "line";
  return "quit";
}
