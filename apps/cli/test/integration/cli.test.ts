// The built `patchbay` command, run as a child process against the simulator and the real peers.
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type SimFleet, startFleet } from "@patchbay/devsim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fleetYaml, SIM_PASSWORD, SIM_USER, simHostKey, writeSimKnownHosts } from "../../src/sim-fleet.ts";

const BIN = resolve(import.meta.dirname, "../../dist/main.js");
const PEERS = resolve(import.meta.dirname, "../../../../.peers/peers.json");
const ESC = String.fromCharCode(27);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function patchbay(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd: options.cwd ?? work,
        env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env },
        maxBuffer: 64 << 20,
      },
      (error, stdout, stderr) =>
        done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let work: string;
let fleet: SimFleet;
let fleetFile: string;

beforeAll(async () => {
  if (!existsSync(BIN))
    throw new Error(`${BIN} is missing: build @patchbay/cli first (turbo does, before integration tests).`);
  work = await mkdtemp(join(tmpdir(), "pb-cli-"));
  fleet = await startFleet({
    count: 6,
    platforms: ["cisco_iosxe", "arista_eos", "juniper_junos", "frr", "cisco_nxos", "cisco_iosxr"],
    username: SIM_USER,
    password: SIM_PASSWORD,
    enableSecret: SIM_PASSWORD,
    hostKey: simHostKey(),
  });
  fleetFile = join(work, "fleet.yaml");
  await writeSimKnownHosts(fleet, join(work, "known_hosts"));
  await writeFile(fleetFile, fleetYaml(fleet, { knownHostsPath: join(work, "known_hosts") }));
});

afterAll(async () => {
  await fleet?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe("patchbay against the simulator", () => {
  it("run --summary: a table, exit 0, no colours when not a terminal", async () => {
    const r = await patchbay(["run", "-i", fleetFile, "--summary", "show version"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/R1\s+cisco_iosxe\s+ok/);
    expect(r.stdout).toContain("6 hosts ok");
    expect(r.stdout + r.stderr).not.toContain(`${ESC}[`);
  });

  it("run --json: one document with a result per host", async () => {
    const r = await patchbay(["run", "-i", fleetFile, "--json", "--parallel", "2", "show version"]);
    expect(r.code, r.stderr).toBe(0);
    const results = JSON.parse(r.stdout) as { host: string; ok: boolean; result: { output: string } }[];
    expect(results.map((x) => x.host)).toEqual(["R1", "R2", "R3", "R4", "R5", "R6"]);
    expect(results.every((x) => x.ok && x.result.output.length > 0)).toBe(true);
  });

  it("facts --ndjson and --limit: one JSON line per selected host", async () => {
    const r = await patchbay(["facts", "-i", fleetFile, "--ndjson", "-l", "frr,R1"]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { host: string; result: { vendor: string } });
    expect(lines.map((l) => l.host).sort()).toEqual(["R1", "R4"]);
    expect(lines.find((l) => l.host === "R4")?.result.vendor).toBe("FRRouting");
  });

  it("backup twice, then config apply: files per host and the diff against the previous backup", async () => {
    const dir = join(work, "backups");
    expect((await patchbay(["backup", "-i", fleetFile, "-o", dir])).code).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(["R1.cfg", "R2.cfg", "R3.cfg", "R4.cfg", "R5.cfg", "R6.cfg"]);
    const change = join(work, "change.cfg");
    await writeFile(change, "interface Loopback7\n description cli-test\n");
    const dry = await patchbay(["config", "apply", change, "--dry-run", "-i", fleetFile, "-l", "R1"]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("+ description cli-test");
    expect(readFileSync(join(dir, "R1.cfg"), "utf8")).not.toContain("cli-test");
    const commit = await patchbay(["config", "apply", change, "--commit", "-i", fleetFile, "-l", "R1"]);
    expect(commit.code, commit.stderr).toBe(0);
    const again = await patchbay(["backup", "-i", fleetFile, "-o", dir, "-l", "R1,R2"]);
    expect(again.stdout).toMatch(/R1\.cfg .*lines changed/);
    expect(again.stdout).toMatch(/R2\.cfg .*unchanged/);
    expect(again.stdout).toContain("+ description cli-test");
    expect(readFileSync(join(dir, "R1.cfg"), "utf8")).toContain("description cli-test");
  });

  it("plugins, explain and inventory check/list", async () => {
    const plugins = await patchbay(["plugins", "--json"]);
    const names = (JSON.parse(plugins.stdout) as { packageName: string }[]).map((p) => p.packageName);
    // The command ships every platform package it depends on, and lists each of them.
    const manifest = JSON.parse(readFileSync(resolve(import.meta.dirname, "../../package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    const shipped = Object.keys(manifest.dependencies).filter((n) => n.startsWith("@patchbay/platform-"));
    expect(shipped).toEqual(
      expect.arrayContaining(["@patchbay/platform-netconf", "@patchbay/platform-bird"]),
    );
    expect(names).toEqual(expect.arrayContaining(shipped));
    const table = await patchbay(["plugins"]);
    expect(table.stdout).toContain("frr/ssh: ConfigRead: running only");
    const explained = await patchbay(["explain", "R3", "-i", fleetFile]);
    expect(explained.stdout).toContain("chosen: juniper_junos/ssh");
    expect((await patchbay(["inventory", "check", "-i", fleetFile])).stdout).toContain("6 host(s)");
    const list = await patchbay(["inventory", "list", "-i", fleetFile, "--json"]);
    expect(list.stdout).not.toContain(SIM_PASSWORD);
  });

  it("a bad fleet file: one line per problem with file and line, exit 1, no stack trace", async () => {
    const bad = join(work, "bad.yaml");
    await writeFile(bad, "defualts: {}\nhosts:\n  r1: { prot: 22, platform: cisco_iosxe }\n");
    const r = await patchbay(["run", "-i", bad, "show clock"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${bad}:1:1: defualts: is not a fleet-file key (did you mean "defaults"?)`);
    expect(r.stderr).toMatch(
      /bad\.yaml:3:\d+: hosts\.r1\.prot: is not a host field \(did you mean "port"\?\)/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("failures a user causes: one clear line per host, exit 2; --debug adds the stack", async () => {
    const port = fleet.devices[0]?.port;
    const file = join(work, "failing.yaml");
    await writeFile(
      file,
      `defaults: { username: ${SIM_USER}, password: ${SIM_PASSWORD}, data: { ssh: { hostKeyPolicy: "off" } } }
hosts:
  ok1: { host: 127.0.0.1, port: ${port}, platform: cisco_iosxe, data: { enableSecret: ${SIM_PASSWORD} } }
  wrongpw: { host: 127.0.0.1, port: ${port}, platform: cisco_iosxe, password: not-it }
  closed: { host: 127.0.0.1, port: 1, platform: cisco_iosxe }
  nobody: { host: 127.0.0.1, platform: acme_os }
`,
    );
    const r = await patchbay(["run", "-i", file, "--summary", "show clock"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/wrongpw\s+cisco_iosxe\s+FAILED\s+[\d.]+s\s+AUTHENTICATION_FAILED/);
    expect(r.stdout).toMatch(/closed\s+cisco_iosxe\s+FAILED\s+[\d.]+s\s+UNREACHABLE/);
    expect(r.stdout).toMatch(
      /nobody\s+acme_os\s+FAILED\s+[\d.]+s\s+PLUGIN_NOT_FOUND: .*npm install @patchbay\/platform-acme-os/,
    );
    expect(r.stdout).toMatch(/ok1\s+cisco_iosxe\s+ok/);
    expect(r.stdout + r.stderr).not.toContain("not-it");
    expect(r.stdout).not.toMatch(/\n\s+at /);
    const debug = await patchbay(["--debug", "run", "-i", file, "--summary", "-l", "nobody", "show clock"]);
    expect(debug.stdout).toMatch(/\n\s+at /);
  });

  it("demo: the embedded fleet, every step, exit 0", async () => {
    const r = await patchbay(["demo", "--devices", "8"]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    for (const step of ["== facts", "== backup", "== config change", "== shell"])
      expect(r.stdout).toContain(step);
    expect(r.stdout).toContain("Demo complete: every step succeeded.");
  }, 120_000);
});

describe("patchbay against the real peers", () => {
  const peers = () => {
    if (!existsSync(PEERS)) throw new Error(`${PEERS} is missing: run test/peers/setup.sh (as root) first.`);
    return JSON.parse(readFileSync(PEERS, "utf8")) as {
      openssh: { host: string; port: number; username: string; password: string };
      frr: { host: string; port: number; username: string; password: string; hostname: string };
    };
  };

  it("shell --sudo, put and get on OpenSSH; run and facts on FRR's vtysh", async () => {
    const { openssh, frr } = peers();
    const file = join(work, "peers.yaml");
    await writeFile(
      file,
      `defaults: { data: { ssh: { hostKeyPolicy: "off" } } }
hosts:
  "@ssh/${openssh.host}": { port: ${openssh.port}, platform: linux, username: ${openssh.username}, password: { env: PB_PEER_PW } }
  frr1: { host: ${frr.host}, port: ${frr.port}, platform: frr, username: ${frr.username}, password: { env: PB_FRR_PW } }
`,
    );
    const env = { PB_PEER_PW: openssh.password, PB_FRR_PW: frr.password };
    const sudo = await patchbay(["shell", "-i", file, "--sudo", "--json", 'id -u; echo "$(whoami) it\'s"'], {
      env,
    });
    expect(sudo.code, sudo.stdout + sudo.stderr).toBe(0);
    const [shell] = JSON.parse(sudo.stdout) as { result: { stdout: string } }[];
    expect(shell?.result.stdout).toBe("0\nroot it's\n");
    expect(sudo.stdout + sudo.stderr).not.toContain(openssh.password);
    const local = join(work, "upload.txt");
    await writeFile(local, "from the cli\n");
    const remote = `/tmp/pb-cli-${process.pid}.txt`;
    expect((await patchbay(["put", "-i", file, local, remote], { env })).code).toBe(0);
    const got = await patchbay(["get", "-i", file, remote, join(work, "got")], { env });
    expect(got.code, got.stdout).toBe(0);
    expect(readFileSync(join(work, "got", `ssh_${openssh.host}`, `pb-cli-${process.pid}.txt`), "utf8")).toBe(
      "from the cli\n",
    );
    const routes = await patchbay(["run", "-i", file, "-l", "frr1", "--json", "show running-config"], {
      env,
    });
    expect(routes.code, routes.stdout + routes.stderr).toBe(0);
    expect((JSON.parse(routes.stdout) as { result: { output: string } }[])[0]?.result.output).toContain(
      "ip route",
    );
    const facts = await patchbay(["facts", "-i", file, "-l", "frr1", "--json"], { env });
    expect((JSON.parse(facts.stdout) as { result: { hostname: string } }[])[0]?.result.hostname).toBe(
      frr.hostname,
    );
  }, 120_000);
});
