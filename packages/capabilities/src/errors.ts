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

export interface GetterErrorOptions extends PatchbayErrorOptions {
  /** The getter, for example `getRouteTo`. */
  getter: string;
  /** What is wrong, as the end of a sentence. */
  reason: string;
}

/** A getter's argument is invalid (a prefix that is not one, an unknown protocol). Nothing was sent. */
export class InvalidGetterArgumentError extends PatchbayError {
  static override readonly code: string = "INVALID_GETTER_ARGUMENT";
  readonly getter: string;

  constructor(options: GetterErrorOptions) {
    super(`${deviceLabel(options)}${options.getter}(): ${options.reason}. Nothing was sent.`, options);
    this.getter = options.getter;
  }
}

/**
 * The device's answer to a getter could not be read (not the JSON or table the parser expects, or a
 * value out of range). `command` names what was sent; the output is not in the message.
 */
export class GetterOutputError extends PatchbayError {
  static override readonly code: string = "GETTER_OUTPUT";
  readonly getter: string;

  constructor(options: GetterErrorOptions) {
    super(
      `${deviceLabel(options)}${options.getter}(): the output of ${JSON.stringify(options.command ?? "")} cannot be read: ${options.reason}.`,
      options,
    );
    this.getter = options.getter;
  }
}
