import type { InventoryHost } from "@patchbay/inventory";
import { type Output, renderTable } from "../output.ts";
import { forEachHost, type HostResult } from "../runner.ts";
import { applyConfig, backupHost, colorDiff, diffStats, readFacts, runShell } from "../tasks.ts";
import type { FleetOptions } from "./common.ts";

interface StepExtras {
  out?: string;
  change?: (host: InventoryHost) => string;
  command?: string;
}

/** Runs one demo step on `hosts`, prints its table; returns 1 when a host failed, else 0. */
export async function runStep(
  output: Output,
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
    async (host, op): Promise<string> => {
      if (step === "facts") {
        const f = await readFacts(host, op);
        return [f.hostname, f.vendor, f.model, f.osVersion].filter(Boolean).join(" · ");
      }
      if (step === "backup") {
        const backup = await backupHost(host, extras.out as string, op);
        if (backup.diff === undefined) return `${backup.lines} line${backup.lines === 1 ? "" : "s"} saved`;
        return backup.diff === "" ? "unchanged" : `changed: ${counts(backup.diff)} lines`;
      }
      if (step === "config") {
        const { diff } = await applyConfig(host, extras.change?.(host) ?? "", { commit: true }, op);
        shown.push({ host: host.name, diff });
        const added = diff
          .split("\n")
          .filter((l) => /^\+[^+]/.test(l) && !/^\+\s*!/.test(l))
          .map((l) => l.slice(1).trim());
        return added.length > 0 ? `${counts(diff)}: ${added.join("; ")}` : "no change";
      }
      const result = await runShell(host, extras.command ?? "true", {}, op);
      return result.stdoutLines.join(" / ");
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
        r.ok ? c.green("ok") : r.status === "skipped" ? c.yellow("skipped") : c.red("FAILED"),
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
  return results.some((r) => r.status === "failed" || r.status === "interrupted") ? 1 : 0;
}

/** `+3 -1` for a unified diff. */
function counts(diff: string): string {
  const { added, removed } = diffStats(diff);
  return `+${added} -${removed}`;
}
