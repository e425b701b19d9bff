import { type Capability, defineCapability, type OperationOptions } from "@patchbay/core";

/** Options of {@link Commands.runCommands}. */
export interface RunCommandsOptions extends OperationOptions {
  /** Stop at the first failed command; the rest are not sent and not in the results. @default false */
  stopOnFailed?: boolean;
  /**
   * Extra texts that mark a command's output as failed, added to the platform's own list
   * (`% Invalid input`, `syntax error`...).
   */
  failedWhenContains?: readonly string[];
  /**
   * Parse each output with the TextFSM template that the template index gives for the device's
   * platform and the command, into `result.parsed` (objects with lower-case keys). `true`: a
   * missing template leaves `parseError` on the result; `"required"`: it throws. Needs the optional
   * package @patchbay/textfsm. @default false
   */
  parse?: boolean | "required";
  /**
   * Template directory (with an ntc-templates style `index`) searched first, before
   * PATCHBAY_TEMPLATES, NET_TEXTFSM and the templates platform packages ship.
   */
  templatesDir?: string;
}

/** The outcome of one command. A failed command is a result, not an exception. */
export interface CommandResult {
  command: string;
  /** The output without the echoed command and the trailing prompt. */
  output: string;
  failed: boolean;
  /** Why it counts as failed: the text that matched, or the exit status. */
  failureReason?: string;
  startedAt: Date;
  elapsedMs: number;
  /** Rows parsed with the matching TextFSM template (with `parse`), keys lower-case. */
  parsed?: Record<string, string | string[]>[];
  /** Why `parsed` is missing although `parse` was asked for (e.g. TemplateNotFoundError). */
  parseError?: Error;
}

/** Show commands (or any operational command) on the device's command line. */
export interface Commands {
  runCommands(commands: readonly string[], options?: RunCommandsOptions): Promise<CommandResult[]>;
}

/** The `patchbay.Commands` capability token. */
export const Commands: Capability<Commands> = defineCapability<Commands>()("patchbay.Commands", [
  "runCommands",
]);
