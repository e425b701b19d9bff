// What each fleet command does on one host, shared by the commands and the demo.
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  ConfigRead,
  ConfigWrite,
  DeviceInfo,
  type Facts,
  Shell,
  type ShellCommandResult,
  unifiedDiff,
} from "@patchbay/capabilities";
import type { Capability, DeviceProxy } from "@patchbay/core";
import type { InventoryHost } from "@patchbay/inventory";
import { connectHost } from "./fleet.ts";
import type { Output } from "./output.ts";

/** Time limit and cancellation of one host's task. */
export interface HostOp {
  timeoutMs: number;
  signal: AbortSignal;
}

export function readFacts(host: InventoryHost, op: HostOp): Promise<Facts> {
  return withDevice(host, [DeviceInfo], op, (device) => device.getFacts(op));
}

/** One host's backup: the file written, its size and lines, and the diff against the previous one. */
export interface Backup {
  file: string;
  bytes: number;
  lines: number;
  /** Undefined for a first backup; "" when unchanged. */
  diff: string | undefined;
}

/** Saves the running configuration to `<dir>/<host>.cfg`, written beside then renamed (never half written). */
export async function backupHost(host: InventoryHost, dir: string, op: HostOp): Promise<Backup> {
  const config = await withDevice(host, [ConfigRead], op, async (device) => {
    return (await device.getConfig({ ...op, source: "running" })).config;
  });
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${safeName(host.name)}.cfg`);
  const previous = await readFile(file, "utf8").catch(() => undefined);
  const diff =
    previous === undefined
      ? undefined
      : unifiedDiff(previous, config, { before: `${file} (previous)`, after: file });
  await writeFile(`${file}.tmp`, config);
  await rename(`${file}.tmp`, file);
  return { file, bytes: Buffer.byteLength(config), lines: config.split("\n").length, diff };
}

/** Merges `config` into the host: the diff it would make (dry run), or commits it and returns the real diff. */
export async function applyConfig(
  host: InventoryHost,
  config: string,
  options: { commit: boolean; confirmTimeoutSeconds?: number | undefined },
  op: HostOp,
): Promise<{ diff: string; committed: boolean }> {
  return withDevice(host, [ConfigWrite], op, async (device) => {
    await device.loadConfig({ ...op, config, mode: "merge" });
    if (!options.commit) {
      const diff = await device.compareConfig(op);
      await device.discardConfig(op);
      return { diff, committed: false };
    }
    const committed = await device.commitConfig({
      ...op,
      ...(options.confirmTimeoutSeconds !== undefined
        ? { confirmTimeoutSeconds: options.confirmTimeoutSeconds }
        : {}),
    });
    return { diff: committed.diff, committed: true };
  });
}

/** Runs shell code on a Linux host; a failed command is an error naming its exit status. */
export function runShell(
  host: InventoryHost,
  command: string,
  options: { sudo?: boolean | undefined; sudoUser?: string | undefined },
  op: HostOp,
): Promise<ShellCommandResult> {
  return withDevice(host, [Shell], op, async (device) => {
    const result = await device.runShellCommand(command, {
      ...op,
      ...(options.sudo ? { sudo: true } : {}),
      ...(options.sudoUser !== undefined ? { sudoUser: options.sudoUser } : {}),
    });
    if (!result.success) {
      throw new Error(
        `exit status ${result.exitCode ?? result.signal}: ${oneLine(result.stderr || result.stdout)}`,
      );
    }
    return result;
  });
}

/** Connects with `capabilities`, runs `fn`, and always closes. */
export async function withDevice<const Caps extends readonly Capability<object>[], T>(
  host: InventoryHost,
  capabilities: Caps,
  op: HostOp,
  fn: (device: DeviceProxy<Caps>) => Promise<T>,
): Promise<T> {
  const device = await connectHost(host, capabilities, op);
  try {
    return await fn(device);
  } finally {
    await device.close();
  }
}

/** One line of output, for a table cell. */
export function oneLine(text: string, max = 80): string {
  const line =
    text
      .trim()
      .split("\n")
      .find((l) => l.trim() !== "") ?? "";
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** A host name as a file name (`@ssh/10.0.0.1` -> `ssh_10.0.0.1`). */
export function safeName(host: string): string {
  return host.replace(/^@/, "").replace(/[^A-Za-z0-9._-]+/g, "_");
}

/** Lines added and removed by a unified diff (the ---/+++ headers not counted). */
export function diffStats(diff: string): { added: number; removed: number } {
  const lines = diff.split("\n");
  return {
    added: lines.filter((l) => l.startsWith("+") && !l.startsWith("+++")).length,
    removed: lines.filter((l) => l.startsWith("-") && !l.startsWith("---")).length,
  };
}

/** Green additions, red removals, cyan hunk headers (plain text when colours are off). */
export function colorDiff(output: Output, diff: string): string {
  const c = output.colors;
  return diff
    .trimEnd()
    .split("\n")
    .map((l) =>
      l.startsWith("+") && !l.startsWith("+++")
        ? c.green(l)
        : l.startsWith("-") && !l.startsWith("---")
          ? c.red(l)
          : l.startsWith("@@")
            ? c.cyan(l)
            : l,
    )
    .join("\n");
}
