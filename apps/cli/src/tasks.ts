// What each fleet command does on one host, shared by the commands and the demo.
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import {
  ConfigRead,
  ConfigWrite,
  DeviceInfo,
  type Facts,
  Shell,
  type ShellCommandResult,
  unifiedDiff,
} from "@patchbay/capabilities";
import { type Capability, CommandError, type DeviceProxy, type ErrorContext } from "@patchbay/core";
import type { InventoryHost } from "@patchbay/inventory";
import { connectHost, missingCapabilities } from "./fleet.ts";
import type { Output } from "./output.ts";
import { fileInside, safeName } from "./paths.ts";
import { type HostOp, SkipHost } from "./runner.ts";

export type { HostOp } from "./runner.ts";

/** A shell command that ran and exited non-zero: the result (exit status, stdout, stderr) goes with it. */
export class ShellExitError extends CommandError {
  static override readonly code: string = "EXIT_STATUS";
  readonly result: ShellCommandResult;
  constructor(message: string, result: ShellCommandResult, options: ErrorContext = {}) {
    super(message, options);
    this.result = result;
  }
}

/** Time and cancellation for one operation of a host's task, read when the operation starts. */
function opts(op: HostOp): { timeoutMs: number; signal: AbortSignal } {
  return { timeoutMs: op.timeoutMs, signal: op.signal };
}

export function readFacts(host: InventoryHost, op: HostOp): Promise<Facts> {
  return withDevice(host, [DeviceInfo], op, (device) => {
    op.step("facts");
    return device.getFacts(opts(op));
  });
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
  const file = fileInside(dir, `${safeName(host.name)}.cfg`);
  const read = await withDevice(host, [ConfigRead], op, async (device) => {
    op.step("get running configuration");
    return device.getConfig({ ...opts(op), source: "running" });
  });
  const config = backupText(read.config, read.format);
  await mkdir(dir, { recursive: true });
  const previous = await readFile(file, "utf8").catch(() => undefined);
  const diff =
    previous === undefined
      ? undefined
      : unifiedDiff(stableLines(previous), stableLines(config), {
          before: `${file} (previous)`,
          after: file,
        });
  await writeFile(`${file}.tmp`, config);
  await rename(`${file}.tmp`, file);
  const lines = config === "" ? 0 : config.replace(/\n$/, "").split("\n").length;
  return { file, bytes: Buffer.byteLength(config), lines, diff };
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/**
 * The file text of a configuration. NETCONF hands over the content of `<data>`, often several
 * top-level elements: the file wraps them in one `<config>` root (the form edit-config takes back)
 * under an XML declaration, so it is a well-formed document. A text file ends with a newline (diff
 * and cat behave); the device's text is kept otherwise.
 */
export function backupText(config: string, format: string): string {
  if (format === "xml" && !config.trimStart().startsWith("<?xml")) {
    const body = config.trim();
    return `${XML_DECLARATION}\n<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">${body === "" ? "" : `\n${body}\n`}</config>\n`;
  }
  return config === "" || config.endsWith("\n") ? config : `${config}\n`;
}

/** Lines a device rewrites on every read (timestamps), which are not changes of the configuration. */
const VOLATILE =
  /^(! Last configuration change at |! NVRAM config last updated at |!Time: |## Last commit: )/;

/** `config` without its volatile lines, for diffs (the backup file keeps them). */
export function stableLines(config: string): string {
  return config
    .split("\n")
    .filter((l) => !VOLATILE.test(l))
    .join("\n");
}

/** Merges `config` into the host: the diff it would make (dry run), or commits it and returns the real diff. */
export async function applyConfig(
  host: InventoryHost,
  config: string,
  options: {
    commit: boolean;
    confirmTimeoutSeconds?: number | undefined;
    mode?: "merge" | "replace" | undefined;
  },
  op: HostOp,
): Promise<{ diff: string; committed: boolean }> {
  return withDevice(host, [ConfigWrite], op, async (device) => {
    op.step("load configuration");
    await device.loadConfig({ ...opts(op), config, mode: options.mode ?? "merge" });
    if (!options.commit) {
      op.step("compare configuration");
      const diff = await device.compareConfig(opts(op));
      op.step("discard configuration");
      await device.discardConfig(opts(op));
      return { diff, committed: false };
    }
    op.step("commit configuration");
    const committed = await device.commitConfig({
      ...opts(op),
      ...(options.confirmTimeoutSeconds !== undefined
        ? { confirmTimeoutSeconds: options.confirmTimeoutSeconds }
        : {}),
    });
    return { diff: committed.diff, committed: true };
  });
}

/** Runs shell code on a Unix host; a non-zero exit is a `ShellExitError` carrying stdout and stderr. */
export function runShell(
  host: InventoryHost,
  command: string,
  options: { sudo?: boolean | undefined; sudoUser?: string | undefined },
  op: HostOp,
): Promise<ShellCommandResult> {
  return withDevice(host, [Shell], op, async (device) => {
    op.step(`shell ${JSON.stringify(command)}`);
    const result = await device.runShellCommand(command, {
      ...opts(op),
      ...(options.sudo ? { sudo: true } : {}),
      ...(options.sudoUser !== undefined ? { sudoUser: options.sudoUser } : {}),
    });
    if (!result.success) {
      throw new ShellExitError(
        `exit status ${result.exitCode ?? result.signal}: ${oneLine(result.stderr || result.stdout)}`,
        result,
        { deviceId: host.name, platform: host.device.platform, command },
      );
    }
    return result;
  });
}

/**
 * Connects with `capabilities`, runs `fn`, and always closes. A host whose platform has no plugin
 * with those capabilities is skipped before any connection.
 */
export async function withDevice<const Caps extends readonly Capability<object>[], T>(
  host: InventoryHost,
  capabilities: Caps,
  op: HostOp,
  fn: (device: DeviceProxy<Caps>) => Promise<T>,
): Promise<T> {
  const missing = await missingCapabilities(host, capabilities);
  if (missing.length > 0) {
    throw new SkipHost(
      `${host.device.platform} over ${host.connector} has no ${missing.join(", ")} (this command needs it)`,
    );
  }
  op.step("connect");
  const device = await connectHost(host, capabilities, opts(op));
  try {
    return await fn(device);
  } finally {
    op.step("close");
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
