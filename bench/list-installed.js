// Benchmark: listInstalledPlugins() in a host project with 500 installed packages (490 unrelated,
// 10 plugin packages), all declared in its package.json. Reports median and p99 against a floor
// measured in the same run: one readdir of node_modules plus reading the host package.json, the
// least any listing must do. Run alone with `node bench/list-installed.js` (needs core's dist built).
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { listInstalledPlugins } from "@patchbay/core";

const UNRELATED = 490;
const SCOPES = 20;

/** Names of the 10 plugin packages: every naming convention, and one with an incompatible api version. */
const PLUGINS = [
  "@patchbay/platform-cisco-ios",
  "@patchbay/platform-cisco-nxos",
  "@patchbay/platform-juniper-junos",
  "@patchbay/platform-arista-eos",
  "patchbay-platform-mikrotik-routeros",
  "patchbay-platform-vyos",
  "patchbay-platform-fortios",
  "@acme/patchbay-platform-widget",
  "@acme/patchbay-platform-gadget",
  "@corp/patchbay-platform-legacy",
];

async function writePackage(nodeModules, name, manifest) {
  const dir = join(nodeModules, ...name.split("/"));
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "package.json"), JSON.stringify({ name, version: "1.0.0", ...manifest }));
  // Importing would throw: the benchmark also proves listing never imports.
  await writeFile(join(dir, "index.js"), `throw new Error("${name} must not be imported");\n`);
}

/** A temporary host project; returns its root. */
export async function createProject() {
  const root = await mkdtemp(join(tmpdir(), "patchbay-bench-list-"));
  const nodeModules = join(root, "node_modules");
  const dependencies = {};
  const writes = [];
  for (let i = 0; i < UNRELATED; i++) {
    // A quarter are scoped, spread over SCOPES scopes, like a real project.
    const name = i % 4 === 0 ? `@scope-${i % SCOPES}/lib-${i}` : `lib-${i}`;
    dependencies[name] = "1.0.0";
    writes.push(writePackage(nodeModules, name, { main: "index.js" }));
  }
  PLUGINS.forEach((name, i) => {
    dependencies[name] = "1.0.0";
    const id = name.split("platform-")[1];
    writes.push(
      writePackage(nodeModules, name, { patchbay: { apiVersion: i === 9 ? 99 : 1, platforms: [id] } }),
    );
  });
  await Promise.all(writes);
  await writeFile(
    join(root, "package.json"),
    JSON.stringify({ name: "bench-host", version: "0.0.0", dependencies }),
  );
  return root;
}

async function time(fn, runs) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const at = (q) => samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)];
  return { median: at(0.5), p99: at(0.99) };
}

/**
 * Runs the benchmark; returns one row per measurement.
 * @param {{ runs?: number, warmup?: number }} [options]
 * @returns {Promise<{ name: string, runs: number, medianMs: number, p99Ms: number, ratio: number }[]>}
 */
export async function run(options = {}) {
  const runs = options.runs ?? 200;
  const warmup = options.warmup ?? 20;
  const root = await createProject();
  try {
    const floor = async () => {
      await Promise.all([readdir(join(root, "node_modules")), readFile(join(root, "package.json"), "utf8")]);
    };
    const list = async () => {
      const found = await listInstalledPlugins({ projectRoot: root });
      if (found.length !== PLUGINS.length)
        throw new Error(`expected ${PLUGINS.length} plugins, got ${found.length}`);
    };
    await time(floor, warmup);
    await time(list, warmup);
    const f = await time(floor, runs);
    const l = await time(list, runs);
    const row = (name, t) => ({
      name,
      runs,
      medianMs: round(t.median),
      p99Ms: round(t.p99),
      ratio: round(t.median / f.median),
    });
    return [
      row("floor: readdir node_modules + host package.json", f),
      row("listInstalledPlugins (500 packages)", l),
    ];
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

const round = (n) => Math.round(n * 1000) / 1000;

/** The rows as a small text table. */
export function format(rows) {
  const header = ["benchmark", "runs", "median ms", "p99 ms", "x floor"];
  const lines = rows.map((r) => [
    r.name,
    String(r.runs),
    r.medianMs.toFixed(3),
    r.p99Ms.toFixed(3),
    r.ratio.toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [fmt(header), fmt(widths.map((w) => "-".repeat(w))), ...lines.map(fmt)].join("\n");
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(format(await run()));
}
