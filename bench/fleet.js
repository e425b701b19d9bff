// Fleet benchmark: `patchbay run` of one command across 1,000 simulated devices with --parallel 200,
// against the floor of bare ssh2 doing the same (connect, exec the command, close) at the same
// concurrency. Reported for both clients: wall time, CPU time (user + system) and peak RSS of the
// client process, and the ratios of each to the floor.
//
// Sizes: PATCHBAY_BENCH_FLEET=<devices> (default 1000), PATCHBAY_BENCH_PARALLEL=<n> (default 200).
// The simulators run in this process up to 1,000 devices; above that (e.g. PATCHBAY_BENCH_FLEET=10000)
// they are spread over PATCHBAY_BENCH_SIM_PROCS child processes (default: one per 2,500 devices), as
// one event loop cannot serve 10,000 SSH servers fast enough to measure the client. The 10,000-device
// target (under 60 s and under 2 GiB for `patchbay run`) is checked in the last row.
import { execFile, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fleetYaml, SIM_PASSWORD, SIM_USER, simHostKey, writeSimKnownHosts } from "@patchbay/cli";
import { startFleet } from "@patchbay/devsim";
import { isMain, printTable } from "./lib/stats.js";

const CLI = resolve(import.meta.dirname, "../apps/cli/dist/main.js");
const RSS = resolve(import.meta.dirname, "lib/max-rss.mjs");
// PATCHBAY_BENCH_PROF=<dir>: both clients write a V8 CPU profile (.cpuprofile) there.
const PROF = process.env.PATCHBAY_BENCH_PROF
  ? ["--cpu-prof", "--cpu-prof-dir", resolve(process.env.PATCHBAY_BENCH_PROF)]
  : [];
const PLATFORMS = ["cisco_iosxe", "arista_eos", "cisco_nxos", "frr", "juniper_junos", "cisco_iosxr"];

// The floor: ssh2 only, no Patchbay. Same devices, same command, same concurrency.
const FLOOR = `
import { readFileSync } from "node:fs";
import ssh2 from "ssh2";
const { devices, parallel, password } = JSON.parse(readFileSync(process.argv[1], "utf8"));
let next = 0, ok = 0;
const one = (d) => new Promise((resolve) => {
  const c = new ssh2.Client();
  c.on("ready", () => c.exec("show version", (err, ch) => {
    if (err) { c.end(); return resolve(); }
    ch.on("data", () => {}).on("close", () => { ok++; c.end(); });
  }));
  c.on("close", resolve).on("error", () => resolve());
  c.connect({ host: d.host, port: d.port, username: "${SIM_USER}", password, readyTimeout: 60000 });
});
await Promise.all(Array.from({ length: parallel }, async () => { while (next < devices.length) await one(devices[next++]); }));
console.log(JSON.stringify({ ok }));
`;

function timed(args, cwd) {
  return new Promise((done, fail) => {
    const started = performance.now();
    execFile(process.execPath, args, { cwd, maxBuffer: 1 << 30 }, (error, stdout, stderr) => {
      const seconds = (performance.now() - started) / 1000;
      const rss = Number(/PATCHBAY_MAX_RSS_KB=(\d+)/.exec(stderr)?.[1] ?? Number.NaN) / 1024;
      const cpu = Number(/PATCHBAY_CPU_MS=(\d+)/.exec(stderr)?.[1] ?? Number.NaN) / 1000;
      if (error && error.code !== 2)
        return fail(new Error(`${args.join(" ")} failed: ${stderr.slice(-2000)}`));
      done({ seconds, rssMb: rss, cpuSeconds: cpu, stdout });
    });
  });
}

const fleetOptions = (count, hostKey) => ({
  count,
  platforms: PLATFORMS,
  username: SIM_USER,
  password: SIM_PASSWORD,
  enableSecret: SIM_PASSWORD,
  hostKey,
});

// A simulator process: reads {count, hostKey} as one JSON line on stdin (the key stays out of the
// process list), prints its inventory as one JSON line, and closes its fleet when stdin ends.
async function simChild() {
  const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  const { count, hostKey } = JSON.parse((await lines.next()).value);
  const fleet = await startFleet(fleetOptions(count, hostKey));
  process.stdout.write(`${JSON.stringify(fleet.toInventory().devices)}\n`);
  while (!(await lines.next()).done);
  await fleet.close();
  process.exit(0);
}

// The devices in child processes, merged into what fleetYaml and writeSimKnownHosts read. Names are
// made unique across processes (each child names its devices R1, R2, ...).
async function startSpreadFleet(count, procs) {
  const hostKey = simHostKey();
  const children = [];
  const devices = [];
  try {
    const per = Math.ceil(count / procs);
    const started = [];
    for (let p = 0; p < procs; p++) {
      const n = Math.min(per, count - p * per);
      if (n <= 0) break;
      const child = spawn(process.execPath, [import.meta.filename, "--sim"], {
        stdio: ["pipe", "pipe", "inherit"],
      });
      children.push(child);
      child.stdin.write(`${JSON.stringify({ count: n, hostKey })}\n`);
      started.push(
        new Promise((done, fail) => {
          const out = createInterface({ input: child.stdout });
          out.once("line", (line) => done(JSON.parse(line)));
          child.once("exit", (code) => fail(new Error(`simulator process ${p} exited (${code})`)));
        }),
      );
    }
    const lists = await Promise.all(started);
    lists.forEach((list, p) => {
      for (const d of list) devices.push(p === 0 ? d : { ...d, name: `${d.name}-s${p}` });
    });
  } catch (error) {
    for (const c of children) c.kill();
    throw error;
  }
  const close = () =>
    Promise.all(
      children.map(
        (c) =>
          new Promise((done) => {
            if (c.exitCode !== null) return done();
            c.once("exit", done);
            c.stdin.end();
          }),
      ),
    ).then(() => undefined);
  return { devices, toInventory: () => ({ devices }), close };
}

export async function run() {
  const count = Number(process.env.PATCHBAY_BENCH_FLEET ?? 1000);
  const parallel = Number(process.env.PATCHBAY_BENCH_PARALLEL ?? 200);
  const procs = Number(process.env.PATCHBAY_BENCH_SIM_PROCS ?? (count > 1000 ? Math.ceil(count / 2500) : 1));
  const startedSim = performance.now();
  const fleet =
    procs > 1 ? await startSpreadFleet(count, procs) : await startFleet(fleetOptions(count, simHostKey()));
  const simSeconds = (performance.now() - startedSim) / 1000;
  const dir = await mkdtemp(join(tmpdir(), "pb-bench-fleet-"));
  try {
    const file = join(dir, "fleet.yaml");
    const knownHostsPath = join(dir, "known_hosts");
    await writeSimKnownHosts(fleet, knownHostsPath);
    await writeFile(file, fleetYaml(fleet, { knownHostsPath, parallelism: parallel }));
    const devices = fleet.toInventory().devices.map((d) => ({ host: d.host, port: d.port }));
    const floorInput = join(dir, "floor.json");
    await writeFile(floorInput, JSON.stringify({ devices, parallel, password: SIM_PASSWORD }));
    const floor = await timed(
      [...PROF, "--import", RSS, "--input-type=module", "-e", FLOOR, floorInput],
      resolve(import.meta.dirname),
    );
    const floorOk = JSON.parse(floor.stdout.trim().split("\n").pop()).ok;
    const cli = await timed(
      [
        ...PROF,
        "--import",
        RSS,
        CLI,
        "run",
        "-i",
        file,
        "--parallel",
        String(parallel),
        "--json",
        "show version",
      ],
      dir,
    );
    const results = JSON.parse(cli.stdout);
    const cliOk = results.filter((r) => r.ok).length;
    const row = (client, ok, r) => ({
      client,
      devices: count,
      ok,
      parallel,
      "wall s": r.seconds,
      "devices/s": count / r.seconds,
      "CPU s": r.cpuSeconds,
      "peak RSS MB": r.rssMb,
      "x floor wall": r.seconds / floor.seconds,
      "x floor CPU": r.cpuSeconds / floor.cpuSeconds,
      "x floor RSS": r.rssMb / floor.rssMb,
    });
    const note = (client) => ({
      ...Object.fromEntries(Object.keys(row("", 0, cli)).map((k) => [k, ""])),
      client,
    });
    const rows = [row("bare ssh2 (floor)", floorOk, floor), row("patchbay run", cliOk, cli)];
    rows.push(note(`(simulators: ${procs} process(es), started in ${simSeconds.toFixed(1)} s)`));
    if (count >= 10_000) {
      const met = cli.seconds < 60 && cli.rssMb < 2048 && cliOk === count;
      rows.push(note(`10,000-device target (< 60 s, < 2 GiB, all ok): ${met ? "met" : "NOT met"}`));
    }
    return rows;
  } finally {
    await fleet.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--sim") await simChild();
else if (isMain(import.meta.url))
  printTable("Fleet: patchbay run across simulated devices vs bare ssh2", await run());
