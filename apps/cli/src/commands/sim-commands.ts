import { writeFile } from "node:fs/promises";
import { SIM_PLATFORMS, type SimPlatform } from "@patchbay/devsim";
import type { Command } from "commander";
import type { Output } from "../output.ts";
import { fleetYaml, startSimFleet } from "../sim-fleet.ts";
import { EXIT, positiveInt } from "./common.ts";
import { runDemo } from "./demo.ts";

type Run = (code: number) => void;

export function registerSimCommands(program: Command, output: () => Output, exit: Run): void {
  program
    .command("sim")
    .description("start a simulated fleet on loopback and print a fleet file for it; stop with Ctrl-C")
    .option("-n, --devices <n>", "how many devices", "10")
    .option(
      "--platforms <list>",
      `platforms to cycle through, from ${SIM_PLATFORMS.join(",")} (default: all but linux)`,
    )
    .option("-o, --out <file>", "write the fleet file here instead of printing it")
    .action(async (options: { devices: string; platforms?: string; out?: string }) => {
      const out = output();
      const count = positiveInt(out, "devices", options.devices, 10);
      if (count === undefined) return exit(EXIT.usage);
      // The Linux simulator is a shell for CLI tests, not a Linux host (no scripts, no /proc): the
      // default fleet is network devices; ask for linux explicitly.
      const platforms =
        options.platforms?.split(",").map((p) => p.trim()) ?? SIM_PLATFORMS.filter((p) => p !== "linux");
      const unknown = platforms.filter((p) => !SIM_PLATFORMS.includes(p as SimPlatform));
      if (unknown.length > 0) {
        out.err(
          `patchbay: unknown simulator platform(s) ${unknown.join(", ")}; choose from ${SIM_PLATFORMS.join(", ")}.`,
        );
        return exit(EXIT.usage);
      }
      const fleet = await startSimFleet(count, platforms as SimPlatform[]);
      const yaml = fleetYaml(fleet);
      if (options.out) {
        await writeFile(options.out, yaml);
        out.err(
          `patchbay sim: ${count} devices running; fleet file written to ${options.out}. Ctrl-C stops them.`,
        );
      } else {
        process.stdout.write(yaml);
        out.err(`patchbay sim: ${count} devices running. Ctrl-C stops them.`);
      }
      await new Promise<void>((resolve) => {
        const stop = (): void => resolve();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      await fleet.close();
      out.err("patchbay sim: stopped.");
      exit(EXIT.ok);
    });

  program
    .command("demo")
    .description(
      "start a simulated fleet and run facts, backup, a config change with its diff, and a shell command",
    )
    .option("-n, --devices <n>", "how many simulated devices", "20")
    .option("--keep <dir>", "keep the backups in this folder (default: a temporary folder, removed)")
    .action(async (options: { devices: string; keep?: string }) => {
      const out = output();
      const count = positiveInt(out, "devices", options.devices, 20);
      if (count === undefined) return exit(EXIT.usage);
      exit(await runDemo(out, count, options.keep));
    });
}
