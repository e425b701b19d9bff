// Queue benchmark: the same simulated fleet (2,000 devices by default, simulators in several child
// processes) run with `patchbay run` locally and through `--queue` with 1 and 2 `patchbay worker`
// processes on the Redis peer (test/peers/redis.sh), at the same total concurrency. Reports wall time,
// devices/s, the ratio to the local run, per-job queue overhead and Redis commands per job (counted
// with MONITOR: sent by clients, and run inside Lua scripts). A second table measures the queue alone: no-op jobs through
// @patchbay/queue, so the time per job is the queue's own cost.
//   node bench/queue.js      (PATCHBAY_BENCH_QUEUE_DEVICES, PATCHBAY_BENCH_QUEUE_PARALLEL, ..._SIMS)
import { execFile, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { SIM_PASSWORD, SIM_USER, simHostKey } from "@patchbay/cli";
import { connectQueue, createWorker, enqueueRun } from "@patchbay/queue";
import { isMain, printTable } from "./lib/stats.js";

const CLI = resolve(import.meta.dirname, "../apps/cli/dist/main.js");
const PEERS = resolve(import.meta.dirname, "../.peers/peers.json");
const PLATFORMS = ["cisco_iosxe", "arista_eos", "cisco_nxos", "frr", "juniper_junos", "cisco_iosxr"];

// One simulator process: starts `count` devices with the given host key, prints them and the
// known_hosts lines as one JSON line, and runs until its stdin closes.
const SIM = `
import { startFleet } from "@patchbay/devsim";
import { simKnownHosts } from "@patchbay/cli";
const { count, platforms, user, password, hostKey } = JSON.parse(process.argv[1]);
const fleet = await startFleet({ count, platforms, username: user, password, enableSecret: password, hostKey });
const devices = fleet.toInventory().devices.map((d) => ({ host: d.host, port: d.port, platform: d.platform }));
process.stdout.write(JSON.stringify({ devices, knownHosts: simKnownHosts(fleet, hostKey) }) + "\\n");
process.stdin.resume();
process.stdin.on("end", () => fleet.close().then(() => process.exit(0)));
`;

function startSim(count, hostKey) {
  const child = spawn(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      SIM,
      JSON.stringify({ count, platforms: PLATFORMS, user: SIM_USER, password: SIM_PASSWORD, hostKey }),
    ],
    { cwd: import.meta.dirname, stdio: ["pipe", "pipe", "inherit"] },
  );
  return new Promise((done, fail) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      if (out.includes("\n")) done({ child, ...JSON.parse(out.split("\n")[0]) });
    });
    child.on("exit", (code) => fail(new Error(`simulator exited with ${code}`)));
  });
}

function fleetFile(devices, knownHostsPath, parallel) {
  const lines = [
    `# ${devices.length} simulated devices in several processes (bench/queue.js)`,
    `parallelism: ${parallel}`,
    "defaults:",
    `  username: ${SIM_USER}`,
    `  password: ${SIM_PASSWORD}`,
    "  data:",
    `    enableSecret: ${SIM_PASSWORD}`,
    `    ssh: { hostKeyPolicy: strict, knownHostsPath: ${JSON.stringify(knownHostsPath)}, keepaliveIntervalMs: 0 }`,
    "hosts:",
    ...devices.map((d, i) => `  D${i + 1}: { host: ${d.host}, port: ${d.port}, platform: ${d.platform} }`),
  ];
  return `${lines.join("\n")}\n`;
}

function timed(args, cwd) {
  return new Promise((done, fail) => {
    const started = performance.now();
    execFile(process.execPath, args, { cwd, maxBuffer: 1 << 30 }, (error, stdout, stderr) => {
      const seconds = (performance.now() - started) / 1000;
      if (error && error.code !== 2)
        return fail(new Error(`${args.join(" ")} failed: ${stderr.slice(-2000)}`));
      done({ seconds, ok: JSON.parse(stdout).filter((r) => r.ok).length });
    });
  });
}

function startWorker(url, file, name, concurrency, cwd) {
  const child = spawn(
    process.execPath,
    [CLI, "worker", "--queue", url, "-i", file, "--name", name, "--concurrency", String(concurrency)],
    { cwd, stdio: ["ignore", "ignore", "pipe"] },
  );
  let log = "";
  return new Promise((done, fail) => {
    child.stderr.on("data", (d) => {
      log += d;
      if (log.includes("serving queue")) done(child);
    });
    child.on("exit", (code) => fail(new Error(`worker exited with ${code}: ${log}`)));
  });
}

async function stop(child) {
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

/**
 * Counts the commands Redis receives while it runs, with MONITOR: those clients sent (each a round
 * trip, or part of a pipeline) apart from those Lua scripts ran inside Redis.
 */
function watchCommands() {
  const r = peer();
  const socket = connect(r.port, r.host);
  const counts = { client: 0, script: 0 };
  let buffered = "";
  socket.on("data", (d) => {
    buffered += d;
    const lines = buffered.split("\r\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) {
      if (!/^\+\d/.test(line)) continue; // +OK and errors
      if (/^\+[\d.]+ \[\d+ lua\]/.test(line)) counts.script++;
      else counts.client++;
    }
  });
  socket.write(`AUTH ${r.username} ${r.password}\r\nMONITOR\r\n`);
  return new Promise((ready) =>
    socket.once("data", () =>
      ready({
        async stop() {
          await new Promise((done) => setTimeout(done, 200));
          socket.destroy();
          return counts;
        },
      }),
    ),
  );
}

function peer() {
  const r = JSON.parse(readFileSync(PEERS, "utf8")).redis;
  if (!r) throw new Error("no redis peer in .peers/peers.json: run test/peers/setup.sh");
  return r;
}

function peerUrl(queue) {
  const r = peer();
  return `redis://${r.username}:${encodeURIComponent(r.password)}@${r.host}:${r.port}?queue=${queue}`;
}

export async function run() {
  const count = Number(process.env.PATCHBAY_BENCH_QUEUE_DEVICES ?? 2000);
  const parallel = Number(process.env.PATCHBAY_BENCH_QUEUE_PARALLEL ?? 100);
  const sims = Number(process.env.PATCHBAY_BENCH_QUEUE_SIMS ?? 4);
  const hostKey = simHostKey();
  const started = await Promise.all(
    Array.from({ length: sims }, (_, i) =>
      startSim(Math.floor(count / sims) + (i < count % sims ? 1 : 0), hostKey),
    ),
  );
  const dir = await mkdtemp(join(tmpdir(), "pb-bench-queue-"));
  const queue = `bench-${process.pid}`;
  const url = peerUrl(queue);
  const connection = await connectQueue({ url });
  const workers = [];
  try {
    const devices = started.flatMap((s) => s.devices);
    const knownHostsPath = join(dir, "known_hosts");
    await writeFile(knownHostsPath, started.map((s) => s.knownHosts).join(""), { mode: 0o600 });
    const file = join(dir, "fleet.yaml");
    await writeFile(file, fleetFile(devices, knownHostsPath, parallel));
    const args = ["run", "-i", file, "--parallel", String(parallel), "--json", "show version"];

    const local = await timed([CLI, ...args], dir);
    const rows = [
      {
        mode: "local",
        workers: 0,
        devices: count,
        ok: local.ok,
        "total concurrency": parallel,
        "wall s": local.seconds,
        "devices/s": count / local.seconds,
        "x local": 1,
        "overhead ms/job": 0,
        "redis commands/job": 0,
        "in scripts/job": 0,
      },
    ];
    for (const n of [1, 2]) {
      for (const w of workers.splice(0)) await stop(w);
      for (let i = 0; i < n; i++)
        workers.push(await startWorker(url, file, `bench-w${i + 1}`, Math.ceil(parallel / n), dir));
      const watch = await watchCommands();
      const queued = await timed([CLI, ...args, "--queue", url], dir);
      const commands = await watch.stop();
      rows.push({
        mode: "queue",
        workers: n,
        devices: count,
        ok: queued.ok,
        "total concurrency": parallel,
        "wall s": queued.seconds,
        "devices/s": count / queued.seconds,
        "x local": queued.seconds / local.seconds,
        // Wall time the queue added, spread over the jobs each slot ran.
        "overhead ms/job": ((queued.seconds - local.seconds) * 1000 * parallel) / count,
        "redis commands/job": commands.client / count,
        "in scripts/job": commands.script / count,
      });
    }
    return rows;
  } finally {
    for (const w of workers) await stop(w);
    await connection.close();
    for (const s of started) s.child.stdin.end();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The queue alone: no-op jobs through @patchbay/queue in this process, serial and pipelined. */
export async function runQueueOnly() {
  const url = peerUrl(`bench-noop-${process.pid}`);
  const connection = await connectQueue({ url });
  const rows = [];
  try {
    for (const [jobs, concurrency] of [
      [200, 1],
      [2000, 100],
    ]) {
      const worker = createWorker({
        connection,
        fleetHash: "bench",
        concurrency,
        tasks: { noop: { changing: () => false, run: async ({ host }) => host } },
      });
      await worker.ready();
      const watch = await watchCommands();
      const t = performance.now();
      const handle = await enqueueRun(connection, {
        task: "noop",
        args: {},
        hosts: Array.from({ length: jobs }, (_, i) => `h${i}`),
        fleetHash: "bench",
        timeoutMs: 60_000,
      });
      await Promise.all(Array.from({ length: jobs }, (_, i) => handle.outcome(i)));
      const ms = performance.now() - t;
      await handle.close();
      await worker.close();
      rows.push({
        jobs,
        "worker concurrency": concurrency,
        "wall ms": ms,
        "jobs/s": (jobs * 1000) / ms,
        "ms/job (wall/jobs)": ms / jobs,
        "redis commands/job": (await watch.stop()).client / jobs,
      });
    }
  } finally {
    await connection.close();
  }
  return rows;
}

if (isMain(import.meta.url)) {
  printTable(
    "Queue alone: no-op jobs through @patchbay/queue (one process, Redis peer)",
    await runQueueOnly(),
  );
  printTable("Queue: patchbay run show version, local vs --queue with 1 and 2 workers", await run());
}
