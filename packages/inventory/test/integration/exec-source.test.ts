import { readFileSync } from "node:fs";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InventoryError, parseInventory } from "../../src/index.ts";

// Real processes: an exec source that leaves a grandchild in the background (holding the output
// pipe, as `sleep 30 &` does) must not leave it running, whether the source times out, is aborted,
// or exits on its own.
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pb-exec-source-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Running (a killed process whose parent is gone is a zombie until init reaps it: that is dead). */
function alive(pid: number): boolean {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /s, "")[0];
    return state !== "Z" && state !== "X";
  } catch {
    return false;
  }
}

async function waitGone(pid: number): Promise<boolean> {
  // The kill is sent before the promise settles; the kernel reaps the process right after.
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 20));
  return !alive(pid);
}

/** A script that starts `sleep 30` in the background, records its pid, then does `rest`. */
async function script(name: string, rest: string): Promise<{ path: string; pidFile: string }> {
  const path = join(dir, `${name}.sh`);
  const pidFile = join(dir, `${name}.pid`);
  await writeFile(path, `#!/bin/sh\nsleep 30 &\necho $! > ${JSON.stringify(pidFile)}\n${rest}\n`);
  await chmod(path, 0o755);
  return { path, pidFile };
}

const pidIn = async (file: string): Promise<number> => Number((await readFile(file, "utf8")).trim());

describe("exec sources run in their own process group", () => {
  it("kill the whole group on timeout: the backgrounded grandchild does not survive", async () => {
    const { path, pidFile } = await script("slow", "sleep 30");
    const error = await parseInventory(`sources: [{ type: exec, command: ${JSON.stringify(path)} }]`, {
      file: join(dir, "fleet.yaml"),
      env: {},
      sourceTimeoutMs: 300,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InventoryError);
    expect((error as InventoryError).issues[0]?.message).toMatch(/timed out after 300 ms/);
    expect(await waitGone(await pidIn(pidFile))).toBe(true);
  });

  it("kill the whole group when the load is aborted (Ctrl-C in the CLI)", async () => {
    const { path, pidFile } = await script("aborted", "sleep 30");
    const controller = new AbortController();
    const loading = parseInventory(`sources: [{ type: exec, command: ${JSON.stringify(path)} }]`, {
      file: join(dir, "fleet.yaml"),
      env: {},
      signal: controller.signal,
    }).catch((e: unknown) => e);
    for (let i = 0; i < 200; i++) {
      if (
        await readFile(pidFile, "utf8").then(
          (t) => t.trim() !== "",
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 10));
    }
    controller.abort();
    const error = (await loading) as { code?: string };
    expect(error.code).toBe("ABORTED");
    expect(await waitGone(await pidIn(pidFile))).toBe(true);
  });

  it("finish as soon as the command exits, even when a grandchild holds its output open", async () => {
    const { path, pidFile } = await script("quick", `echo '[{"name":"x1","platform":"linux"}]'`);
    const inventory = await parseInventory(`sources: [{ type: exec, command: ${JSON.stringify(path)} }]`, {
      file: join(dir, "fleet.yaml"),
      env: {},
      sourceTimeoutMs: 20_000,
    });
    expect(inventory.hosts.map((h) => h.name)).toEqual(["x1"]);
    expect(await waitGone(await pidIn(pidFile))).toBe(true);
  });
});
