import {
  DisconnectedError,
  OperationAbortedError,
  PatchbayError,
  type PatchbayErrorOptions,
  TimeoutError,
} from "@patchbay/core";
import type { MultiResponse } from "./response.ts";

export interface PlatformDefinitionErrorOptions extends PatchbayErrorOptions {
  /** The platform whose definition is wrong. */
  platform: string;
  /** The field that is wrong, as a dotted path (`privilegeLevels.configuration.pattern`). */
  field: string;
  /** What is wrong with it. */
  reason: string;
}

/** A platform definition (built in or registered by a user) failed validation. */
export class PlatformDefinitionError extends PatchbayError {
  static override readonly code: string = "PLATFORM_DEFINITION";
  readonly field: string;
  readonly reason: string;

  constructor(options: PlatformDefinitionErrorOptions) {
    super(
      `platform definition "${options.platform}": field "${options.field}" ${options.reason}. Fix the definition before registering it.`,
      options,
    );
    this.field = options.field;
    this.reason = options.reason;
  }
}

/** A privilege level could not be reached (unknown level, no path, or the device did not follow). */
export class PrivilegeLevelError extends PatchbayError {
  static override readonly code: string = "PRIVILEGE_LEVEL";
}

/** The caller aborted a channel operation; carries the output received until then. */
export class ChannelAbortedError extends OperationAbortedError {}

export interface ConfigExitErrorOptions extends PatchbayErrorOptions {
  /** The responses of the configuration lines, all sent before the failure. */
  responses: MultiResponse;
  /** Output received by the failing step. */
  partialOutput?: string;
}

/**
 * The configuration lines were sent, but finishing (commit, `end`, the way back to the default
 * privilege level) failed. The lines' responses are kept: they may be applied.
 */
export class ConfigExitError extends PatchbayError {
  static override readonly code: string = "CONFIG_EXIT";
  readonly responses: MultiResponse;
  readonly partialOutput: string | undefined;

  constructor(message: string, options: ConfigExitErrorOptions) {
    super(message, options);
    this.responses = options.responses;
    this.partialOutput = options.partialOutput;
  }
}

/**
 * A copy of `error` whose partial output starts with `before` (output of earlier steps of the same
 * call), for errors that carry partial output (timeouts, disconnects, aborts). Others are returned as
 * they are.
 */
export function withEarlierOutput(error: unknown, before: string): unknown {
  if (!(error instanceof Error) || before === "") return error;
  const code = (error as { code?: unknown }).code;
  const partial = (error as { partialOutput?: unknown }).partialOutput;
  const partialOutput = before + (typeof partial === "string" ? partial : "");
  const base = error instanceof PatchbayError ? { ...error.context, cause: error.cause } : { cause: error };
  if (code === "TIMEOUT") {
    const t = error as TimeoutError;
    return new TimeoutError(error.message, {
      ...base,
      timeoutMs: t.timeoutMs,
      phase: t.phase,
      partialOutput,
    });
  }
  if (code === "DISCONNECTED") return new DisconnectedError(error.message, { ...base, partialOutput });
  if (code === "ABORTED") return new ChannelAbortedError(error.message, { ...base, partialOutput });
  return error;
}
