// Errors of @patchbay/textfsm. The package stands alone (no @patchbay/core), so it carries its own
// small base class; callers check `code` (or `isTextFsmError`), which survives two copies of the
// package in one process where `instanceof` does not.

const BRAND: unique symbol = Symbol.for("@patchbay/textfsm/error");

/** Base class of every error this package throws. */
export class TextFsmError extends Error {
  /** Stable machine-readable code. */
  readonly code: string;
  /** Template name (`compileTemplate`'s `name` option or the file name), when known. */
  readonly template: string | undefined;

  constructor(code: string, message: string, template?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TextFsmError";
    this.code = code;
    this.template = template;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** True for errors thrown by any copy of this package. */
export function isTextFsmError(error: unknown): error is TextFsmError {
  return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[BRAND] === true;
}

/**
 * The template is invalid: thrown by `compileTemplate` wherever Python TextFSM refuses the template,
 * and where a Python regular expression construct has no faithful JavaScript translation.
 */
export class TemplateSyntaxError extends TextFsmError {
  /** 1-based line of the template (or index file) that is wrong; 0 when it is the whole file. */
  readonly line: number;
  /** What is wrong, without the location prefix. */
  readonly reason: string;
  /**
   * True when Python TextFSM accepts the template but a regex construct in it has no faithful
   * JavaScript translation (so Patchbay refuses rather than parse differently).
   */
  readonly unsupported: boolean;

  constructor(
    template: string,
    line: number,
    reason: string,
    options?: { cause?: unknown; unsupported?: boolean },
  ) {
    super("TEMPLATE_SYNTAX", `${template}${line > 0 ? `:${line}` : ""}: ${reason}`, template, options);
    this.name = "TemplateSyntaxError";
    this.line = line;
    this.reason = reason;
    this.unsupported = options?.unsupported ?? false;
  }
}

/** Fields that say where in a parse something happened. */
export interface ParsePosition {
  /** The FSM state that was running. */
  state: string;
  /** 1-based template line of the rule. */
  ruleLine: number;
  /** The rule as written in the template. */
  rule: string;
  /** 1-based line number of the input line. */
  inputLine: number;
  /** The input line itself. */
  line: string;
}

/**
 * Parsing stopped: an `Error` action fired (`reason: "error-action"`, with the template's message if
 * it has one) or the parse ran over its `timeLimitMs` (`reason: "time-limit"`, naming the rule that
 * was running).
 */
export class TemplateParseError extends TextFsmError implements ParsePosition {
  readonly reason: "error-action" | "time-limit";
  readonly state: string;
  readonly ruleLine: number;
  readonly rule: string;
  readonly inputLine: number;
  readonly line: string;
  /** The message of `-> Error "message"`, quotes included as Python keeps them; undefined without one. */
  readonly errorMessage: string | undefined;

  constructor(
    template: string,
    reason: "error-action" | "time-limit",
    position: ParsePosition,
    detail: string,
    errorMessage?: string,
  ) {
    super(
      reason === "time-limit" ? "TEMPLATE_TIME_LIMIT" : "TEMPLATE_ERROR_ACTION",
      `${template}: ${detail} (state ${position.state}, rule at template line ${position.ruleLine}: ` +
        `${position.rule}; input line ${position.inputLine}: ${JSON.stringify(position.line)})`,
      template,
    );
    this.name = "TemplateParseError";
    this.reason = reason;
    this.state = position.state;
    this.ruleLine = position.ruleLine;
    this.rule = position.rule;
    this.inputLine = position.inputLine;
    this.line = position.line;
    this.errorMessage = errorMessage;
  }
}

/** No index row matches the platform and command (or no index/template directory was found). */
export class TemplateNotFoundError extends TextFsmError {
  readonly platform: string | undefined;
  readonly command: string;
  /** The template directories that were searched, in order. */
  readonly searched: string[];

  constructor(platform: string | undefined, command: string, searched: string[], detail?: string) {
    const where = searched.length > 0 ? searched.join(", ") : "no template directory";
    super(
      "TEMPLATE_NOT_FOUND",
      `No TextFSM template for platform ${JSON.stringify(platform ?? "")} and command ` +
        `${JSON.stringify(command)} (searched: ${where})${detail ? `: ${detail}` : ""}. Add a row to ` +
        "the index of a template directory, or pass templatesDir / set PATCHBAY_TEMPLATES.",
    );
    this.name = "TemplateNotFoundError";
    this.platform = platform;
    this.command = command;
    this.searched = searched;
  }
}
