// HTTP benchmark (issue: http): requests per second of small JSON-RPC calls (eAPI runCmds
// ["show version"]) against the simulator's HTTPS server, through @patchbay/http's JsonRpcClient and
// runCmds, against a bare undici Pool loop sending the same request with the same concurrency (the
// floor), in the same run. Both verify TLS with the simulator's certificate and parse the JSON answer.
// The simulator runs in this process; each client runs in a fresh child process, alternating
// floor and client, best of 5 each. The client CPU columns are the child's CPU time per request. Usage: node bench/http.js
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createDevice } from "@patchbay/core";
import { startDevice } from "@patchbay/devsim";
import { HttpConnection, JsonRpcClient, runCmds } from "@patchbay/http";
import { Pool } from "undici";
import { isMain, printTable } from "./lib/stats.js";

const USER = "bench";
const PASSWORD = "bench-pw";
const here = fileURLToPath(import.meta.url);
const REQUESTS = 4_000;
const WARMUP = 400;
// Best of RUNS, alternating floor and client: the machine is shared, single runs are noisy.
const RUNS = 5;

// ------------------------------------------------------------------ client side (child processes)

/** Runs `total` calls of `once` with `concurrency` workers; returns requests per second. */
async function drive(once, concurrency, total) {
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next++;
      await once();
    }
  };
  const t = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return total / (Number(process.hrtime.bigint() - t) / 1e9);
}

async function child(kind, url, ca, concurrency) {
  let once;
  let close;
  if (kind === "undici") {
    const pool = new Pool(url, { connections: concurrency, connect: { ca } });
    const authorization = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}`;
    let id = 0;
    once = async () => {
      const res = await pool.request({
        method: "POST",
        path: "/command-api",
        headers: { "content-type": "application/json", accept: "application/json", authorization },
        body: JSON.stringify({
          jsonrpc: "2.0",
          method: "runCmds",
          params: { version: 1, cmds: ["show version"], format: "json" },
          id: ++id,
        }),
      });
      const answer = JSON.parse(await res.body.text());
      if (res.statusCode !== 200 || !answer.result) throw new Error(`bad answer ${res.statusCode}`);
    };
    close = () => pool.close();
  } else {
    const { hostname, port } = new URL(url);
    const device = createDevice({
      host: hostname,
      port: Number(port),
      platform: "arista_eos",
      username: USER,
      password: PASSWORD,
      data: { http: { tls: { ca }, connections: concurrency } },
    });
    const connection = new HttpConnection({ device });
    await connection.connect();
    const rpc = new JsonRpcClient(connection);
    once = async () => {
      const [version] = await runCmds(rpc, ["show version"]);
      if (!version.version) throw new Error("bad answer");
    };
    close = () => connection.disconnect();
  }
  await drive(once, concurrency, WARMUP);
  const cpu = process.cpuUsage();
  const rps = await drive(once, concurrency, REQUESTS);
  const used = process.cpuUsage(cpu);
  await close();
  const cpuUs = (used.user + used.system) / REQUESTS;
  process.stdout.write(JSON.stringify({ rps, cpuUs, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
}

// ------------------------------------------------------------------ orchestration (this process)

async function runChild(kind, sim, concurrency) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [here, "--child", kind, sim.http.url, String(concurrency)],
    {
      encoding: "utf8",
      maxBuffer: 1 << 20,
      timeout: 600_000,
      env: { ...process.env, BENCH_CA: sim.http.certificatePem },
    },
  );
  return JSON.parse(stdout);
}

export async function run() {
  const sim = await startDevice({ platform: "arista_eos", username: USER, password: PASSWORD, http: true });
  try {
    const rows = [];
    for (const concurrency of [1, 8]) {
      const best = { undici: 0, patchbay: 0 };
      const cpu = { undici: Number.POSITIVE_INFINITY, patchbay: Number.POSITIVE_INFINITY };
      for (let i = 0; i < RUNS; i++) {
        for (const kind of ["undici", "patchbay"]) {
          const r = await runChild(kind, sim, concurrency);
          best[kind] = Math.max(best[kind], r.rps);
          cpu[kind] = Math.min(cpu[kind], r.cpuUs);
        }
      }
      rows.push({
        concurrency,
        requests: REQUESTS,
        "undici req/s": best.undici,
        "patchbay req/s": best.patchbay,
        "ratio to floor": best.patchbay / best.undici,
        "undici client CPU us/req": cpu.undici,
        "patchbay client CPU us/req": cpu.patchbay,
        // Steadier than req/s when other work shares the cores: the client's own cost per call.
        "CPU ratio to floor": cpu.undici / cpu.patchbay,
      });
    }
    return rows;
  } finally {
    await sim.close();
  }
}

if (process.argv[2] === "--child") {
  const [, , , kind, url, concurrency] = process.argv;
  await child(kind, url, process.env.BENCH_CA, Number(concurrency));
  process.exit(0);
} else if (isMain(import.meta.url)) {
  printTable(
    "HTTP: eAPI runCmds show version, @patchbay/http vs bare undici (same concurrency)",
    await run(),
  );
}
