// Running the built `patchbay` command as a child process, and simulated fleets for it.
import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { type SimFleet, type SimFleetOptions, startFleet } from "@patchbay/devsim";
import { fleetYaml, SIM_PASSWORD, SIM_USER, simHostKey, writeSimKnownHosts } from "../../src/sim-fleet.ts";

export const BIN: string = resolve(import.meta.dirname, "../../dist/main.js");
export const PEERS: string = resolve(import.meta.dirname, "../../../../.peers/peers.json");

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function requireBuilt(): void {
  if (!existsSync(BIN))
    throw new Error(`${BIN} is missing: build @patchbay/cli first (turbo does, before integration tests).`);
}

/** Runs `patchbay args` to completion. */
export function patchbay(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<Run> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd: options.cwd,
        env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env },
        maxBuffer: 64 << 20,
      },
      (error, stdout, stderr) =>
        done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(options.input ?? "");
  });
}

/** Starts `patchbay args`, and resolves with its output once it exits; `child` lets a test signal it. */
export function startPatchbay(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): {
  child: ReturnType<typeof spawn>;
  done: Promise<Run & { signal: NodeJS.Signals | null }>;
  stderrSoFar: () => string;
} {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const done = new Promise<Run & { signal: NodeJS.Signals | null }>((r) =>
    child.on("close", (code, signal) => r({ code: code ?? -1, signal, stdout, stderr })),
  );
  return { child, done, stderrSoFar: () => stderr };
}

/** A simulated fleet with the CLI's credentials and pinned host key, and its fleet file in `dir`. */
export async function simFleet(
  dir: string,
  options: Omit<SimFleetOptions, "username" | "password"> & { name?: string },
): Promise<{ fleet: SimFleet; file: string; knownHosts: string }> {
  const { name = "fleet", ...rest } = options;
  const fleet = await startFleet({
    username: SIM_USER,
    password: SIM_PASSWORD,
    enableSecret: SIM_PASSWORD,
    hostKey: simHostKey(),
    ...rest,
  });
  const knownHosts = join(dir, `${name}.known_hosts`);
  await writeSimKnownHosts(fleet, knownHosts);
  const file = join(dir, `${name}.yaml`);
  await writeFile(file, fleetYaml(fleet, { knownHostsPath: knownHosts }));
  return { fleet, file, knownHosts };
}
