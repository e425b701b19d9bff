// Fleet benchmark: `patchbay run` of one command across 1,000 simulated devices with --parallel 200,
// against the floor of bare ssh2 doing the same (connect, exec the command, close) at the same
// concurrency. The simulator runs in this process; each client runs in a child process.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fleetYaml, SIM_PASSWORD, SIM_USER, simHostKey, writeSimKnownHosts } from "@patchbay/cli";
import { startFleet } from "@patchbay/devsim";
import { isMain, printTable } from "./lib/stats.js";

const CLI = resolve(import.meta.dirname, "../apps/cli/dist/main.js");
const RSS = resolve(import.meta.dirname, "lib/max-rss.mjs");

// The floor: ssh2 only, no Patchbay. Same devices, same command, same concurrency.
const FLOOR = `
import ssh2 from "ssh2";
const { devices, parallel, password } = JSON.parse(process.argv[1]);
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
      if (error && error.code !== 2)
        return fail(new Error(`${args.join(" ")} failed: ${stderr.slice(-2000)}`));
      done({ seconds, rssMb: rss, stdout });
    });
  });
}

export async function run() {
  const count = Number(process.env.PATCHBAY_BENCH_FLEET ?? 1000);
  const parallel = Number(process.env.PATCHBAY_BENCH_PARALLEL ?? 200);
  const startedSim = performance.now();
  const fleet = await startFleet({
    count,
    platforms: ["cisco_iosxe", "arista_eos", "cisco_nxos", "frr", "juniper_junos", "cisco_iosxr"],
    username: SIM_USER,
    password: SIM_PASSWORD,
    enableSecret: SIM_PASSWORD,
    hostKey: simHostKey(),
  });
  const simSeconds = (performance.now() - startedSim) / 1000;
  const dir = await mkdtemp(join(tmpdir(), "pb-bench-fleet-"));
  try {
    const file = join(dir, "fleet.yaml");
    const knownHostsPath = join(dir, "known_hosts");
    await writeSimKnownHosts(fleet, knownHostsPath);
    await writeFile(file, fleetYaml(fleet, { knownHostsPath, parallelism: parallel }));
    const devices = fleet.toInventory().devices.map((d) => ({ host: d.host, port: d.port }));
    const floor = await timed(
      [
        "--import",
        RSS,
        "--input-type=module",
        "-e",
        FLOOR,
        JSON.stringify({ devices, parallel, password: SIM_PASSWORD }),
      ],
      resolve(import.meta.dirname),
    );
    const floorOk = JSON.parse(floor.stdout.trim().split("\n").pop()).ok;
    const cli = await timed(
      ["--import", RSS, CLI, "run", "-i", file, "--parallel", String(parallel), "--json", "show version"],
      dir,
    );
    const results = JSON.parse(cli.stdout);
    const cliOk = results.filter((r) => r.ok).length;
    return [
      {
        client: "bare ssh2 (floor)",
        devices: count,
        ok: floorOk,
        parallel,
        "wall s": floor.seconds,
        "devices/s": count / floor.seconds,
        "peak RSS MB": floor.rssMb,
        "x floor": 1,
      },
      {
        client: "patchbay run",
        devices: count,
        ok: cliOk,
        parallel,
        "wall s": cli.seconds,
        "devices/s": count / cli.seconds,
        "peak RSS MB": cli.rssMb,
        "x floor": cli.seconds / floor.seconds,
      },
      {
        client: `(simulator start: ${simSeconds.toFixed(1)} s, in the parent)`,
        devices: "",
        ok: "",
        parallel: "",
        "wall s": "",
        "devices/s": "",
        "peak RSS MB": "",
        "x floor": "",
      },
    ];
  } finally {
    await fleet.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url))
  printTable("Fleet: patchbay run across simulated devices vs bare ssh2", await run());
