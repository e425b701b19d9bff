import { readFileSync } from "node:fs";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireBuilt, startPatchbay } from "./helpers.ts";

// Ctrl-C while a fleet's exec source runs: the source runs in its own process group, so the CLI must
// kill that group itself (Node's default SIGINT exit would leave the source and its children running).
let dir: string;
beforeAll(async () => {
  requireBuilt();
  dir = await mkdtemp(join(tmpdir(), "pb-cli-interrupt-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function alive(pid: number): boolean {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /s, "")[0];
    return state !== "Z" && state !== "X";
  } catch {
    return false;
  }
}

describe("Ctrl-C while the fleet loads", () => {
  it("stops the exec source's whole process group and says it was interrupted", async () => {
    const source = join(dir, "slow-source.sh");
    const pidFile = join(dir, "grandchild.pid");
    await writeFile(source, `#!/bin/sh\nsleep 30 &\necho $! > ${JSON.stringify(pidFile)}\nsleep 30\n`);
    await chmod(source, 0o755);
    const fleet = join(dir, "fleet.yaml");
    await writeFile(fleet, `sources: [{ type: exec, command: ${JSON.stringify(source)} }]\n`);
    const run = startPatchbay(["run", "-i", fleet, "show version"], { cwd: dir });
    let grandchild = 0;
    for (let i = 0; i < 400 && grandchild === 0; i++) {
      await new Promise((r) => setTimeout(r, 25));
      grandchild = Number((await readFile(pidFile, "utf8").catch(() => "0")).trim()) || 0;
    }
    expect(grandchild).toBeGreaterThan(0);
    expect(alive(grandchild)).toBe(true);
    run.child.kill("SIGINT");
    const done = await run.done;
    expect(done.code).not.toBe(0);
    expect(done.stderr).toMatch(/interrupted by the user \(Ctrl-C\)|ABORTED|aborted/i);
    for (let i = 0; i < 100 && alive(grandchild); i++) await new Promise((r) => setTimeout(r, 20));
    expect(alive(grandchild)).toBe(false);
  });
});
