// `patchbay config rollback` and `patchbay config confirm`; the template rendering of `config apply`.
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import type { Output } from "../output.ts";
import { EXIT, type FleetOptions, positiveInt, withFleetOptions } from "./options.ts";

type Run = (code: number) => void;

/**
 * The configuration text of `config apply`: the file as it is, or (with `--template`) the file
 * rendered per selected host. Template errors name `file:line` and come before any connection.
 * Returns undefined after reporting a usage error.
 */
export async function configText(
  out: Output,
  file: string,
  options: FleetOptions & { template?: boolean; dryRun?: boolean },
): Promise<string | Record<string, string> | undefined> {
  let source: string;
  try {
    source = await readFile(file, "utf8");
  } catch (error) {
    out.err(`patchbay: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    return undefined;
  }
  if (!options.template) return source;
  const [{ selectHosts }, { renderPerHost }] = await Promise.all([
    import("./common.ts"),
    import("../config-tasks.ts"),
  ]);
  const selected = await selectHosts(out, options);
  if (selected === undefined) return undefined;
  let rendered: Record<string, string>;
  try {
    rendered = renderPerHost(file, source, selected.hosts);
  } catch (error) {
    out.err(`patchbay: template error: ${(error as Error).message}`);
    return undefined;
  }
  if (options.dryRun && !options.json && !options.ndjson) {
    for (const host of selected.hosts)
      out.out(`${host.name} (rendered from ${file}):\n${rendered[host.name]}`);
  }
  return rendered;
}

export function registerConfigCommands(config: Command, output: () => Output, exit: Run): void {
  withFleetOptions(
    config
      .command("rollback")
      .description(
        "return every host to the configuration before its last commit (or --steps N commits back)",
      )
      .option("--steps <n>", "how many commits back", "1"),
  ).action(async (options: FleetOptions & { steps: string }) => {
    const out = output();
    const steps = positiveInt(out, "steps", options.steps, 1);
    if (steps === undefined) {
      exit(EXIT.usage);
      return;
    }
    const lib = await import("./fleet-lib.ts");
    exit(
      await lib.runAcrossFleet(out, "config rollback", options, lib.hostTask("config-rollback", { steps }), {
        summary: (r) => `rolled back ${r.steps} commit${r.steps === 1 ? "" : "s"}`,
      }),
    );
  });

  withFleetOptions(
    config
      .command("confirm")
      .description("confirm the pending confirmed commit (config apply --confirm) on every host"),
  ).action(async (options: FleetOptions) => {
    const out = output();
    const lib = await import("./fleet-lib.ts");
    exit(
      await lib.runAcrossFleet(out, "config confirm", options, lib.hostTask("config-confirm", {}), {
        summary: () => "confirmed",
      }),
    );
  });
}
