#!/usr/bin/env node
// The `patchbay` command. Modules a command needs are imported when it runs, so `--version` and
// `--help` load only commander.
import type { Output } from "./output.ts";

const VERSION = "0.1.0";
// `patchbay --version` answers before loading anything.
if (process.argv.length === 3 && (process.argv[2] === "--version" || process.argv[2] === "-V")) {
  process.stdout.write(`${VERSION}\n`);
  process.exit(0);
}

const { Command, CommanderError } = await import("commander");
const { registerFleetCommands } = await import("./commands/fleet-commands.ts");
const { registerInfoCommands } = await import("./commands/info-commands.ts");
const { registerParseCommand } = await import("./commands/parse-command.ts");
const { registerQueueCommands } = await import("./commands/queue-commands.ts");
const { registerSimCommands } = await import("./commands/sim-commands.ts");

// A closed pipe (`patchbay plugins | head -3`) ends the command quietly, not with an EPIPE trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const program = new Command("patchbay")
  .description(
    "Network automation across a fleet: run, facts, backup, config, shell, files; a simulator and a demo.",
  )
  .version(VERSION)
  .option("--debug", "print stack traces")
  .option(
    "-v, --verbose",
    "log on stderr: -v info, -vv debug, -vvv trace (secrets masked)",
    (_v, n: number) => n + 1,
    0,
  )
  .option("--no-color", "no colours (also NO_COLOR=1, and whenever output is not a terminal)")
  .showHelpAfterError("(run patchbay --help for usage)")
  .exitOverride();

let output: Output | undefined;
let outputModule: typeof import("./output.ts") | undefined;
const currentOutput = (): Output => {
  if (output) return output;
  const opts = program.opts<{ debug?: boolean; color?: boolean }>();
  output = outputModule!.createOutput({ debug: opts.debug, color: opts.color });
  return output;
};
let code = 0;
const exit = (value: number): void => {
  code = value;
};

// Commands load their modules in their action; the output module is loaded before any action runs.
program.hook("preAction", async () => {
  outputModule ??= await import("./output.ts");
  const opts = program.opts<{ verbose?: number }>();
  if ((opts.verbose ?? 0) > 0) (await import("./log.ts")).setVerbosity(currentOutput(), opts.verbose ?? 0);
});

registerFleetCommands(program, currentOutput, exit);
registerInfoCommands(program, currentOutput, exit);
registerParseCommand(program, currentOutput, exit);
(await import("./commands/show-command.ts")).registerShowCommand(program, currentOutput, exit);
registerSimCommands(program, currentOutput, exit);
registerQueueCommands(program, currentOutput, exit);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version exit 0; usage errors were printed by commander.
    code = error.exitCode === 0 ? 0 : 1;
  } else {
    const debug = process.argv.includes("--debug");
    const { describeError } = await import("./output.ts");
    const text = output ? output.redact(describeError(error, debug)) : describeError(error, debug);
    process.stderr.write(`patchbay: ${text}\n`);
    code = 1;
  }
}
process.exitCode = code;
