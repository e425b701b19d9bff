import { deviceLabel, PatchbayError, type PatchbayErrorOptions } from "@patchbay/core";

export interface InvalidShellOptionErrorOptions extends PatchbayErrorOptions {
  /** The option at fault, for example `env` or `chdir`. */
  option: string;
  /** What is wrong with it, as the end of a sentence. */
  reason: string;
}

/** A shell command's options cannot be turned into a safe command line. Nothing was run. */
export class InvalidShellOptionError extends PatchbayError {
  static override readonly code: string = "INVALID_SHELL_OPTION";
  readonly option: string;

  constructor(options: InvalidShellOptionErrorOptions) {
    super(
      `${deviceLabel(options)}shell option "${options.option}" ${options.reason}. Nothing was run.`,
      options,
    );
    this.option = options.option;
  }
}
