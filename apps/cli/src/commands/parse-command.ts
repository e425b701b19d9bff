// TextFSM parsing in the CLI: `patchbay parse` (standard input, offline) and `patchbay run --parse`
// (each host's output parsed with the template its platform and the command select).
import { readFile } from "node:fs/promises";
import type { CommandResult } from "@patchbay/capabilities";
import type { Command } from "commander";
import type { Output } from "../output.ts";
import type { HostResult } from "../runner.ts";
import { EXIT, type FleetOptions } from "./options.ts";

type Run = (code: number) => void;
type Rows = Record<string, string | string[]>[];

/** What `run --parse` gives per host. */
export interface ParsedRun {
  output: string;
  parsed?: Rows;
  parseError?: string;
}

/** Rows as an aligned text table; columns are the keys of the rows (the template's header). */
export function rowsTable(rows: Rows, columns?: readonly string[]): string {
  const keys = columns ?? (rows[0] ? Object.keys(rows[0]) : []);
  if (keys.length === 0) return "(no rows)";
  const cell = (v: string | string[] | undefined): string => (Array.isArray(v) ? v.join(", ") : (v ?? ""));
  const body = rows.map((r) => keys.map((k) => cell(r[k]).replace(/\s+/g, " ")));
  const widths = keys.map((k, i) => Math.max(k.length, ...body.map((b) => (b[i] as string).length)));
  const line = (vals: readonly string[]): string =>
    vals
      .map((v, i) => v.padEnd(widths[i] as number))
      .join("  ")
      .trimEnd();
  return [
    line(keys.map((k) => k.toUpperCase())),
    line(widths.map((w) => "-".repeat(w))),
    ...body.map(line),
  ].join("\n");
}

export function registerParseCommand(program: Command, output: () => Output, exit: Run): void {
  program
    .command("parse")
    .description(
      "parse standard input with a TextFSM template (a file, or the one an index gives for a platform and command)",
    )
    .option("--template <file>", "the TextFSM template to parse with")
    .option("--platform <id>", "platform (patchbay id or ntc-templates name) to look the template up for")
    .option("--command <command>", "the command whose output standard input is")
    .option(
      "--templates <dir>",
      "template directory with an index (before PATCHBAY_TEMPLATES and NET_TEXTFSM)",
    )
    .option("--json", "print one JSON array of rows")
    .option("--ndjson", "print one JSON row per line")
    .action(
      async (options: {
        template?: string;
        platform?: string;
        command?: string;
        templates?: string;
        json?: boolean;
        ndjson?: boolean;
      }) => {
        const out = output();
        const byFile = options.template !== undefined;
        const byIndex = options.platform !== undefined || options.command !== undefined;
        if (byFile === byIndex || (byIndex && (!options.platform || !options.command))) {
          out.err("patchbay parse: give --template FILE, or both --platform and --command.");
          return exit(EXIT.usage);
        }
        if (options.json && options.ndjson) {
          out.err("patchbay parse: --json and --ndjson exclude each other.");
          return exit(EXIT.usage);
        }
        const text = await readStdin();
        const textfsm = await import("@patchbay/textfsm");
        let rows: Rows;
        let columns: string[] | undefined;
        if (byFile) {
          const file = options.template as string;
          const template = textfsm.compileTemplate(await readFile(file, "utf8"), { name: file });
          columns = template.header.map((h) => h.toLowerCase());
          rows = template.parseObjects(text, { lowercaseKeys: true }).map((row) => {
            const o: Record<string, string | string[]> = {};
            for (const [k, v] of Object.entries(row)) o[k] = Array.isArray(v) ? v.map(String) : v;
            return o;
          });
        } else {
          const { parseCommandResults } = await import("@patchbay/capabilities");
          const result: CommandResult = {
            command: options.command as string,
            output: text,
            failed: false,
            startedAt: new Date(),
            elapsedMs: 0,
          };
          await parseCommandResults(
            [result],
            {
              parse: "required",
              ...(options.templates !== undefined ? { templatesDir: options.templates } : {}),
            },
            { platform: options.platform as string },
          );
          rows = result.parsed ?? [];
        }
        if (options.json) out.json(rows);
        else if (options.ndjson) for (const row of rows) out.json(row, false);
        else out.out(rowsTable(rows, columns));
        exit(EXIT.ok);
      },
    );
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** `patchbay run --parse COMMAND`: the hosts' outputs parsed, a table per host. Returns the exit code. */
export async function runParsed(
  output: Output,
  command: string,
  options: FleetOptions & { templates?: string },
): Promise<number> {
  if ((options as { queue?: unknown }).queue) {
    output.err("patchbay run: --parse does not work with --queue yet; run it without --queue.");
    return EXIT.usage;
  }
  const { failureDetails, runAcrossFleet } = await import("./common.ts");
  const { withDevice } = await import("../tasks.ts");
  const { Commands } = await import("@patchbay/capabilities");
  const { CommandError } = await import("@patchbay/core");
  const parse = {
    parse: true as const,
    ...(options.templates !== undefined ? { templatesDir: options.templates } : {}),
  };
  return runAcrossFleet<ParsedRun>(
    output,
    `run --parse ${command}`,
    options,
    (host, op) =>
      withDevice(host, [Commands], op, async (device) => {
        op.step(`run ${JSON.stringify(command)} and parse it`);
        const [result] = await device.runCommands([command], {
          timeoutMs: op.timeoutMs,
          signal: op.signal,
          ...parse,
        });
        if (!result || result.failed)
          throw new CommandError(
            `the device reported a failure: ${result?.output.trim().split("\n")[0] ?? ""}`,
            {
              deviceId: host.name,
              platform: host.device.platform,
              command,
            },
          );
        return {
          output: result.output,
          ...(result.parsed ? { parsed: result.parsed } : {}),
          ...(result.parseError ? { parseError: result.parseError.message } : {}),
        };
      }),
    {
      summary: (v) => (v.parsed ? `${v.parsed.length} row${v.parsed.length === 1 ? "" : "s"}` : "not parsed"),
      json: (v) => v,
      details: (r: HostResult<ParsedRun>) => {
        if (!r.ok || !r.value) return failureDetails(r);
        if (r.value.parsed) return rowsTable(r.value.parsed);
        return `${r.value.output}\n(not parsed: ${r.value.parseError ?? "no template"})`;
      },
    },
  );
}
