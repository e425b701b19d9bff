#!/usr/bin/env node
// The `patchbay` command.
import { Command, CommanderError } from "commander";
import { registerFleetCommands } from "./commands/fleet-commands.ts";
import { registerInfoCommands } from "./commands/info-commands.ts";
import { registerSimCommands } from "./commands/sim-commands.ts";
import { createOutput, describeError, type Output } from "./output.ts";

const program = new Command("patchbay")
  .description(
    "Network automation across a fleet: run, facts, backup, config, shell, files; a simulator and a demo.",
  )
  .version("0.1.0")
  .option("--debug", "print stack traces")
  .option("--no-color", "no colours (also NO_COLOR=1, and whenever output is not a terminal)")
  .showHelpAfterError("(run patchbay --help for usage)")
  .exitOverride();

let output: Output | undefined;
const currentOutput = (): Output => {
  const opts = program.opts<{ debug?: boolean; color?: boolean }>();
  output ??= createOutput({ debug: opts.debug, color: opts.color });
  return output;
};
let code = 0;
const exit = (value: number): void => {
  code = value;
};

registerFleetCommands(program, currentOutput, exit);
registerInfoCommands(program, currentOutput, exit);
registerSimCommands(program, currentOutput, exit);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version exit 0; usage errors were printed by commander.
    code = error.exitCode === 0 ? 0 : 1;
  } else {
    const debug = process.argv.includes("--debug");
    process.stderr.write(`patchbay: ${describeError(error, debug)}\n`);
    code = 1;
  }
}
process.exitCode = code;
