import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import type { Output } from "../output.ts";
import { EXIT, positiveInt } from "./options.ts";

/** The simulator's platforms, listed here so `--help` does not load the simulator. */
const SIM_PLATFORM_LIST = "cisco_iosxe,cisco_nxos,cisco_iosxr,arista_eos,juniper_junos,frr,linux";

type Run = (code: number) => void;

export function registerSimCommands(program: Command, output: () => Output, exit: Run): void {
  program
    .command("sim")
    .description("start a simulated fleet on loopback and print a fleet file for it; stop with Ctrl-C")
    .option("-n, --devices <n>", "how many devices", "10")
    .option(
      "--platforms <list>",
      `platforms to cycle through, from ${SIM_PLATFORM_LIST} (default: all but linux)`,
    )
    .option("-o, --out <file>", "write the fleet file here instead of printing it")
    .action(async (options: { devices: string; platforms?: string; out?: string }) => {
      const out = output();
      const { SIM_PLATFORMS } = await import("@patchbay/devsim");
      const { fleetYaml, startSimFleet, writeSimKnownHosts } = await import("../sim-fleet.ts");
      type SimPlatform = (typeof SIM_PLATFORMS)[number];
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
      // The fleet file pins the simulator's host key: a known_hosts file beside it (or in a
      // temporary folder when the fleet file is printed), checked strictly.
      const temp = options.out ? undefined : await mkdtemp(join(tmpdir(), "patchbay-sim-"));
      const knownHostsPath = options.out ? `${resolve(options.out)}.known_hosts` : join(temp!, "known_hosts");
      await writeSimKnownHosts(fleet, knownHostsPath);
      const yaml = fleetYaml(fleet, { knownHostsPath });
      if (options.out) {
        await writeFile(options.out, yaml);
        out.err(
          `patchbay sim: ${count} devices running; fleet file written to ${options.out} (host keys pinned in ${knownHostsPath}). Ctrl-C stops them.`,
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
      if (temp) await rm(temp, { recursive: true, force: true });
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
      const { runDemo } = await import("./demo.ts");
      exit(await runDemo(out, count, options.keep));
    });
}
