// CLI benchmarks (issue: ssh/driver): the driver against raw ssh2 floors measured in the same run.
//   1. Large output: one sendCommand returning 1, 10 and 100 MB from the simulator, against reading the
//      same bytes over a raw ssh2 exec channel. MB/s, ratio to the floor, peak RSS and CPU time of the client
//      process, and the 100 MB / 10 MB time ratio (linear is about 10).
//   2. Round trips: 1,000 short commands on one session, median and p99 per command, against raw exec
//      of the same command on one connection, and against the bare shell floor (write the command,
//      wait for the prompt with one regex, nothing else).
//   3. FRR (real vtysh over OpenSSH, from test/peers): connect + show running-config + close, median of 20.
// The simulator runs in this process; every client measurement runs in a fresh child process so its
// peak RSS is its own. Usage: node bench/cli.js [large] [rtt] [frr]
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createDevice } from "@patchbay/core";
import { startDevice } from "@patchbay/devsim";
import { NetworkDriver } from "@patchbay/driver";
import { SshConnection } from "@patchbay/ssh";
import ssh2 from "ssh2";
import { isMain, printTable, summarise } from "./lib/stats.js";

const USER = "bench";
const PASSWORD = "bench-pw";
const MB = 1024 * 1024;
const here = fileURLToPath(import.meta.url);

// ------------------------------------------------------------------ client side (child processes)

function rawClient(host, port, username = USER, password = PASSWORD) {
  return new Promise((resolve, reject) => {
    const c = new ssh2.Client();
    // Same socket setting as @patchbay/ssh, so the floor is not slowed by Nagle's algorithm.
    c.on("ready", () => {
      c.setNoDelay(true);
      resolve(c);
    }).on("error", reject);
    c.connect({ host, port, username, password, readyTimeout: 20_000 });
  });
}

function rawExec(client, command, keep = false) {
  return new Promise((resolve, reject) => {
    client.exec(command, (err, stream) => {
      if (err) return reject(err);
      let bytes = 0;
      const chunks = [];
      stream.on("data", (d) => {
        bytes += d.length;
        if (keep) chunks.push(d);
      });
      stream.stderr.resume();
      // The second floor keeps the bytes and decodes them once, as any caller that wants the text must.
      stream.on("close", () => resolve(keep ? Buffer.concat(chunks).toString("utf8").length : bytes));
    });
  });
}

async function openDriver(host, port, platform, username = USER, password = PASSWORD) {
  const device = createDevice({ host, port, username, password, platform, data: { enableSecret: PASSWORD } });
  const connection = new SshConnection({ device, options: { hostKeyPolicy: "off" } });
  const driver = new NetworkDriver({
    device,
    timeoutOpsMs: 600_000,
    transport: async (op) => {
      await connection.connect(op);
      return connection.openShell(op);
    },
  });
  await driver.open({ timeoutMs: 30_000 });
  return {
    driver,
    close: async () => {
      await driver.close().catch(() => {});
      await connection.disconnect();
    },
  };
}

// A pty shell read until the prompt regex matches the tail: the least any CLI client must do.
function bareShell(client) {
  return new Promise((resolve, reject) => {
    client.shell({ term: "vt100", cols: 511, rows: 1000 }, (err, stream) => {
      if (err) return reject(err);
      let tail = "";
      let waiter;
      stream.on("data", (d) => {
        tail = (tail + d.toString("latin1")).slice(-256);
        if (waiter && /(R1[>#]|Password:)\s*$/.test(tail)) {
          const w = waiter;
          waiter = undefined;
          tail = "";
          w();
        }
      });
      const send = (line) =>
        new Promise((res) => {
          waiter = res;
          stream.write(`${line}\n`);
        });
      resolve({ send, close: () => stream.end() });
    });
  });
}

// CPU time of this process since `start` (user + system), in ms: steadier than wall time on a busy
// machine, where the simulator and the client share the cores with other work.
function cpuMs(start) {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

async function child(kind, host, port, arg) {
  const out = {};
  if (kind === "raw-large" || kind === "raw-text") {
    const c = await rawClient(host, port);
    const t = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    out.bytes = await rawExec(c, `show generated ${arg}`, kind === "raw-text");
    out.ms = Number(process.hrtime.bigint() - t) / 1e6;
    out.cpuMs = cpuMs(cpu);
    c.end();
  } else if (kind === "driver-large") {
    const s = await openDriver(host, port, "cisco_iosxe");
    const t = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const r = await s.driver.sendCommand(`show generated ${arg}`);
    out.ms = Number(process.hrtime.bigint() - t) / 1e6;
    out.cpuMs = cpuMs(cpu);
    out.bytes = Buffer.byteLength(r.result);
    await s.close();
  } else if (kind === "raw-rtt") {
    const c = await rawClient(host, port);
    const samples = [];
    for (let i = 0; i < Number(arg) + 50; i++) {
      const t = process.hrtime.bigint();
      await rawExec(c, "show clock");
      if (i >= 50) samples.push(process.hrtime.bigint() - t);
    }
    Object.assign(out, summarise(samples));
    c.end();
  } else if (kind === "bare-rtt") {
    const c = await rawClient(host, port);
    const sh = await bareShell(c);
    await new Promise((r) => setTimeout(r, 300));
    await sh.send("enable");
    await sh.send(PASSWORD);
    await sh.send("terminal length 0");
    const samples = [];
    for (let i = 0; i < Number(arg) + 50; i++) {
      const t = process.hrtime.bigint();
      await sh.send("show clock");
      if (i >= 50) samples.push(process.hrtime.bigint() - t);
    }
    Object.assign(out, summarise(samples));
    sh.close();
    c.end();
  } else if (kind === "driver-rtt") {
    const s = await openDriver(host, port, "cisco_iosxe");
    const samples = [];
    for (let i = 0; i < Number(arg) + 50; i++) {
      const t = process.hrtime.bigint();
      await s.driver.sendCommand("show clock");
      if (i >= 50) samples.push(process.hrtime.bigint() - t);
    }
    Object.assign(out, summarise(samples));
    await s.close();
  } else if (kind === "frr") {
    const peers = JSON.parse(readFileSync(arg, "utf8")).frr;
    const samples = [];
    let bytes = 0;
    for (let i = 0; i < 20; i++) {
      const t = process.hrtime.bigint();
      const s = await openDriver(peers.host, peers.port, "frr", peers.username, peers.password);
      const r = await s.driver.sendCommand("show running-config");
      await s.close();
      samples.push(process.hrtime.bigint() - t);
      bytes = Buffer.byteLength(r.result);
    }
    Object.assign(out, summarise(samples), { bytes });
  }
  out.maxRssMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify(out));
}

// ------------------------------------------------------------------ orchestration (this process)

// Asynchronous on purpose: the simulator serving the child lives in this process's event loop.
async function runChild(kind, host, port, arg) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [here, "--child", kind, host, String(port), String(arg)],
    { encoding: "utf8", maxBuffer: 1 << 20, timeout: 900_000 },
  );
  return JSON.parse(stdout);
}

async function withSim(fn) {
  const sim = await startDevice({
    platform: "cisco_iosxe",
    hostname: "R1",
    username: USER,
    password: PASSWORD,
    enableSecret: PASSWORD,
  });
  try {
    return await fn(sim);
  } finally {
    await sim.close();
  }
}

export async function runLarge() {
  return withSim(async (sim) => {
    const rows = [];
    const times = {};
    for (const mb of [1, 10, 100]) {
      const n = mb * MB;
      // Best of 3 for the small sizes smooths a noisy shared machine; 100 MB once.
      const reps = mb === 100 ? 1 : 3;
      const best = async (kind) => {
        let b;
        for (let i = 0; i < reps; i++) {
          const r = await runChild(kind, sim.host, sim.port, n);
          if (!b || r.ms < b.ms) b = r;
        }
        return b;
      };
      const raw = await best("raw-large");
      const text = await best("raw-text");
      const drv = await best("driver-large");
      if (raw.bytes !== n) throw new Error(`raw exec read ${raw.bytes} bytes, expected ${n}`);
      // In the pty shell the N wire bytes end lines with \r\n, which the driver turns into \n.
      if (drv.bytes > n || drv.bytes < n * 0.97)
        throw new Error(`driver returned ${drv.bytes} bytes for ${n}`);
      times[mb] = { raw: raw.ms, drv: drv.ms };
      rows.push({
        size: `${mb} MB`,
        "raw MB/s": n / MB / (raw.ms / 1000),
        "driver MB/s": n / MB / (drv.ms / 1000),
        "ratio to floor": raw.ms / drv.ms,
        "raw+text MB/s": n / MB / (text.ms / 1000),
        "ratio to raw+text": text.ms / drv.ms,
        "raw RSS MB": raw.maxRssMB,
        "driver RSS MB": drv.maxRssMB,
        "raw CPU ms": raw.cpuMs,
        "driver CPU ms": drv.cpuMs,
      });
    }
    rows.push({
      size: "100/10 time",
      "raw MB/s": times[100].raw / times[10].raw,
      "driver MB/s": times[100].drv / times[10].drv,
      "ratio to floor": "",
      "raw+text MB/s": "",
      "ratio to raw+text": "",
      "raw RSS MB": "",
      "driver RSS MB": "",
      "raw CPU ms": "",
      "driver CPU ms": "",
    });
    return rows;
  });
}

export async function runRoundTrips(count = 1000) {
  return withSim(async (sim) => {
    const rows = [];
    for (const [label, kind] of [
      ["raw exec (channel per command)", "raw-rtt"],
      ["bare shell (write, regex wait)", "bare-rtt"],
      ["driver sendCommand", "driver-rtt"],
    ]) {
      const r = await runChild(kind, sim.host, sim.port, count);
      rows.push({ client: label, commands: count, "median ms": r.median / 1000, "p99 ms": r.p99 / 1000 });
    }
    const bare = rows[1];
    const drv = rows[2];
    rows.push({
      client: "driver - bare shell",
      commands: "",
      "median ms": drv["median ms"] - bare["median ms"],
      "p99 ms": drv["p99 ms"] - bare["p99 ms"],
    });
    return rows;
  });
}

export async function runFrr() {
  const peersFile = fileURLToPath(new URL("../.peers/peers.json", import.meta.url));
  if (!existsSync(peersFile)) {
    return [{ case: "frr", result: "not run: start the peers first (bash test/peers/setup.sh)" }];
  }
  const r = await runChild("frr", "-", 0, peersFile);
  return [
    {
      case: "connect + show running-config + close (FRR vtysh over OpenSSH)",
      runs: 20,
      "median ms": r.median / 1000,
      "p99 ms": r.p99 / 1000,
      "config bytes": r.bytes,
    },
  ];
}

if (process.argv[2] === "--child") {
  const [, , , kind, host, port, arg] = process.argv;
  await child(kind, host, Number(port), arg);
  process.exit(0);
} else if (isMain(import.meta.url)) {
  const wanted = process.argv.slice(2);
  const want = (n) => wanted.length === 0 || wanted.includes(n);
  if (want("large"))
    printTable("Large output: one sendCommand vs raw ssh2 exec (same bytes)", await runLarge());
  if (want("rtt")) printTable("Round trips: 1,000 short commands on one session", await runRoundTrips());
  if (want("frr")) printTable("FRR: connect + show running-config + close, 20 runs", await runFrr());
}
