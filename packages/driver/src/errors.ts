import { PatchbayError, type PatchbayErrorOptions } from "@patchbay/core";

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
