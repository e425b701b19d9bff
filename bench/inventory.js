// Inventory scale: a fleet file of 100,000 hosts (in a `hosts:` mapping, and in one group) loaded and
// checked, against the floor of reading the same YAML with the yaml package alone (parseDocument
// without its quadratic unique-key check, then toJS: what any reader of the file pays), measured in
// the same run, in CPU time (wall time on a shared machine says more about the neighbours). Target: under 2 s each (issue 16: 54 s and 3.9 s for
// 50,000 before). Then `--limit` matching of a hostile glob against names of doubling length: each
// doubling should about double the time (linear), where a backtracking RegExp grew without bound.
import { parseInventory } from "@patchbay/inventory";
import { parseDocument } from "yaml";
import { isMain, printTable } from "./lib/stats.js";

const HOSTS = Number(process.env.BENCH_INVENTORY_HOSTS ?? 100_000);

function mappingFleet(n) {
  const lines = ["defaults: { platform: linux, username: ops, data: { site: lab } }", "hosts:"];
  for (let i = 0; i < n; i++) lines.push(`  host-${i}.lab: { port: ${1 + (i % 60000)} }`);
  return `${lines.join("\n")}\n`;
}

function groupFleet(n) {
  const lines = [
    "defaults: { platform: linux }",
    "groups:",
    "  all-routers:",
    "    data: { role: edge }",
    "    hosts:",
  ];
  for (let i = 0; i < n; i++) lines.push(`      - host-${i}.lab`);
  return `${lines.join("\n")}\n`;
}

/** CPU milliseconds (user + system) of `fn`. */
async function time(fn) {
  const t = process.cpuUsage();
  await fn();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
}

async function best(fn, runs = 3) {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) min = Math.min(min, await time(fn));
  return min;
}

export async function run() {
  const rows = [];
  for (const [label, text] of [
    ["hosts: mapping", mappingFleet(HOSTS)],
    ["one group", groupFleet(HOSTS)],
  ]) {
    let count = 0;
    const floor = await best(() => parseDocument(text, { uniqueKeys: false }).toJS(), 2);
    const load = await best(async () => {
      const inventory = await parseInventory(text, { file: "/tmp/bench-fleet.yaml", env: {} });
      count = inventory.hosts.length;
    }, 2);
    rows.push({
      case: `${count} hosts, ${label}`,
      "load CPU ms": load,
      "yaml CPU ms (floor)": floor,
      "x floor": load / floor,
      "target 2000 ms": load < 2000 ? "met" : "MISSED",
    });
  }
  return rows;
}

/** Time of selecting with `*a*a*a*a*a*a*a*a*a*a*c` among 1,000 hosts whose names double in length. */
export async function runLimit() {
  const rows = [];
  let previous;
  // Names stop at 253 characters (the name rule), so the lengths double up to 240.
  for (const length of [15, 30, 60, 120, 240]) {
    const names = Array.from(
      { length: 1000 },
      (_, i) => `${"a".repeat(length - 6)}${String(i).padStart(6, "0")}`,
    );
    const inventory = await parseInventory(
      `defaults: { platform: linux }\nhosts:\n${names.map((n) => `  ${n}: {}`).join("\n")}\n`,
      { file: "/tmp/bench-fleet.yaml", env: {} },
    );
    const select = () => {
      try {
        inventory.select("*a*a*a*a*a*a*a*a*a*a*c");
      } catch {
        // Matches nothing, by design: every name is scanned to its end.
      }
    };
    const ms = await best(select, 5);
    rows.push({
      "name length": length,
      "1,000 names CPU ms": ms,
      "x previous (2 = linear)": previous === undefined ? "-" : ms / previous,
    });
    previous = ms;
  }
  return rows;
}

if (isMain(import.meta.url)) {
  printTable(`Inventory: ${HOSTS} hosts loaded and checked vs yaml reading the same file`, await run());
  printTable("Inventory: --limit '*a*a*a*a*a*a*a*a*a*a*c', name length doubling", await runLimit());
}
