import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ConfigRead, ConfigWrite, DeviceInfo, Shell, unifiedDiff } from "@patchbay/capabilities";
import type { Inventory, InventoryHost } from "@patchbay/inventory";
import { connectHost } from "../fleet.ts";
import { type Output, renderTable } from "../output.ts";
import { forEachHost, type HostResult } from "../runner.ts";
import type { FleetOptions } from "./common.ts";
import { colorDiff } from "./fleet-commands.ts";

interface StepExtras {
  out?: string;
  quietDiffs?: boolean;
  change?: (host: InventoryHost) => string;
  command?: string;
}

/** Runs one demo step on `hosts`, prints its table; returns 1 when a host failed, else 0. */
export async function runStep(
  output: Output,
  fleet: Inventory,
  hosts: readonly InventoryHost[],
  step: "facts" | "backup" | "config" | "shell",
  options: FleetOptions,
  extras: StepExtras = {},
): Promise<number> {
  const timeoutMs = Number(options.timeout ?? "60") * 1000;
  const shown: { host: string; diff: string }[] = [];
  const c = output.colors;
  const results: HostResult<string>[] = await forEachHost(
    output,
    hosts,
    async (host, signal): Promise<string> => {
      const op = { timeoutMs, signal };
      if (step === "facts") {
        const device = await connectHost(host, [DeviceInfo], op);
        try {
          const f = await device.getFacts(op);
          return [f.hostname, f.vendor, f.model, f.osVersion].filter(Boolean).join(" · ");
        } finally {
          await device.close();
        }
      }
      if (step === "backup") {
        const device = await connectHost(host, [ConfigRead], op);
        let config: string;
        try {
          config = (await device.getConfig({ ...op, source: "running" })).config;
        } finally {
          await device.close();
        }
        await mkdir(extras.out as string, { recursive: true });
        const file = join(extras.out as string, `${host.name}.cfg`);
        const previous = await readFile(file, "utf8").catch(() => undefined);
        await writeFile(`${file}.tmp`, config);
        await rename(`${file}.tmp`, file);
        if (previous === undefined) return `${config.split("\n").length} lines saved`;
        const diff = unifiedDiff(previous, config);
        if (diff !== "" && !extras.quietDiffs) output.out(colorDiff(output, diff));
        return diff === "" ? "unchanged" : `changed: ${changeCounts(diff)} lines`;
      }
      if (step === "config") {
        const device = await connectHost(host, [ConfigWrite], op);
        try {
          await device.loadConfig({ ...op, mode: "merge", config: extras.change?.(host) ?? "" });
          const preview = await device.compareConfig(op);
          const committed = await device.commitConfig(op);
          const diff = committed.diff || preview;
          shown.push({ host: host.name, diff });
          const added = diff
            .split("\n")
            .filter((l) => /^\+[^+]/.test(l) && !/^\+\s*!/.test(l))
            .map((l) => l.slice(1).trim());
          return added.length > 0 ? `${changeCounts(diff)}: ${added.join("; ")}` : "no change";
        } finally {
          await device.close();
        }
      }
      const device = await connectHost(host, [Shell], op);
      try {
        const result = await device.runShellCommand(extras.command ?? "true", op);
        if (!result.success) throw new Error(`exit status ${result.exitCode}: ${result.stderr.trim()}`);
        return result.stdoutLines.join(" / ");
      } finally {
        await device.close();
      }
    },
    { title: step, parallel: Number(options.parallel ?? "10"), timeoutMs },
  );
  output.out(
    renderTable(
      output,
      ["host", "platform", "status", "result"],
      results.map((r) => [
        r.host.name,
        r.host.device.platform,
        r.ok ? c.green("ok") : c.red("FAILED"),
        r.ok ? (r.value ?? "") : (r.message ?? ""),
      ]),
    ),
  );
  // The first device's whole diff, as a user would review it.
  const first = shown.find((s) => s.diff !== "");
  if (first !== undefined)
    output.out(
      `\n${output.colors.bold(`${first.host}: the committed change`)}\n${colorDiff(output, first.diff)}`,
    );
  void fleet;
  return results.every((r) => r.ok) ? 0 : 1;
}

/** `+3 -1` for a unified diff (headers not counted). */
function changeCounts(diff: string): string {
  const lines = diff.split("\n");
  const added = lines.filter((l) => l.startsWith("+") && !l.startsWith("+++")).length;
  const removed = lines.filter((l) => l.startsWith("-") && !l.startsWith("---")).length;
  return `+${added} -${removed}`;
}
