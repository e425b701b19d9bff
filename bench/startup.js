// Start-up benchmark: whole processes, timed side by side in one run (A B A B ...), each reported as
// the median of the per-pair ratios A/B, so a machine whose speed drifts still compares fairly.
//   patchbay --version / --help        vs  node -e 0                           (target <= 1.5x)
//   library: connect + 1 command + close vs a bare ssh2 exec of the same command (target <= 1.15x)
//   patchbay run, one command, one host  vs that bare ssh2 exec                (target <= 1.25x)
// The device is FRR's vtysh over OpenSSH when the peers run (test/peers/setup.sh), else a simulated
// FRR device in this process.
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SIM_PASSWORD, SIM_USER, simHostKey, simKnownHosts } from "@patchbay/cli";
import { startFleet } from "@patchbay/devsim";
import { isMain, printTable } from "./lib/stats.js";

const BENCH = resolve(import.meta.dirname);
const CLI_DIR = resolve(BENCH, "../apps/cli");
const CLI = resolve(CLI_DIR, "dist/main.js");
const COMMAND = "show version";

// The floor: ssh2 only. Connect, exec the command, read it all, close.
const BARE = `
import ssh2 from "ssh2";
const [host, port, username] = process.argv.slice(1);
const c = new ssh2.Client();
let bytes = 0;
c.on("ready", () => c.exec(${JSON.stringify(COMMAND)}, (err, ch) => {
  if (err) throw err;
  ch.on("data", (d) => { bytes += d.length; }).stderr.on("data", () => {});
  ch.on("close", () => c.end());
}));
c.on("close", () => { if (bytes === 0) process.exitCode = 3; });
c.connect({ host, port: Number(port), username, password: process.env.PB_BENCH_PW, readyTimeout: 30000 });
`;

// What a library user writes (JavaScript on Node 20: try/finally, not \`await using\`).
const LIBRARY = `
import { Commands } from "@patchbay/capabilities";
import { connect, createDevice } from "@patchbay/core";
const [host, port, username, knownHostsPath] = process.argv.slice(1);
const device = createDevice({
  host, port: Number(port), platform: "frr", username, password: process.env.PB_BENCH_PW,
  data: { ssh: { hostKeyPolicy: "strict", knownHostsPath, keepaliveIntervalMs: 0 } },
});
const router = await connect(device, { capabilities: [Commands] });
try {
  const [result] = await router.runCommands([${JSON.stringify(COMMAND)}]);
  if (!result || result.output.length === 0) process.exitCode = 3;
} finally {
  await router.close();
}
`;

function once(args, cwd, env) {
  return new Promise((done, fail) => {
    const started = performance.now();
    execFile(
      process.execPath,
      args,
      { cwd, env: { ...process.env, ...env }, maxBuffer: 1 << 26 },
      (error, _o, stderr) => {
        const ms = performance.now() - started;
        if (error) return fail(new Error(`${args.slice(0, 3).join(" ")} failed: ${stderr.slice(-1500)}`));
        done(ms);
      },
    );
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Runs A and B in turn `runs` times after one warm-up each; medians and the median pair ratio. */
async function pair(a, b, runs) {
  await once(...a);
  await once(...b);
  const ta = [];
  const tb = [];
  for (let i = 0; i < runs; i++) {
    ta.push(await once(...a));
    tb.push(await once(...b));
  }
  return { a: median(ta), b: median(tb), ratio: median(ta.map((t, i) => t / tb[i])) };
}

/** The device: FRR over OpenSSH from the peers, else one simulated FRR device. */
async function device(dir) {
  const peersFile = fileURLToPath(new URL("../.peers/peers.json", import.meta.url));
  const knownHosts = join(dir, "known_hosts");
  if (existsSync(peersFile) && process.env.PATCHBAY_BENCH_STARTUP_SIM === undefined) {
    const peers = JSON.parse(readFileSync(peersFile, "utf8"));
    const { frr, openssh } = peers;
    const keys = Object.values(openssh.hostKeys).map((path) => {
      const [type, blob] = readFileSync(path, "utf8").trim().split(/\s+/);
      return `[${frr.host}]:${frr.port} ${type} ${blob}\n`;
    });
    await writeFile(knownHosts, keys.join(""));
    return { ...frr, knownHosts, where: "FRR vtysh (OpenSSH peer)", close: async () => {} };
  }
  const fleet = await startFleet({
    count: 1,
    platforms: ["frr"],
    username: SIM_USER,
    password: SIM_PASSWORD,
    hostKey: simHostKey(),
  });
  await writeFile(knownHosts, simKnownHosts(fleet));
  const [d] = fleet.devices;
  return {
    host: d.host,
    port: d.port,
    username: SIM_USER,
    password: SIM_PASSWORD,
    knownHosts,
    where: "simulated FRR device",
    close: () => fleet.close(),
  };
}

export async function run() {
  const runs = Number(process.env.PATCHBAY_BENCH_STARTUP_RUNS ?? 10);
  const dir = await mkdtemp(join(tmpdir(), "pb-bench-startup-"));
  const d = await device(dir);
  try {
    const env = { PB_BENCH_PW: d.password, NO_COLOR: "1" };
    const fleet = join(dir, "fleet.yaml");
    await writeFile(
      fleet,
      `hosts:\n  r1:\n    host: ${d.host}\n    port: ${d.port}\n    platform: frr\n    username: ${d.username}\n    password: { env: PB_BENCH_PW }\n    data: { ssh: { hostKeyPolicy: strict, knownHostsPath: ${JSON.stringify(d.knownHosts)}, keepaliveIntervalMs: 0 } }\n`,
    );
    const nodeFloor = [["-e", "0"], BENCH, {}];
    const bare = [["--input-type=module", "-e", BARE, d.host, String(d.port), d.username], BENCH, env];
    const library = [
      ["--input-type=module", "-e", LIBRARY, d.host, String(d.port), d.username, d.knownHosts],
      CLI_DIR,
      env,
    ];
    const cliRun = [[CLI, "run", "-i", fleet, "--json", COMMAND], dir, env];
    const rows = [];
    const add = (name, target, r, floor) =>
      rows.push({
        case: name,
        "median ms": r.a,
        floor,
        "floor ms": r.b,
        ratio: r.ratio,
        target: `<= ${target}x`,
      });
    add("patchbay --version", 1.5, await pair([[CLI, "--version"], BENCH, {}], nodeFloor, runs), "node -e 0");
    add("patchbay --help", 1.5, await pair([[CLI, "--help"], BENCH, {}], nodeFloor, runs), "node -e 0");
    add(`library: connect + ${COMMAND} + close`, 1.15, await pair(library, bare, runs), "bare ssh2 exec");
    add(`patchbay run "${COMMAND}" on 1 host`, 1.25, await pair(cliRun, bare, runs), "bare ssh2 exec");
    rows.push({
      case: `(device: ${d.where}; ${runs} pairs each)`,
      "median ms": "",
      floor: "",
      "floor ms": "",
      ratio: "",
      target: "",
    });
    return rows;
  } finally {
    await d.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) printTable("Start-up: whole processes vs their floors", await run());
