// What `patchbay` prints: full output per host, skipped vs failed, JSON codes, pipes, trust lines.
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SimFleet } from "@patchbay/devsim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIM_PASSWORD, SIM_USER } from "../../src/sim-fleet.ts";
import { BIN, patchbay, requireBuilt, simFleet, startPatchbay } from "./helpers.ts";

let work: string;
let fleet: SimFleet;
let file: string;

beforeAll(async () => {
  requireBuilt();
  work = await mkdtemp(join(tmpdir(), "pb-cli-out-"));
  ({ fleet, file } = await simFleet(work, { count: 3, platforms: ["cisco_iosxe", "frr", "arista_eos"] }));
  // The same fleet plus this machine, for shell.
  await writeFile(join(work, "mixed.yaml"), `${readFileSync(file, "utf8")}  "@local": {}\n`);
});

afterAll(async () => {
  await fleet?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

const sh = (command: string): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((done) =>
    execFile(
      "sh",
      ["-c", command],
      { cwd: work, env: { ...process.env, NO_COLOR: "1" } },
      (e, stdout, stderr) => done({ code: e ? ((e as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );

describe("patchbay run and shell show the whole output", () => {
  it("run prints every host's full output under a header, the same text as --json", async () => {
    const r = await patchbay(["run", "-i", file, "show running-config"], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    const json = await patchbay(["run", "-i", file, "--json", "show running-config"], { cwd: work });
    const results = JSON.parse(json.stdout) as { host: string; result: { output: string } }[];
    for (const { host, result } of results) {
      expect(r.stdout).toMatch(new RegExp(`── ${host} · \\w+ · ok · [\\d.]+s\\n`));
      expect(result.output.split("\n").length).toBeGreaterThan(5);
      expect(r.stdout).toContain(result.output.trimEnd());
    }
    expect(r.stdout).not.toMatch(/\(\d+ lines\)/);
    expect(r.stdout.trimEnd().endsWith("3 hosts ok")).toBe(true);
  });

  it("shell keeps stdout and stderr apart with the exit status; network devices are skipped, not failed", async () => {
    const cmd = "echo to-out; echo to-err >&2; exit 3";
    const r = await patchbay(["shell", "-i", "mixed.yaml", cmd], { cwd: work });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/── @local · linux · FAILED · [\d.]+s\nto-out\nstderr:\nto-err\nexit status 3/);
    expect(r.stdout).toMatch(/── R1 · cisco_iosxe · skipped · [\d.]+s\ncisco_iosxe over ssh has no Shell/);
    expect(r.stdout).toContain("0 ok, 1 failed, 3 skipped of 4 hosts");
    const json = await patchbay(["shell", "-i", "mixed.yaml", "--json", cmd], { cwd: work });
    const results = JSON.parse(json.stdout) as {
      host: string;
      status: string;
      error?: { code: string; exitCode: number; stdout: string; stderr: string };
    }[];
    expect(results.find((x) => x.host === "@local")).toMatchObject({
      status: "failed",
      error: { code: "EXIT_STATUS", exitCode: 3, stdout: "to-out\n", stderr: "to-err\n" },
    });
    expect(results.filter((x) => x.status === "skipped").map((x) => x.host)).toEqual(["R1", "R2", "R3"]);
    const ok = await patchbay(["shell", "-i", "mixed.yaml", "echo fine"], { cwd: work });
    expect(ok.code, "skipped hosts do not make the exit code 2").toBe(0);
  });

  it("--summary gives one line per host that fits the terminal; plurals are right", async () => {
    const r = await patchbay(["run", "-i", file, "-l", "R1", "--summary", "show version"], { cwd: work });
    expect(r.stdout).toMatch(/^host\s+platform\s+status\s+time\s+result$/m);
    expect(r.stdout).toMatch(/R1\s+cisco_iosxe\s+ok\s+[\d.]+s\s+.* lines\)/);
    expect(r.stdout).toContain("1 host ok");
  });
});

describe("patchbay says what happened", () => {
  it("JSON carries a real error code for every failure, never a class name", async () => {
    const bad = join(work, "bad-hosts.yaml");
    await writeFile(
      bad,
      `defaults: { username: ${SIM_USER}, password: ${SIM_PASSWORD}, data: { ssh: { hostKeyPolicy: strict, knownHostsPath: ${join(work, "fleet.known_hosts")} } } }
hosts:
  closed: { host: 127.0.0.1, port: 1, platform: cisco_iosxe }
  nobody: { host: 127.0.0.1, platform: acme_os }
  wrongpw: { host: 127.0.0.1, port: ${fleet.devices[0]?.port}, platform: cisco_iosxe, password: nope-1 }
`,
    );
    const r = await patchbay(["facts", "-i", bad, "--json"], { cwd: work });
    expect(r.code).toBe(2);
    const codes = (JSON.parse(r.stdout) as { error: { code: string } }[]).map((x) => x.error.code);
    expect(codes).toEqual(["UNREACHABLE", "PLUGIN_NOT_FOUND", "AUTHENTICATION_FAILED"]);
  });

  it("local problems fail before any connection; --json with --ndjson is an error", async () => {
    const put = await patchbay(["put", "-i", file, join(work, "nosuchfile"), "/tmp/x"], { cwd: work });
    expect(put.code).toBe(1);
    expect(put.stderr).toContain("nosuchfile does not exist; nothing was sent.");
    expect(fleet.devices.every((d) => d.connections === 0)).toBe(true);
    const both = await patchbay(["facts", "-i", file, "--json", "--ndjson"], { cwd: work });
    expect(both.code).toBe(1);
    expect(both.stderr).toContain("--json and --ndjson exclude each other");
  });

  it("piping into head ends quietly (no EPIPE)", async () => {
    const plugins = await sh(`node ${BIN} plugins | head -3`);
    expect(plugins.stdout.split("\n").length).toBeLessThanOrEqual(4);
    expect(plugins.stderr).not.toMatch(/EPIPE|Error/);
    const facts = await sh(`node ${BIN} facts -i ${file} --ndjson | head -1`);
    expect(JSON.parse(facts.stdout).host).toMatch(/^R\d$/);
    expect(facts.stderr).not.toMatch(/EPIPE|Error/);
  });
});

describe("trust decisions are visible", () => {
  it("accept-new prints one line per newly trusted host; off warns", async () => {
    const known = join(work, "fresh_known_hosts");
    const f = join(work, "accept.yaml");
    const port = fleet.devices[1]?.port;
    await writeFile(
      f,
      `defaults: { username: ${SIM_USER}, password: ${SIM_PASSWORD} }
hosts:
  new1: { host: 127.0.0.1, port: ${port}, platform: frr, data: { ssh: { hostKeyPolicy: accept-new, knownHostsPath: ${known} } } }
  blind: { host: 127.0.0.1, port: ${port}, platform: frr, data: { ssh: { hostKeyPolicy: "off" } } }
`,
    );
    const r = await patchbay(["facts", "-i", f], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    const fp = fleet.devices[1]?.hostKeyFingerprint ?? "?";
    expect(r.stderr).toContain(`trusted a new host key for new1: ${fp} (recorded in ${known})`);
    expect(r.stderr).toMatch(/WARNING: host key checking is off for blind/);
    expect(await readFile(known, "utf8")).toContain(`[127.0.0.1]:${port} ssh-ed25519 `);
    const again = await patchbay(["facts", "-i", f, "-l", "new1"], { cwd: work });
    expect(again.stderr).not.toContain("trusted a new host key");
  });

  it("patchbay sim writes a fleet file that pins the simulator's keys", async () => {
    const out = join(work, "sim.yaml");
    const sim = startPatchbay(["sim", "-n", "2", "-o", out], { cwd: work });
    for (let i = 0; i < 200 && !sim.stderrSoFar().includes("devices running"); i++)
      await new Promise((r) => setTimeout(r, 50));
    try {
      const yaml = await readFile(out, "utf8");
      expect(yaml).toContain("hostKeyPolicy: strict");
      expect(yaml).not.toContain('"off"');
      expect(existsSync(`${out}.known_hosts`)).toBe(true);
      const r = await patchbay(["facts", "-i", out], { cwd: work });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/trusted a new host key|WARNING/);
    } finally {
      sim.child.kill("SIGINT");
      expect((await sim.done).stderr).toContain("patchbay sim: stopped.");
    }
  });
});
