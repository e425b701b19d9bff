import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { Commands, FileTransfer } from "@patchbay/capabilities";
import type { Command } from "commander";
import type { Output } from "../output.ts";
import {
  applyConfig,
  backupHost,
  colorDiff,
  diffStats,
  oneLine,
  readFacts,
  runShell,
  safeName,
  withDevice,
} from "../tasks.ts";
import { EXIT, type FleetOptions, runAcrossFleet, withFleetOptions } from "./common.ts";

type Run = (code: number) => void;

export function registerFleetCommands(program: Command, output: () => Output, exit: Run): void {
  withFleetOptions(
    program
      .command("run")
      .description("run a command on every host and show the results")
      .argument("<command>", "the command line to run"),
  ).action(async (command: string, options: FleetOptions) => {
    exit(
      await runAcrossFleet(
        output(),
        `run ${command}`,
        options,
        (host, signal, timeoutMs) =>
          withDevice(host, [Commands], { timeoutMs, signal }, async (device) => {
            const [result] = await device.runCommands([command], { timeoutMs, signal });
            if (result?.failed) throw new Error(`the device reported a failure: ${oneLine(result.output)}`);
            return result?.output ?? "";
          }),
        {
          summary: (out) => `${oneLine(out)} (${out.split("\n").length} lines)`,
          json: (out) => ({ output: out }),
        },
      ),
    );
  });

  withFleetOptions(
    program
      .command("facts")
      .description("hostname, vendor, model, serial, OS version and uptime of every host"),
  ).action(async (options: FleetOptions) => {
    exit(
      await runAcrossFleet(
        output(),
        "facts",
        options,
        (host, signal, timeoutMs) => readFacts(host, { timeoutMs, signal }),
        {
          summary: (f) => [f.hostname, f.vendor, f.model, f.osVersion].filter(Boolean).join(" · "),
          json: ({ raw: _raw, ...facts }) => facts,
        },
      ),
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
    await mkdir(options.out, { recursive: true });
    const out = output();
    exit(
      await runAcrossFleet(
        out,
        "backup",
        options,
        (host, signal, timeoutMs) => backupHost(host, options.out, { timeoutMs, signal }),
        {
          summary: (r) =>
            `${r.file} (${r.bytes} bytes; ${r.diff === undefined ? "first backup" : r.diff === "" ? "unchanged" : `${changed(r.diff)} lines changed`})`,
          after: (results) => {
            for (const r of results)
              if (r.ok && r.value?.diff) out.out(`\n${r.host.name}:\n${colorDiff(out, r.value.diff)}`);
          },
        },
      ),
    );
  });

  const config = program.command("config").description("change configurations");
  withFleetOptions(
    config
      .command("apply")
      .description(
        "merge a configuration file into every host: show the diff (--dry-run) or commit it (--commit)",
      )
      .argument("<file>", "configuration lines to merge")
      .option("--dry-run", "show the diff, change nothing")
      .option("--commit", "apply the change (commit where the platform has commits)")
      .option(
        "--confirm <seconds>",
        "with --commit: roll back by itself unless confirmed (platforms with confirmed commits)",
      ),
  ).action(
    async (
      file: string,
      options: FleetOptions & { dryRun?: boolean; commit?: boolean; confirm?: string },
    ) => {
      const out = output();
      if (options.dryRun === options.commit) {
        out.err("patchbay: say --dry-run or --commit.");
        exit(EXIT.usage);
        return;
      }
      let text: string;
      try {
        text = await readFile(file, "utf8");
      } catch (error) {
        out.err(`patchbay: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
        exit(EXIT.usage);
        return;
      }
      exit(
        await runAcrossFleet(
          out,
          options.commit ? "config commit" : "config diff",
          options,
          (host, signal, timeoutMs) =>
            applyConfig(
              host,
              text,
              {
                commit: options.commit === true,
                confirmTimeoutSeconds: options.confirm !== undefined ? Number(options.confirm) : undefined,
              },
              { timeoutMs, signal },
            ),
          {
            summary: (r) =>
              r.diff === ""
                ? "no change"
                : `${changed(r.diff)} lines ${r.committed ? "changed" : "would change"}`,
            after: (results) => {
              for (const r of results)
                if (r.ok && r.value?.diff) out.out(`\n${r.host.name}:\n${colorDiff(out, r.value.diff)}`);
            },
          },
        ),
      );
    },
  );

  withFleetOptions(
    program
      .command("shell")
      .description("run a shell command on Linux hosts (pyinfra style)")
      .argument("<command>", "shell code, run by sh")
      .option("--sudo", "run through sudo (the password goes over stdin)")
      .option("--sudo-user <user>", "sudo to this user instead of root"),
  ).action(async (command: string, options: FleetOptions & { sudo?: boolean; sudoUser?: string }) => {
    exit(
      await runAcrossFleet(
        output(),
        `shell ${command}`,
        options,
        (host, signal, timeoutMs) =>
          runShell(host, command, { sudo: options.sudo, sudoUser: options.sudoUser }, { timeoutMs, signal }),
        {
          summary: (r) => oneLine(r.combined) || "(no output)",
          json: (r) => ({ exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr }),
        },
        (host) => host.device.platform === "linux",
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
      exit(
        await runAcrossFleet(
          output(),
          `put ${remote}`,
          options,
          (host, signal, timeoutMs) =>
            withDevice(host, [FileTransfer], { timeoutMs, signal }, (device) =>
              device.putFile(local, remote, {
                timeoutMs,
                signal,
                ...(options.sudo ? { sudo: true } : {}),
                ...(options.mode !== undefined ? { mode: Number.parseInt(options.mode, 8) } : {}),
              }),
            ),
          { summary: (r) => `${r.bytes} bytes to ${r.remotePath}` },
          (host) => host.device.platform === "linux",
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
    exit(
      await runAcrossFleet(
        output(),
        `get ${remote}`,
        options,
        async (host, signal, timeoutMs) => {
          const target = join(dir, safeName(host.name));
          await mkdir(target, { recursive: true });
          const name = remote.split("/").filter(Boolean).pop() ?? "file";
          return withDevice(host, [FileTransfer], { timeoutMs, signal }, (device) =>
            device.getFile(remote, join(target, name), {
              timeoutMs,
              signal,
              ...(options.sudo ? { sudo: true } : {}),
            }),
          );
        },
        { summary: (r) => `${r.bytes} bytes` },
        (host) => host.device.platform === "linux",
      ),
    );
  });
}

/** How many lines a diff adds and removes. */
function changed(diff: string): number {
  const { added, removed } = diffStats(diff);
  return added + removed;
}
