import { mkdir, stat } from "node:fs/promises";
import type { ShellCommandResult } from "@patchbay/capabilities";
import type { Command } from "commander";
import type { Output } from "../output.ts";
import type { HostResult } from "../runner.ts";
import { configText, registerConfigCommands } from "./config-commands.ts";
import { EXIT, type FleetOptions, withFleetOptions } from "./options.ts";

let lib: typeof import("./fleet-lib.ts");
/** Loads what the fleet commands run on (each action awaits it first). */
async function loadLib(): Promise<void> {
  lib ??= await import("./fleet-lib.ts");
}

type Run = (code: number) => void;

export function registerFleetCommands(program: Command, output: () => Output, exit: Run): void {
  withFleetOptions(
    program
      .command("run")
      .description("run a command on every host and show the results")
      .argument("<command>", "the command line to run")
      .option("--summary", "one line per host (a table) instead of each host's full output")
      .option(
        "--parse",
        "parse the output with the TextFSM template for the platform and command (a table per host)",
      )
      .option(
        "--templates <dir>",
        "TextFSM template directory with an index (before PATCHBAY_TEMPLATES, NET_TEXTFSM)",
      ),
  ).action(async (command: string, options: FleetOptions & { parse?: boolean; templates?: string }) => {
    if (options.parse)
      return exit(await (await import("./parse-command.ts")).runParsed(output(), command, options));
    await loadLib();
    exit(
      await lib.runAcrossFleet(output(), `run ${command}`, options, lib.hostTask("run", { command }), {
        summary: (out) => `${lib.oneLine(out)} (${plural(out.split("\n").length, "line")})`,
        json: (out) => ({ output: out }),
        details: (r) => (r.ok ? (r.value ?? "") : lib.failureDetails(r)),
      }),
    );
  });

  withFleetOptions(
    program
      .command("facts")
      .description("hostname, vendor, model, serial, OS version and uptime of every host"),
  ).action(async (options: FleetOptions) => {
    await loadLib();
    exit(
      await lib.runAcrossFleet(output(), "facts", options, lib.hostTask("facts", {}), {
        summary: (f) => [f.hostname, f.vendor, f.model, f.osVersion].filter(Boolean).join(" · "),
        json: ({ raw: _raw, ...facts }) => facts,
      }),
    );
  });

  withFleetOptions(
    program
      .command("backup")
      .description(
        "save every host's running configuration, one file per host, with a diff against the previous backup",
      )
      .requiredOption("-o, --out <dir>", "the folder for the backups"),
  ).action(async (options: FleetOptions & { out: string }) => {
    await loadLib();
    const out = output();
    try {
      await mkdir(options.out, { recursive: true });
    } catch (error) {
      out.err(
        `patchbay: cannot create ${options.out}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      );
      exit(EXIT.usage);
      return;
    }
    exit(
      await lib.runAcrossFleet(out, "backup", options, lib.hostTask("backup", { dir: options.out }), {
        summary: (r) =>
          `${r.file} (${r.bytes} bytes; ${r.diff === undefined ? "first backup" : r.diff === "" ? "unchanged" : `${plural(changed(r.diff), "line")} changed`})`,
        after: (results) => {
          for (const r of results)
            if (r.ok && r.value?.diff) out.out(`\n${r.host.name}:\n${lib.colorDiff(out, r.value.diff)}`);
        },
      }),
    );
  });

  const config = program.command("config").description("change configurations");
  withFleetOptions(
    config
      .command("apply")
      .description(
        "merge (or --replace) a configuration file into every host: show the diff (--dry-run) or commit it (--commit)",
      )
      .argument("<file>", "configuration lines to merge, or a template with --template")
      .option("--dry-run", "show the diff, change nothing")
      .option("--replace", "the file is the whole configuration: what it lacks is removed")
      .option(
        "--template",
        "render the file per host as a Jinja2-style (nunjucks) template: host fields, data and groups as variables",
      )
      .option("--commit", "apply the change (commit where the platform has commits)")
      .option(
        "--confirm <seconds>",
        "with --commit: roll back by itself unless confirmed (platforms with confirmed commits)",
      ),
  ).action(
    async (
      file: string,
      options: FleetOptions & {
        dryRun?: boolean;
        commit?: boolean;
        confirm?: string;
        replace?: boolean;
        template?: boolean;
      },
    ) => {
      await loadLib();
      const out = output();
      if (options.dryRun === options.commit) {
        out.err("patchbay: say --dry-run or --commit.");
        exit(EXIT.usage);
        return;
      }
      const text = await configText(out, file, options);
      if (text === undefined) {
        exit(EXIT.usage);
        return;
      }
      exit(
        await lib.runAcrossFleet(
          out,
          options.commit ? "config commit" : "config diff",
          options,
          lib.hostTask("config-apply", {
            config: text,
            commit: options.commit === true,
            mode: options.replace ? "replace" : "merge",
            confirmTimeoutSeconds: options.confirm !== undefined ? Number(options.confirm) : undefined,
          }),
          {
            summary: (r) =>
              r.diff === ""
                ? "no change"
                : `${plural(changed(r.diff), "line")} ${r.committed ? "changed" : "would change"}`,
            after: (results) => {
              for (const r of results)
                if (r.ok && r.value?.diff) out.out(`\n${r.host.name}:\n${lib.colorDiff(out, r.value.diff)}`);
            },
          },
        ),
      );
    },
  );
  registerConfigCommands(config, output, exit);

  withFleetOptions(
    program
      .command("shell")
      .description("run a shell command on Linux hosts (pyinfra style)")
      .argument("<command>", "shell code, run by sh")
      .option("--sudo", "run through sudo (the password goes over stdin)")
      .option("--sudo-user <user>", "sudo to this user instead of root")
      .option("--summary", "one line per host (a table) instead of each host's output"),
  ).action(async (command: string, options: FleetOptions & { sudo?: boolean; sudoUser?: string }) => {
    await loadLib();
    const out = output();
    exit(
      await lib.runAcrossFleet(
        out,
        `shell ${command}`,
        options,
        lib.hostTask("shell", { command, sudo: options.sudo, sudoUser: options.sudoUser }),
        {
          summary: (r) => `exit 0: ${lib.oneLine(r.combined) || "(no output)"}`,
          json: (r) => ({ exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr }),
          details: (r) => shellDetails(out, r),
        },
      ),
    );
  });

  withFleetOptions(
    program
      .command("put")
      .description("upload a file to every Linux host")
      .argument("<local>", "the local file")
      .argument("<remote>", "the remote path")
      .option("--sudo", "write it as root (staged, then moved into place by sudo)")
      .option("--mode <octal>", "permissions, for example 644"),
  ).action(
    async (local: string, remote: string, options: FleetOptions & { sudo?: boolean; mode?: string }) => {
      await loadLib();
      const out = output();
      // Local problems fail before any connection.
      const problem = await stat(local).then(
        (s) => (s.isFile() ? undefined : "is not a regular file"),
        (error: NodeJS.ErrnoException) =>
          error.code === "ENOENT" ? "does not exist" : (error.code ?? String(error)),
      );
      const mode = options.mode !== undefined ? Number.parseInt(options.mode, 8) : undefined;
      if (problem !== undefined || (mode !== undefined && !/^[0-7]{3,4}$/.test(options.mode ?? ""))) {
        out.err(
          problem !== undefined
            ? `patchbay: ${local} ${problem}; nothing was sent.`
            : `patchbay: --mode must be octal like 644, not "${options.mode}".`,
        );
        exit(EXIT.usage);
        return;
      }
      exit(
        await lib.runAcrossFleet(
          out,
          `put ${remote}`,
          options,
          (host, op) =>
            lib.withDevice(host, [lib.FileTransfer], op, (device) =>
              device.putFile(local, remote, {
                timeoutMs: op.timeoutMs,
                signal: op.signal,
                ...(options.sudo ? { sudo: true } : {}),
                ...(mode !== undefined ? { mode } : {}),
              }),
            ),
          { summary: (r) => `${plural(r.bytes, "byte")} to ${r.remotePath}` },
        ),
      );
    },
  );

  withFleetOptions(
    program
      .command("get")
      .description("download a file from every Linux host into DIR/<host>/")
      .argument("<remote>", "the remote path")
      .argument("<dir>", "the local folder")
      .option("--sudo", "read it as root"),
  ).action(async (remote: string, dir: string, options: FleetOptions & { sudo?: boolean }) => {
    await loadLib();
    exit(
      await lib.runAcrossFleet(
        output(),
        `get ${remote}`,
        options,
        lib.hostTask("get", { remote, dir, sudo: options.sudo }),
        { summary: (r) => `${plural(r.bytes, "byte")} to ${r.file}` },
      ),
    );
  });
}

/** `1 line`, `2 lines`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** A shell host's output: stdout, then stderr apart, then the exit status (or why it did not run). */
function shellDetails(output: Output, r: HostResult<ShellCommandResult>): string {
  const result = r.ok ? r.value : (r.error as { result?: ShellCommandResult } | undefined)?.result;
  if (result === undefined) return lib.failureDetails(r);
  const c = output.colors;
  const lines: string[] = [];
  if (result.stdout !== "") lines.push(result.stdout.replace(/\n$/, ""));
  if (result.stderr !== "") lines.push(c.yellow("stderr:"), result.stderr.replace(/\n$/, ""));
  lines.push(c.dim(`exit status ${result.exitCode ?? `signal ${result.signal}`}`));
  return lines.join("\n");
}

/** How many lines a diff adds and removes. */
function changed(diff: string): number {
  const { added, removed } = lib.diffStats(diff);
  return added + removed;
}
