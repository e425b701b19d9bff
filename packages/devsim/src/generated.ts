const BLOCK_BYTES = 64 * 1024;
const blocks = new Map<string, Buffer>();

/** Deterministic route-table-like lines, as `show ip route` prints them. */
export function routeLine(i: number, eol: string): string {
  const a = 10 + (i % 200);
  const b = (i >>> 8) & 0xff;
  const c = i & 0xff;
  const hop = `192.168.${(i * 7) % 250}.${1 + ((i * 13) % 250)}`;
  const age = `${(i % 9) + 1}d${String(i % 24).padStart(2, "0")}h`;
  const code = i % 5 === 0 ? "O   " : i % 3 === 0 ? "S   " : "B   ";
  const metric = code === "O   " ? "[110/2]" : code === "S   " ? "[1/0]" : "[20/0]";
  return `${code} ${a}.${b}.${c}.0/24 ${metric} via ${hop}, ${age}, GigabitEthernet${(i % 4) + 1}${eol}`;
}

function block(eol: string): Buffer {
  let cached = blocks.get(eol);
  if (cached === undefined) {
    const lines: string[] = [];
    let size = 0;
    for (let i = 0; size < BLOCK_BYTES; i++) {
      const line = routeLine(i, eol);
      lines.push(line);
      size += line.length;
    }
    // Whole lines only, so consecutive blocks join cleanly.
    cached = Buffer.from(lines.join(""));
    blocks.set(eol, cached);
  }
  return cached;
}

/**
 * Exactly `bytes` bytes of route lines, in 64 KiB chunks (shared buffers, no large allocations).
 * The last line is cut short if needed and always ends with the line ending.
 */
export function* generatedOutput(bytes: number, crlf: boolean): Generator<Buffer> {
  const eol = crlf ? "\r\n" : "\n";
  const full = block(eol);
  let remaining = Math.max(0, Math.floor(bytes));
  while (remaining > full.length) {
    yield full;
    remaining -= full.length;
  }
  if (remaining === 0) return;
  if (remaining <= eol.length) {
    yield Buffer.from(eol.slice(eol.length - remaining));
    return;
  }
  const end = remaining - eol.length;
  const last = Buffer.concat([full.subarray(0, end), Buffer.from(eol)]);
  // A cut right after a line's `\r` or `\n` would leave a stray break; turn it into a space instead.
  for (let i = end - 1; i >= 0 && i >= end - 2; i--) {
    if (last[i] === 0x0d || (last[i] === 0x0a && i === end - 1)) last[i] = 0x20;
    else break;
  }
  yield last;
}
