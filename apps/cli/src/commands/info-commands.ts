import { resolve } from "node:path";
import type { InstalledPlugin } from "@patchbay/core";
import type { Command } from "commander";
import type { Output } from "../output.ts";
import { EXIT, type FleetOptions } from "./options.ts";

let lib: typeof import("./info-lib.ts");
/** Loads what the info commands run on (each action awaits it first). */
async function loadLib(): Promise<void> {
  lib ??= await import("./info-lib.ts");
}

type Run = (code: number) => void;

/** Installed plugin packages: the user's project first, then those installed with the CLI. */
async function installedPlugins(): Promise<InstalledPlugin[]> {
  const seen = new Map<string, InstalledPlugin>();
  const roots = [process.cwd(), lib.CLI_ROOT].filter(
    (r, i, all) => all.findIndex((x) => resolve(x) === resolve(r)) === i,
  );
  for (const root of roots) {
    for (const p of await lib.listInstalledPlugins({ projectRoot: root }).catch(() => [])) {
      if (!seen.has(p.packageName)) seen.set(p.packageName, p);
    }
  }
  return [...seen.values()].sort((a, b) => a.packageName.localeCompare(b.packageName));
}

export function registerInfoCommands(program: Command, output: () => Output, exit: Run): void {
  program
    .command("plugins")
    .description(
      "installed platform packages and what each plugin supports (read from package.json, nothing imported)",
    )
    .option("--json", "print JSON")
    .action(async (options: { json?: boolean }) => {
      await loadLib();
      const out = output();
      const packages = await installedPlugins();
      if (options.json) {
        out.json(packages);
        exit(EXIT.ok);
        return;
      }
      const c = out.colors;
      const rows: string[][] = [];
      for (const p of packages) {
        if (!p.compatible) {
          rows.push([
            p.packageName,
            p.version,
            p.platforms.join(", "),
            c.red("unusable"),
            "",
            p.problem ?? "",
          ]);
          continue;
        }
        if (p.plugins.length === 0)
          rows.push([p.packageName, p.version, p.platforms.join(", "), "(not declared)", "", ""]);
        for (const plugin of p.plugins) {
          rows.push([
            p.packageName,
            p.version,
            plugin.platform,
            `${plugin.connectionType}${plugin.defaultForPlatform ? c.dim(" (default)") : ""}`,
            plugin.connectionLibrary,
            // A capability answered in part names the methods it answers: `Interfaces(getInterfacesIp)`.
            plugin.capabilities
              .map((id) => {
                const only = plugin.methods?.[id];
                const name = id.replace(/^patchbay\./, "");
                return only !== undefined ? `${name}(${only.join(" ")})` : name;
              })
              .join(", "),
          ]);
        }
      }
      out.out(
        lib.renderTable(
          out,
          ["package", "version", "platform", "connection", "library", "capabilities"],
          rows,
        ),
      );
      const limits = packages.flatMap((p) =>
        p.plugins.flatMap((plugin) => (plugin.limitations ?? []).map((l) => `  ${plugin.name}: ${l}`)),
      );
      if (limits.length > 0) out.out(`\nLimitations:\n${[...new Set(limits)].join("\n")}`);
      out.out(`${packages.length} plugin package(s).`);
      exit(EXIT.ok);
    });

  program
    .command("explain")
    .description("how a host's plugin is chosen: every resolution step")
    .argument("<host>", "the host's name in the fleet file")
    .option("-i, --inventory <file>", "the fleet file (default: fleet.yaml in this folder)")
    .action(async (name: string, options: FleetOptions) => {
      await loadLib();
      const out = output();
      const selected = await lib.selectHosts(out, { ...options, limit: [name] }, { checkPlatforms: true });
      if (selected === undefined) {
        exit(EXIT.usage);
        return;
      }
      const host = selected.hosts.find((h) => h.name === name) ?? selected.hosts[0]!;
      try {
        await lib.ensurePlatform(host.device.platform);
        const explanation = await lib.explain(host.device, {
          connectionType: host.connector,
          fallbackToDefault: true,
          discovery: false,
        });
        out.out(`${host.name} (connector ${host.connector})`);
        out.out(lib.formatExplanation(explanation));
        exit(EXIT.ok);
      } catch (error) {
        for (const line of lib.errorLines(error, out.debug)) out.err(`${host.name}: ${line}`);
        exit(EXIT.someFailed);
      }
    });

  const inventory = program.command("inventory").description("check or list a fleet file");
  inventory
    .command("check")
    .description("validate the fleet file: every problem with file, line and host")
    .option("-i, --inventory <file>", "the fleet file (default: fleet.yaml in this folder)")
    .action(async (options: FleetOptions) => {
      await loadLib();
      const out = output();
      const selected = await lib.selectHosts(out, options, { checkPlatforms: true });
      if (selected === undefined) {
        exit(EXIT.usage);
        return;
      }
      const groups = Object.keys(selected.fleet.groups).length;
      out.out(
        out.colors.green(
          `${selected.fleet.file}: ${selected.hosts.length} host(s) in ${groups} group(s), no problems.`,
        ),
      );
      exit(EXIT.ok);
    });
  inventory
    .command("list")
    .description("the hosts, their connector, platform, address and groups")
    .option("-i, --inventory <file>", "the fleet file (default: fleet.yaml in this folder)")
    .option(
      "-l, --limit <group|host>",
      "only these groups or hosts",
      (v: string, p: string[]) => [...p, v],
      [],
    )
    .option("--json", "print JSON (secrets redacted)")
    .action(async (options: FleetOptions) => {
      await loadLib();
      const out = output();
      const selected = await lib.selectHosts(out, options);
      if (selected === undefined) {
        exit(EXIT.usage);
        return;
      }
      if (options.json) {
        const hosts = selected.hosts.map((h) => ({
          name: h.name,
          connector: h.connector,
          platform: h.device.platform,
          host: h.device.host,
          port: h.device.port,
          username: h.device.username,
          groups: h.groups,
          data: h.device.data,
        }));
        out.json(hosts);
      } else {
        out.out(
          lib.renderTable(
            out,
            ["host", "connector", "platform", "address", "groups"],
            selected.hosts.map((h) => [
              h.name,
              h.connector,
              h.device.platform,
              `${h.device.host}${h.device.port ? `:${h.device.port}` : ""}`,
              h.groups.join(", "),
            ]),
          ),
        );
      }
      exit(EXIT.ok);
    });
}
