// CLI benchmarks (issue: ssh/driver): the driver against raw ssh2 floors measured in the same run.
//   1. Large output: one sendCommand returning 1, 10 and 100 MB from the simulator, against three floors
//      over raw ssh2 reading the same command's output:
//        raw exec        exec channel, bytes counted, nothing kept (the wire's and ssh2's cost);
//        raw exec+text   exec channel, bytes kept and decoded once as UTF-8 (what any caller wanting the
//                        text must do);
//        raw pty shell   what a CLI platform does without Patchbay: a pty shell, the platform's on-open
//                        commands (enable + secret, terminal length 0, terminal width 511), then the
//                        command, its output kept and decoded once, the end found by a prompt regex on
//                        the last 256 bytes. No terminal cleaning, no echo handling.
//      Every client measures the same interval: from sending the command to holding its decoded text
//      (the shell's on-open steps and the driver's open() come before it). Reported: MB/s, time ratios
//      to the exec+text and shell floors, client CPU time (user+system) and its ratios, peak RSS of the
//      client process and its ratio to the output size, and the 100 MB / 10 MB time ratio (linear ~10).
//   2. Round trips: 1,000 short commands on one session, median and p99 per command, against raw exec
//      of the same command on one connection, and against the bare shell floor (write the command,
//      wait for the prompt with one regex, nothing else).
//   3. FRR (real vtysh over OpenSSH, from test/peers): connect + show running-config + close, median of 20.
// The simulator runs in this process; every client measurement runs in a fresh child process so its
// peak RSS is its own. Usage: node bench/cli.js [large] [rtt] [frr]; PATCHBAY_BENCH_SIZES=1,10 picks
// the sizes of the large-output case (MB), PATCHBAY_BENCH_REPS the runs per size (best kept).
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

// A pty shell read until the prompt regex matches the tail: the least any CLI client must do. Only the
// last 256 bytes of each read are looked at; `keep` (when set) collects the reads of one command.
const SHELL_PROMPT = /(R1[>#]|Password:)\s*$/;
function bareShell(client) {
  return new Promise((resolve, reject) => {
    client.shell({ term: "vt100", cols: 511, rows: 1000 }, (err, stream) => {
      if (err) return reject(err);
      let tail = "";
      let waiter;
      let seen = false;
      let keep;
      stream.on("data", (d) => {
        keep?.push(d);
        tail = (tail + d.subarray(Math.max(0, d.length - 256)).toString("latin1")).slice(-256);
        if (SHELL_PROMPT.test(tail)) {
          tail = "";
          if (waiter) {
            const w = waiter;
            waiter = undefined;
            w();
          } else seen = true;
        }
      });
      const prompt = () =>
        new Promise((res) => {
          if (seen) {
            seen = false;
            res();
          } else waiter = res;
        });
      const send = (line) => {
        seen = false;
        const p = prompt();
        stream.write(`${line}\n`);
        return p;
      };
      // Sends a command and returns its output (echo and prompt included) decoded once as UTF-8.
      const collect = async (line) => {
        keep = [];
        await send(line);
        const text = Buffer.concat(keep).toString("utf8");
        keep = undefined;
        return text;
      };
      resolve({ send, prompt, collect, close: () => stream.end() });
    });
  });
}

// The on-open steps of the cisco_iosxe platform, as the driver's open() runs them.
async function shellOnOpen(sh) {
  await sh.prompt();
  await sh.send("enable");
  await sh.send(PASSWORD);
  await sh.send("terminal length 0");
  await sh.send("terminal width 511");
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
    out.baseRssMB = process.memoryUsage.rss() / MB;
    const t = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    out.bytes = await rawExec(c, `show generated ${arg}`, kind === "raw-text");
    out.ms = Number(process.hrtime.bigint() - t) / 1e6;
    out.cpuMs = cpuMs(cpu);
    c.end();
  } else if (kind === "shell-large") {
    const c = await rawClient(host, port);
    const sh = await bareShell(c);
    await shellOnOpen(sh);
    out.baseRssMB = process.memoryUsage.rss() / MB;
    const t = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const text = await sh.collect(`show generated ${arg}`);
    out.ms = Number(process.hrtime.bigint() - t) / 1e6;
    out.cpuMs = cpuMs(cpu);
    out.bytes = text.length;
    sh.close();
    c.end();
  } else if (kind === "driver-large") {
    const s = await openDriver(host, port, "cisco_iosxe");
    out.baseRssMB = process.memoryUsage.rss() / MB;
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
    await shellOnOpen(sh);
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
  const sizes = (process.env.PATCHBAY_BENCH_SIZES ?? "1,10,100").split(",").map(Number);
  return withSim(async (sim) => {
    const rows = [];
    const times = {};
    for (const mb of sizes) {
      const n = mb * MB;
      // Best of 3 for the small sizes smooths a noisy shared machine; 100 MB once. Wall time and CPU
      // time are each the least of the runs (CPU time varies less on a busy machine).
      const reps = Number(process.env.PATCHBAY_BENCH_REPS ?? (mb >= 100 ? 1 : 3));
      const best = async (kind) => {
        let b;
        for (let i = 0; i < reps; i++) {
          const r = await runChild(kind, sim.host, sim.port, n);
          if (!b) b = r;
          else
            b = {
              ...r,
              ms: Math.min(b.ms, r.ms),
              cpuMs: Math.min(b.cpuMs, r.cpuMs),
              maxRssMB: Math.min(b.maxRssMB, r.maxRssMB),
            };
        }
        return b;
      };
      const raw = await best("raw-large");
      const text = await best("raw-text");
      const shell = await best("shell-large");
      const drv = await best("driver-large");
      if (raw.bytes !== n) throw new Error(`raw exec read ${raw.bytes} bytes, expected ${n}`);
      if (shell.bytes < n) throw new Error(`raw shell read ${shell.bytes} characters, expected ${n} or more`);
      // In the pty shell the N wire bytes end lines with \r\n, which the driver turns into \n.
      if (drv.bytes > n || drv.bytes < n * 0.97)
        throw new Error(`driver returned ${drv.bytes} bytes for ${n}`);
      times[mb] = { raw: raw.ms, text: text.ms, shell: shell.ms, drv: drv.ms };
      const mbps = (ms) => n / MB / (ms / 1000);
      rows.push({
        size: `${mb} MB`,
        "raw MB/s": mbps(raw.ms),
        "exec+text MB/s": mbps(text.ms),
        "shell MB/s": mbps(shell.ms),
        "driver MB/s": mbps(drv.ms),
        "x exec+text": text.ms / drv.ms,
        "x shell": shell.ms / drv.ms,
        "CPU ms text/shell/drv": `${text.cpuMs.toFixed(0)}/${shell.cpuMs.toFixed(0)}/${drv.cpuMs.toFixed(0)}`,
        "CPU x text": drv.cpuMs / text.cpuMs,
        "CPU x shell": drv.cpuMs / shell.cpuMs,
        "RSS MB text/shell/drv": `${text.maxRssMB.toFixed(0)}/${shell.maxRssMB.toFixed(0)}/${drv.maxRssMB.toFixed(0)}`,
        "drv RSS / output": drv.maxRssMB / mb,
        // The client's peak RSS less its RSS just before the command: what the output itself costs.
        "drv added RSS / output": (drv.maxRssMB - drv.baseRssMB) / mb,
        "text added RSS / output": (text.maxRssMB - text.baseRssMB) / mb,
      });
    }
    if (times[100] && times[10]) {
      const r = (k) => (times[100][k] / times[10][k]).toFixed(2);
      rows.push({
        size: "100/10 time",
        "raw MB/s": r("raw"),
        "exec+text MB/s": r("text"),
        "shell MB/s": r("shell"),
        "driver MB/s": r("drv"),
        "x exec+text": "",
        "x shell": "",
        "CPU ms text/shell/drv": "",
        "CPU x text": "",
        "CPU x shell": "",
        "RSS MB text/shell/drv": "",
        "drv RSS / output": "",
        "drv added RSS / output": "",
        "text added RSS / output": "",
      });
    }
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
