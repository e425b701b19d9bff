// Small statistics and table helpers shared by the benchmarks. Plain JS: node runs it as it is.

/** Nanosecond samples -> { median, p99, mean } in microseconds. */
export function summarise(samplesNs) {
  const sorted = [...samplesNs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const at = (q) => Number(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]) / 1000;
  const mean = sorted.reduce((s, v) => s + Number(v), 0) / sorted.length / 1000;
  return { median: at(0.5), p99: at(0.99), mean, n: sorted.length };
}

/** Times `fn` `runs` times after `warmup` untimed runs; returns nanosecond samples. */
export async function sample(fn, { runs, warmup = Math.min(50, runs) }) {
  for (let i = 0; i < warmup; i++) await fn(i);
  const out = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn(i);
    out.push(process.hrtime.bigint() - t);
  }
  return out;
}

/** Prints rows (objects with the same keys) as an aligned text table. */
export function printTable(title, rows) {
  if (rows.length === 0) return;
  const keys = Object.keys(rows[0]);
  const cells = rows.map((r) => keys.map((k) => format(r[k])));
  const widths = keys.map((k, i) => Math.max(k.length, ...cells.map((c) => c[i].length)));
  const line = (vals) => vals.map((v, i) => v.padEnd(widths[i])).join("  ");
  process.stdout.write(`\n${title}\n${line(keys)}\n${line(widths.map((w) => "-".repeat(w)))}\n`);
  for (const c of cells) process.stdout.write(`${line(c)}\n`);
}

function format(v) {
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : v < 10 ? v.toFixed(3) : v.toFixed(1);
  return String(v);
}

/** True when this module is the script node was started with. */
export function isMain(metaUrl) {
  return process.argv[1] !== undefined && new URL(metaUrl).pathname === process.argv[1];
}
