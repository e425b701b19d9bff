import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InventoryError } from "./errors.ts";
import { MAX_SECRET_FILE_BYTES } from "./internal/secrets.ts";
import { parseInventory } from "./inventory.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pb-secret-files-"));
  await writeFile(join(dir, "ok.txt"), "s3cret-File-Value\n");
  await writeFile(join(dir, "big.txt"), "x".repeat(MAX_SECRET_FILE_BYTES + 1));
  await mkdir(join(dir, "folder"));
  execFileSync("mkfifo", [join(dir, "pipe")]);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function secretFileProblem(path: string): Promise<string> {
  const error = await parseInventory(
    `hosts:\n  r1: { platform: linux, password: { file: ${JSON.stringify(path)} } }\n`,
    { file: join(dir, "fleet.yaml"), env: {} },
  ).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InventoryError);
  const issue = (error as InventoryError).issues[0];
  expect(issue).toMatchObject({ host: "r1", key: "hosts.r1.password", line: 2 });
  return issue?.message ?? "";
}

describe("{ file } secrets", () => {
  it("reads a regular file without its final newline", async () => {
    const inventory = await parseInventory(`hosts: { r1: { platform: linux, password: { file: ok.txt } } }`, {
      file: join(dir, "fleet.yaml"),
      env: {},
    });
    expect(inventory.hosts[0]?.device.password).toBe("s3cret-File-Value");
  });

  it("refuses /dev/zero as a device, without reading it", async () => {
    expect(await secretFileProblem("/dev/zero")).toMatch(
      /\/dev\/zero is a device; a secret file must be a regular file/,
    );
  });

  it("refuses a FIFO at once instead of waiting for a writer", async () => {
    expect(await secretFileProblem(join(dir, "pipe"))).toMatch(/is a FIFO/);
  });

  it("refuses a folder, a missing file and a file over the size limit", async () => {
    expect(await secretFileProblem(join(dir, "folder"))).toMatch(/is a folder/);
    expect(await secretFileProblem(join(dir, "missing.txt"))).toMatch(/missing\.txt does not exist/);
    expect(await secretFileProblem(join(dir, "big.txt"))).toMatch(
      /65537 bytes, more than the 64 KiB allowed/,
    );
  });
});
