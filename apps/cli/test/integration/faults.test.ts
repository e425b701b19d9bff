// A fleet with faulty devices (every simulator fault), and Ctrl-C in the middle of a run.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  generateEd25519HostKey,
  type SimDevice,
  type SimFaults,
  type SimFleet,
  startDevice,
  startFleet,
} from "@patchbay/devsim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fleetYaml, SIM_PASSWORD, SIM_USER, simHostKey, simKnownHosts } from "../../src/sim-fleet.ts";
import { patchbay, requireBuilt, startPatchbay } from "./helpers.ts";

let work: string;
let healthy: SimFleet;
const faulty: { name: string; device: SimDevice; code: string }[] = [];
// Generous: healthy devices must finish on a loaded CI machine; the faulty ones show it is kept.
const TIMEOUT_S = 15;

/**
 * One device per simulator fault, and the code its failure must carry; random bytes in the output
 * do not stop a command (the terminal cleaner keeps what it can), so that device completes.
 */
const FAULTS: { name: string; faults?: SimFaults; otherKey?: boolean; code: string }[] = [
  { name: "F-drop", faults: { dropMidOutput: { afterBytes: 200 } }, code: "DISCONNECTED" },
  { name: "F-stall", faults: { stall: { afterBytes: 200 } }, code: "TIMEOUT" },
  { name: "F-noprompt", faults: { neverReturnPrompt: true }, code: "TIMEOUT" },
  { name: "F-garbage", faults: { garbage: { everyBytes: 1, kinds: ["random"], seed: 7 } }, code: "ok" },
  { name: "F-auth", faults: { refuseAuth: true }, code: "AUTHENTICATION_FAILED" },
  { name: "F-hostkey", otherKey: true, code: "HOST_KEY_MISMATCH" },
];

async function writeFleet(file: string, extra: { name: string; device: SimDevice }[]): Promise<void> {
  const knownHosts = join(work, `${file}.known_hosts`);
  const all = { devices: [...healthy.devices, ...extra.map((e) => e.device)] } as unknown as SimFleet;
  await writeFile(knownHosts, simKnownHosts(all));
  await writeFile(
    join(work, file),
    fleetYaml(healthy, {
      knownHostsPath: knownHosts,
      extraHosts: extra.map(
        (e) => `${e.name}: { host: 127.0.0.1, port: ${e.device.port}, platform: cisco_iosxe }`,
      ),
    }),
  );
}

beforeAll(async () => {
  requireBuilt();
  work = await mkdtemp(join(tmpdir(), "pb-cli-faults-"));
  healthy = await startFleet({
    count: 54,
    platforms: ["cisco_iosxe", "arista_eos", "frr"],
    username: SIM_USER,
    password: SIM_PASSWORD,
    enableSecret: SIM_PASSWORD,
    hostKey: simHostKey(),
  });
  for (const f of FAULTS) {
    const device = await startDevice({
      platform: "cisco_iosxe",
      username: SIM_USER,
      password: SIM_PASSWORD,
      enableSecret: SIM_PASSWORD,
      hostKey: f.otherKey ? generateEd25519HostKey() : simHostKey(),
      ...(f.faults ? { faults: f.faults } : {}),
    });
    faulty.push({ name: f.name, device, code: f.code });
  }
  await writeFleet("faulty.yaml", faulty);
});

afterAll(async () => {
  await Promise.all(faulty.map((f) => f.device.close()));
  await healthy?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

interface JsonResult {
  host: string;
  status: string;
  elapsedMs: number;
  error?: { code: string; phase?: string; partialOutput?: string };
}

describe("a fleet with 10% faulty devices", () => {
  it("every healthy device completes; each faulty one fails within its timeout with a typed code", async () => {
    const r = await patchbay(
      [
        "run",
        "-i",
        "faulty.yaml",
        "--json",
        "--parallel",
        "20",
        "--timeout",
        String(TIMEOUT_S),
        "show running-config",
      ],
      { cwd: work },
    );
    expect(r.code, r.stderr).toBe(2);
    const results = JSON.parse(r.stdout) as JsonResult[];
    expect(results).toHaveLength(60);
    const bad = results.filter((x) => x.status !== "ok");
    expect(bad.map((x) => x.host).sort()).toEqual(
      FAULTS.filter((f) => f.code !== "ok")
        .map((f) => f.name)
        .sort(),
    );
    for (const f of faulty) {
      const result = results.find((x) => x.host === f.name);
      expect(result?.error?.code ?? result?.status, `${f.name}: ${JSON.stringify(result?.error)}`).toBe(
        f.code,
      );
      expect(result?.elapsedMs).toBeLessThanOrEqual(TIMEOUT_S * 1000 + 500);
    }
    // A stalled command says which phase timed out and what it had received.
    const stall = results.find((x) => x.host === "F-stall");
    expect(stall?.error?.phase).toMatch(/show running-config/);
    expect(stall?.error?.partialOutput?.length).toBeGreaterThan(0);
    // Every session is closed once the command has exited.
    expect([...healthy.devices, ...faulty.map((f) => f.device)].map((d) => d.connections)).toEqual(
      new Array(60).fill(0),
    );
  }, 120_000);
});

describe("Ctrl-C", () => {
  it("prints the results so far, says how many hosts had not finished, and leaves no session open", async () => {
    const stalled = await startDevice({
      platform: "cisco_iosxe",
      username: SIM_USER,
      password: SIM_PASSWORD,
      enableSecret: SIM_PASSWORD,
      hostKey: simHostKey(),
      faults: { stall: { afterBytes: 10 } },
    });
    try {
      await writeFleet("sigint.yaml", [{ name: "S-stall", device: stalled }]);
      const run = startPatchbay(
        ["run", "-i", "sigint.yaml", "-l", "R1,R2,R3,S-stall", "--timeout", "60", "show version"],
        { cwd: work },
      );
      // Wait until the three healthy hosts are done and the stalled one is running.
      for (let i = 0; i < 400 && (run.stderrSoFar().match(/\] R\d+ ok/g) ?? []).length < 3; i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(stalled.connections).toBe(1);
      run.child.kill("SIGINT");
      const done = await run.done;
      expect(done.code).toBe(130);
      expect(done.stdout).toMatch(/── R1 · cisco_iosxe · ok/);
      expect(done.stdout).toMatch(/── S-stall · cisco_iosxe · interrupted/);
      expect(done.stderr).toContain("interrupted: 1 of 4 hosts had not finished.");
      for (let i = 0; i < 40 && stalled.connections > 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(stalled.connections).toBe(0);
    } finally {
      await stalled.close();
    }
  }, 60_000);
});
