// `--queue`, `patchbay worker`, `workers` and `runs` of the built command against a real redis-server
// (the peer of test/peers/redis.sh, and a private one for the restart), 3 worker processes and 200
// simulated devices; workers are killed with SIGKILL mid-run.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type SimFleet, startFleet } from "@patchbay/devsim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fleetYaml, SIM_PASSWORD, SIM_USER, simHostKey, writeSimKnownHosts } from "../../src/sim-fleet.ts";

const BIN = resolve(import.meta.dirname, "../../dist/main.js");
const PEERS = resolve(import.meta.dirname, "../../../../.peers/peers.json");
const DEVICES = 200;
const RESTART_HOSTS = Array.from({ length: 12 }, (_, i) => `R${i + 1}`);

interface RedisPeer {
  host: string;
  port: number;
  username: string;
  password: string;
  binary: string;
}
interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const redis = (JSON.parse(readFileSync(PEERS, "utf8")) as { redis: RedisPeer }).redis;
const queueName = `cli-${process.pid}`;
const url = (name = queueName, password = redis.password, port = redis.port): string =>
  `redis://${redis.username}:${encodeURIComponent(password)}@${redis.host}:${port}?queue=${name}`;

let work: string;
let fleet: SimFleet;
let fleetFile: string;
const children = new Set<ChildProcess>();

function patchbay(
  args: string[],
  onStdoutLine?: (line: string) => void,
): Promise<Run> & { child: ChildProcess } {
  let child!: ChildProcess;
  const promise = new Promise<Run>((done) => {
    child = execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: work, maxBuffer: 64 << 20 },
      (error, stdout, stderr) =>
        done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    let buffered = "";
    child.stdout?.on("data", (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const l of lines) onStdoutLine?.(l);
    });
  });
  return Object.assign(promise, { child });
}

interface Worker {
  name: string;
  child: ChildProcess;
  log: () => string;
}

/** Starts `patchbay worker` and resolves once it serves the queue. */
function startWorker(
  name: string,
  options: { file?: string; queue?: string; concurrency?: number } = {},
): Promise<Worker> {
  const child = spawn(
    process.execPath,
    [
      BIN,
      "worker",
      "--queue",
      options.queue ?? url(),
      "-i",
      options.file ?? fleetFile,
      "--name",
      name,
      "--concurrency",
      String(options.concurrency ?? 4),
      "--stalled-interval",
      "2",
    ],
    { cwd: work, stdio: ["ignore", "ignore", "pipe"] },
  );
  children.add(child);
  child.on("exit", () => children.delete(child));
  let log = "";
  return new Promise((ready, fail) => {
    child.stderr?.on("data", (d: Buffer) => {
      log += d.toString();
      if (log.includes(`patchbay worker ${name}: serving`)) ready({ name, child, log: () => log });
    });
    child.on("exit", (code) => fail(new Error(`worker ${name} exited with ${code}: ${log}`)));
  });
}

async function stopWorker(w: Worker): Promise<void> {
  if (w.child.exitCode !== null || w.child.signalCode !== null) return;
  const exited = new Promise((r) => w.child.once("exit", r));
  w.child.kill("SIGTERM");
  await exited;
}

function ndjson(
  text: string,
): { host: string; ok: boolean; status: string; error?: { code: string; message: string } }[] {
  return text
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l));
}

function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

let workers: Worker[] = [];

beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: build @patchbay/cli first.`);
  work = await mkdtemp(join(tmpdir(), "pb-queue-"));
  fleet = await startFleet({
    count: DEVICES,
    platforms: ["cisco_iosxe", "arista_eos", "juniper_junos", "frr", "cisco_nxos", "cisco_iosxr"],
    username: SIM_USER,
    password: SIM_PASSWORD,
    enableSecret: SIM_PASSWORD,
    hostKey: simHostKey(),
  });
  fleetFile = join(work, "fleet.yaml");
  await writeSimKnownHosts(fleet, join(work, "known_hosts"));
  await writeFile(fleetFile, fleetYaml(fleet, { knownHostsPath: join(work, "known_hosts") }));
  workers = await Promise.all(["qa", "qb", "qc"].map((n) => startWorker(n)));
}, 60_000);

afterAll(async () => {
  for (const c of children) c.kill("SIGKILL");
  await fleet?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

// Seconds each on a quiet 2-core machine; generous bounds because CI machines are shared.
describe("patchbay --queue with 3 workers and 200 simulated devices", { timeout: 180_000 }, () => {
  it("runs facts on every host through the workers, with the same JSON as a local run, and lists workers and the run", async () => {
    const r = await patchbay(["facts", "-i", fleetFile, "--queue", url(), "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const results = JSON.parse(r.stdout) as { host: string; ok: boolean; result: { hostname: string } }[];
    expect(results).toHaveLength(DEVICES);
    expect(new Set(results.map((x) => x.host)).size).toBe(DEVICES);
    expect(results.every((x) => x.ok && x.result.hostname === x.host)).toBe(true);

    const listed = await patchbay(["workers", "--queue", url(), "--json"]);
    const live = JSON.parse(listed.stdout) as { name: string; concurrency: number; inFlight: number }[];
    expect(live.map((w) => w.name)).toEqual(["qa", "qb", "qc"]);
    expect(live.every((w) => w.concurrency === 4)).toBe(true);

    const runs = JSON.parse((await patchbay(["runs", "list", "--queue", url(), "--json"])).stdout) as {
      runId: string;
      total: number;
      finished: number;
    }[];
    const shown = await patchbay(["runs", "show", runs[0]!.runId, "--queue", url(), "--json"]);
    const report = JSON.parse(shown.stdout) as {
      results: { host: string; status: string; worker: string }[];
    };
    expect(report.results).toHaveLength(DEVICES);
    // The work was shared: more than one worker reported results.
    expect(new Set(report.results.map((x) => x.worker)).size).toBeGreaterThan(1);
    // The URL's password reaches no output and no worker log.
    for (const text of [r.stdout, r.stderr, listed.stdout, shown.stdout, ...workers.map((w) => w.log())])
      expect(text).not.toContain(redis.password);
  });

  it("finishes a run whose worker is SIGKILLed midway: every host exactly once", async () => {
    let seen = 0;
    const victim = workers[0]!;
    const run = patchbay(["run", "show version", "-i", fleetFile, "--queue", url(), "--ndjson"], () => {
      if (++seen === 30) victim.child.kill("SIGKILL");
    });
    const r = await run;
    expect(r.code, r.stderr).toBe(0);
    const lines = ndjson(r.stdout);
    expect(lines).toHaveLength(DEVICES);
    expect(new Set(lines.map((l) => l.host)).size).toBe(DEVICES);
    expect(lines.every((l) => l.ok)).toBe(true);
    expect(victim.child.signalCode).toBe("SIGKILL");
    workers[0] = await startWorker("qa2");
  });

  it("never applies a change twice when a worker dies during config apply --commit (OUTCOME_UNKNOWN instead)", async () => {
    const xr = fleet.devices.filter((d) => d.platform === "cisco_iosxr");
    const commits = new Map(xr.map((d) => [d.hostname, 0]));
    const stops = xr.map((d) =>
      d.state.subscribe(() => commits.set(d.hostname, (commits.get(d.hostname) ?? 0) + 1)),
    );
    const change = join(work, "change.cfg");
    await writeFile(change, "interface Loopback77\n description queue-test\n");
    const victim = workers[1]!;
    let seen = 0;
    const r = await patchbay(
      [
        "config",
        "apply",
        change,
        "--commit",
        "-i",
        fleetFile,
        "-l",
        "cisco_iosxr",
        "--queue",
        url(),
        "--ndjson",
      ],
      () => {
        if (++seen === 6) victim.child.kill("SIGKILL");
      },
    );
    for (const stop of stops) stop();
    const lines = ndjson(r.stdout);
    expect(lines).toHaveLength(xr.length);
    expect(new Set(lines.map((l) => l.host)).size).toBe(xr.length);
    for (const line of lines) {
      const applied = commits.get(line.host) ?? 0;
      if (line.ok) expect(applied, line.host).toBe(1);
      else {
        expect(line.error?.code, JSON.stringify(line)).toBe("OUTCOME_UNKNOWN");
        expect(line.error?.message).toMatch(
          /^worker \S+ started this change at .* it may or may not have been applied/,
        );
        expect(applied).toBeLessThanOrEqual(1);
      }
    }
    // No device saw the change twice, and the killed worker's jobs in flight were not run again.
    expect(Math.max(...commits.values())).toBeLessThanOrEqual(1);
    // The killed worker's jobs in flight are reported as such (a busy worker's expired lock may add others).
    expect(lines.some((l) => l.error?.message.startsWith("worker qb started this change"))).toBe(true);
    expect(r.code).toBe(2);
    workers[1] = await startWorker("qb2");
  });

  it("refuses jobs on a worker whose fleet file differs, saying so in the results", async () => {
    const other = join(work, "other-fleet.yaml");
    await writeFile(other, `${readFileSync(fleetFile, "utf8")}# edited on this machine\n`);
    const name = `${queueName}-mismatch`;
    const w = await startWorker("qx", { file: other, queue: url(name) });
    try {
      const r = await patchbay([
        "facts",
        "-i",
        fleetFile,
        "-l",
        "R1,R2,R3",
        "--queue",
        url(name),
        "--ndjson",
      ]);
      expect(r.code).toBe(2);
      const lines = ndjson(r.stdout);
      expect(lines.map((l) => l.error?.code)).toEqual(["FLEET_MISMATCH", "FLEET_MISMATCH", "FLEET_MISMATCH"]);
      expect(lines[0]?.error?.message).toMatch(
        /^worker qx has a different fleet file \(sha256 [0-9a-f]{12}, the run's is [0-9a-f]{12}\)/,
      );
    } finally {
      await stopWorker(w);
    }
  });

  it("says a wrong Redis password is wrong, in one line, without the password, and exits 1", async () => {
    const r = await patchbay(["facts", "-i", fleetFile, "--queue", url(queueName, "not-the-Secret-5521")]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      `patchbay: QUEUE_AUTH: Redis at redis://${redis.username}@${redis.host}:${redis.port}?queue=${queueName} refused the password of user "${redis.username}": check the queue URL`,
    );
    expect(r.stdout + r.stderr).not.toContain("not-the-Secret-5521");
  });

  it("completes a run across a Redis restart: controller and worker reconnect, every host once", async () => {
    const port = await freePort();
    const dir = await mkdtemp(join(work, "redis-"));
    const startRedis = (): ChildProcess => {
      const child = spawn(
        redis.binary,
        [
          "--port",
          String(port),
          "--bind",
          "127.0.0.1",
          "--dir",
          dir,
          "--appendonly",
          "yes",
          "--appendfsync",
          "always",
          "--save",
          "",
        ],
        { stdio: "ignore" },
      );
      children.add(child);
      return child;
    };
    const waitPort = async (): Promise<void> => {
      for (let i = 0; i < 100; i++) {
        const up = await new Promise<boolean>((done) => {
          const s = createServer();
          s.once("error", () => done(true));
          s.listen(port, "127.0.0.1", () => s.close(() => done(false)));
        });
        if (up) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error("redis-server did not start");
    };
    let server = startRedis();
    await waitPort();
    const restartUrl = `redis://127.0.0.1:${port}?queue=restart`;
    const w = await startWorker("qr", { queue: restartUrl, concurrency: 2 });
    try {
      let seen = 0;
      let restarted: Promise<void> | undefined;
      const r = await patchbay(
        ["facts", "-i", fleetFile, "-l", RESTART_HOSTS.join(","), "--queue", restartUrl, "--ndjson"],
        () => {
          if (++seen !== 3) return;
          restarted = (async () => {
            const stopped = new Promise((done) => server.once("exit", done));
            server.kill("SIGTERM");
            await stopped;
            server = startRedis();
            await waitPort();
          })();
        },
      );
      await restarted;
      const lines = ndjson(r.stdout);
      const expected = RESTART_HOSTS;
      expect(r.code, r.stderr).toBe(0);
      expect(lines.map((l) => l.host).sort()).toEqual([...expected].sort());
      expect(lines.every((l) => l.ok)).toBe(true);
    } finally {
      await stopWorker(w);
      server.kill("SIGKILL");
    }
  });

  it("cancels the waiting jobs on Ctrl-C and says how many hosts had finished", async () => {
    const name = `${queueName}-idle`; // no worker serves it: every job waits
    const run = patchbay(["facts", "-i", fleetFile, "-l", "R1,R2,R3", "--queue", url(name)]);
    let stderr = "";
    run.child.stderr?.on("data", (d: Buffer) => {
      stderr += d.toString();
      if (/run \S+: 3 job\(s\)/.test(stderr)) run.child.kill("SIGINT");
    });
    const r = await run;
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(
      /patchbay: cancelled 3 waiting job\(s\); 0 of 3 host\(s\) had finished; 0 still running on workers/,
    );
  });

  it("stops taking jobs on SIGTERM and leaves the worker list", async () => {
    const w = workers[2]!;
    await stopWorker(w);
    expect(w.log()).toMatch(/qc: SIGTERM: taking no more jobs/);
    expect(w.log()).toMatch(/qc: stopped after \d+ job\(s\)/);
    const live = JSON.parse((await patchbay(["workers", "--queue", url(), "--json"])).stdout) as {
      name: string;
    }[];
    expect(live.map((x) => x.name)).not.toContain("qc");
  });
});
