import type { CaptureBuffer } from "./capture.ts";

// How much of a scrolled input's tail must show after the `$` to count as its echo.
const SCROLL_MIN_SHOWN = 10;

/** Finds the echo of `input` exactly as sent, after position `from`; returns where it ends. */
export function exactEcho(buf: CaptureBuffer, input: string, from: number): () => number | undefined {
  let scanFrom = from;
  return () => {
    const tailStart = buf.tailStart;
    const start = Math.max(scanFrom, tailStart) - tailStart;
    const idx = buf.tail.indexOf(input, start);
    if (idx !== -1) return tailStart + idx + input.length;
    scanFrom = Math.max(from, buf.length - input.length + 1);
    return scrolledEcho(buf, input, from);
  };
}

/**
 * Finds the input's characters in order (tolerates line wrap and inserted noise); returns where the
 * last one is.
 */
export function fuzzyEcho(buf: CaptureBuffer, input: string, from: number): () => number | undefined {
  let matched = 0;
  let scanFrom = from;
  return () => {
    const tail = buf.tail;
    const tailStart = buf.length - tail.length;
    for (let k = Math.max(scanFrom, tailStart) - tailStart; k < tail.length; k++) {
      if (tail.charCodeAt(k) === input.charCodeAt(matched)) {
        matched++;
        if (matched === input.length) return tailStart + k + 1;
      }
    }
    scanFrom = buf.length;
    return scrolledEcho(buf, input, from);
  };
}

// Cisco scrolls an input longer than the terminal is wide: it backspaces over the line and redraws
// it as `$` and the input's tail, so the echo never shows whole. Returns where such an echo ends.
function scrolledEcho(buf: CaptureBuffer, input: string, from: number): number | undefined {
  if (input.length <= SCROLL_MIN_SHOWN) return undefined;
  const tail = buf.tail;
  const tailStart = buf.length - tail.length;
  const dollar = tail.lastIndexOf("$");
  if (dollar === -1 || tailStart + dollar < from) return undefined;
  let end = tail.length;
  while (end > dollar + 1 && tail.charCodeAt(end - 1) === 32) end--;
  const shown = tail.slice(dollar + 1, end);
  if (shown.length < SCROLL_MIN_SHOWN || !input.endsWith(shown)) return undefined;
  return tailStart + end;
}
