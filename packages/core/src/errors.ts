/**
 * The error hierarchy of Patchbay. Every error has a string `code` and context fields.
 *
 * Identity survives two copies of core in one process: each error carries, under a `Symbol.for`
 * key, the codes of its class and all its ancestors, and `instanceof` checks that list instead of
 * the prototype chain. So `err instanceof PluginNotFoundError` is true even when `err` was thrown by
 * another copy of `@patchbay/core`. `isPatchbayError(err, code?)` does the same without a class.
 */

const KINDS: unique symbol = Symbol.for("@patchbay/core/error-kinds") as never;

/** Context every Patchbay error may carry. */
export interface ErrorContext {
  /** The device the operation was for. */
  deviceId?: string;
  /** The host (name or address) that was contacted. */
  host?: string;
  /** The device's platform id, for example `cisco_ios`. */
  platform?: string;
  /** The command or operation being run. */
  command?: string;
}

/** Options of every Patchbay error constructor. */
export interface PatchbayErrorOptions extends ErrorContext {
  /** The underlying error. */
  cause?: unknown;
}

export class PatchbayError extends Error {
  static readonly code: string = "PATCHBAY_ERROR";
  /** A stable machine-readable code, for example `PLUGIN_NOT_FOUND`. */
  readonly code: string;
  readonly deviceId: string | undefined;
  readonly host: string | undefined;
  readonly platform: string | undefined;
  readonly command: string | undefined;

  constructor(message: string, options: PatchbayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const ctor = new.target as unknown as { code: string; name: string };
    this.name = ctor.name;
    this.code = ctor.code;
    this.deviceId = options.deviceId;
    this.host = options.host;
    this.platform = options.platform;
    this.command = options.command;
    const kinds: string[] = [];
    for (let c: unknown = new.target; typeof c === "function" && c !== Error; c = Object.getPrototypeOf(c)) {
      const code = (c as { code?: unknown }).code;
      if (typeof code === "string") kinds.push(code);
    }
    Object.defineProperty(this, KINDS, { value: Object.freeze(kinds), enumerable: false });
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass being tested against, on purpose.
    return isPatchbayError(value, (this as unknown as { code: string }).code);
  }

  /** The context fields as a plain object, without undefined values. */
  get context(): ErrorContext {
    const out: ErrorContext = {};
    if (this.deviceId !== undefined) out.deviceId = this.deviceId;
    if (this.host !== undefined) out.host = this.host;
    if (this.platform !== undefined) out.platform = this.platform;
    if (this.command !== undefined) out.command = this.command;
    return out;
  }
}

/**
 * True when `value` is a Patchbay error (from any copy of core); with `code`, only when it is of that
 * kind or a subclass of it (for example `isPatchbayError(e, "CONNECTION_ERROR")` matches timeouts too).
 */
export function isPatchbayError(value: unknown, code?: string): value is PatchbayError {
  if (typeof value !== "object" || value === null) return false;
  const kinds = (value as { [KINDS]?: unknown })[KINDS];
  if (!Array.isArray(kinds)) return false;
  return code === undefined || kinds.includes(code);
}

/** Prefix for messages: `device "r1" (10.0.0.1): `. */
export function deviceLabel(ctx: ErrorContext): string {
  if (ctx.deviceId === undefined && ctx.host === undefined) return "";
  const id = ctx.deviceId ?? ctx.host;
  const host = ctx.host !== undefined && ctx.host !== id ? ` (${ctx.host})` : "";
  return `device "${id}"${host}: `;
}

// ---------------------------------------------------------------- validation and configuration

/** One field that is present but wrong. */
export interface InvalidField {
  field: string;
  reason: string;
}

export interface ConnectionValidationErrorOptions extends PatchbayErrorOptions {
  missingFields?: readonly string[];
  invalidFields?: readonly InvalidField[];
}

/** Device input is missing fields or has wrong ones. Lists every problem, not only the first. */
export class ConnectionValidationError extends PatchbayError {
  static override readonly code: string = "CONNECTION_VALIDATION";
  readonly missingFields: readonly string[];
  readonly invalidFields: readonly InvalidField[];

  constructor(options: ConnectionValidationErrorOptions) {
    const missing = options.missingFields ?? [];
    const invalid = options.invalidFields ?? [];
    const parts: string[] = [];
    if (missing.length > 0) parts.push(`missing required field(s): ${missing.join(", ")}`);
    for (const f of invalid) parts.push(`field "${f.field}" ${f.reason}`);
    super(`${deviceLabel(options)}invalid device: ${parts.join("; ")}. Fix the device definition.`, options);
    this.missingFields = Object.freeze([...missing]);
    this.invalidFields = Object.freeze([...invalid]);
  }
}

/** One wrong, missing or unknown key of connector data. */
export interface ConnectorDataIssue {
  /** Dotted path of the key, for example `ssh.keepaliveMs`. */
  key: string;
  /** What is wrong with it. */
  message: string;
  /** For unknown keys: the closest known key. */
  suggestion?: string;
}

export interface ConnectorDataErrorOptions extends PatchbayErrorOptions {
  /** The settings' name, for example `ssh`. */
  settings: string;
  issues: readonly ConnectorDataIssue[];
}

/** A host's connector data does not match the connector's declared settings. */
export class ConnectorDataError extends PatchbayError {
  static override readonly code: string = "CONNECTOR_DATA";
  readonly settings: string;
  readonly issues: readonly ConnectorDataIssue[];

  constructor(options: ConnectorDataErrorOptions) {
    const lines = options.issues.map(
      (i) => `  - ${i.key}: ${i.message}${i.suggestion ? ` (did you mean "${i.suggestion}"?)` : ""}`,
    );
    super(
      `${deviceLabel(options)}${options.issues.length} problem(s) in "${options.settings}" connector data:\n${lines.join("\n")}`,
      options,
    );
    this.settings = options.settings;
    this.issues = Object.freeze([...options.issues]);
  }
}

// ---------------------------------------------------------------- plugins

/** A plugin could not be registered (invalid definition, or two defaults of the same origin). */
export class PluginRegistrationError extends PatchbayError {
  static override readonly code: string = "PLUGIN_REGISTRATION";
}

export interface PluginNotFoundErrorOptions extends PatchbayErrorOptions {
  platform: string;
  connectionType?: string | undefined;
  connectionLibrary?: string | undefined;
  /** Package names discovery looked for. */
  packagesTried?: readonly string[];
}

/** No registered or installed plugin serves the platform (and type and library, if given). */
export class PluginNotFoundError extends PatchbayError {
  static override readonly code: string = "PLUGIN_NOT_FOUND";
  readonly connectionType: string | undefined;
  readonly connectionLibrary: string | undefined;
  readonly packagesTried: readonly string[];

  constructor(options: PluginNotFoundErrorOptions) {
    const wanted = [
      `platform "${options.platform}"`,
      options.connectionType !== undefined ? `connection type "${options.connectionType}"` : undefined,
      options.connectionLibrary !== undefined ? `library "${options.connectionLibrary}"` : undefined,
    ].filter(Boolean);
    const tried = options.packagesTried ?? [];
    const hint =
      tried.length > 0
        ? ` Looked for the packages ${tried.join(", ")}; install one (for example \`npm install ${tried[0]}\`) or register a plugin with registerConnectionPlugin().`
        : " Register a plugin with registerConnectionPlugin().";
    super(`${deviceLabel(options)}no connection plugin for ${wanted.join(", ")}.${hint}`, options);
    this.connectionType = options.connectionType;
    this.connectionLibrary = options.connectionLibrary;
    this.packagesTried = Object.freeze([...tried]);
  }
}

/** A candidate in an ambiguous resolution. */
export interface PluginCandidate {
  name: string;
  connectionType: string;
  connectionLibrary: string;
  capabilities: readonly string[];
}

export interface AmbiguousPluginErrorOptions extends PatchbayErrorOptions {
  platform: string;
  candidates: readonly PluginCandidate[];
  /** Why no single plugin was chosen. */
  reason: string;
  /** The registered default among the candidates, named in the message as the way out. */
  defaultPlugin?: string | undefined;
}

/** Several plugins fit and nothing decides between them. */
export class AmbiguousPluginError extends PatchbayError {
  static override readonly code: string = "AMBIGUOUS_PLUGIN";
  readonly candidates: readonly PluginCandidate[];

  constructor(options: AmbiguousPluginErrorOptions) {
    const list = options.candidates
      .map(
        (c) =>
          `  - ${c.name} (type "${c.connectionType}", library "${c.connectionLibrary}"; capabilities: ${c.capabilities.join(", ") || "none"})`,
      )
      .join("\n");
    const types = [...new Set(options.candidates.map((c) => c.connectionType))];
    const choose =
      types.length > 1
        ? `Pass connectionType (${types.map((t) => `"${t}"`).join(" or ")}) or connectionLibrary to choose one`
        : "Pass connectionLibrary to choose one";
    const fallback =
      options.defaultPlugin !== undefined
        ? `, or fallbackToDefault: true to take the default "${options.defaultPlugin}".`
        : ", or register a default with registerConnectionPlugin(plugin, { defaultForPlatform: true }) and pass fallbackToDefault: true.";
    super(
      `${deviceLabel(options)}${options.candidates.length} plugins fit platform "${options.platform}": ${options.reason}.\n${list}\n${choose}${fallback}`,
      options,
    );
    this.candidates = Object.freeze([...options.candidates]);
  }
}

export interface PluginLoadErrorOptions extends PatchbayErrorOptions {
  packageName: string;
  /** Where the package was found on disk. */
  path?: string | undefined;
}

/** An installed plugin package could not be loaded, or declares an incompatible api version. */
export class PluginLoadError extends PatchbayError {
  static override readonly code: string = "PLUGIN_LOAD";
  readonly packageName: string;
  readonly path: string | undefined;

  constructor(message: string, options: PluginLoadErrorOptions) {
    super(message, options);
    this.packageName = options.packageName;
    this.path = options.path;
  }
}

export interface NotImplementedContext extends PatchbayErrorOptions {
  proxy: string;
  method: string;
  capability: string;
  plugin: string;
  /**
   * The plugin's definition declares the method unsupported (`PluginDefinition.methods`), rather than
   * lacking an implementation. The message then names the device, capability and method.
   */
  declared?: boolean;
}

/** The chosen plugin lacks a capability method and the consumer gave no override for it. */
export class NotImplementedForThisPlatform extends PatchbayError {
  static override readonly code: string = "NOT_IMPLEMENTED_FOR_PLATFORM";
  readonly proxy: string;
  readonly method: string;
  readonly capability: string;
  readonly plugin: string;

  constructor(options: NotImplementedContext) {
    super(
      options.declared === true
        ? `${deviceLabel(options)}${options.capability}.${options.method}() is not supported by plugin "${options.plugin}" (platform ${options.platform ?? "unknown"}); nothing was sent. Its support matrix lists what it answers.`
        : `Method '${options.method}()' is not implemented for this platform.`,
      options,
    );
    this.proxy = options.proxy;
    this.method = options.method;
    this.capability = options.capability;
    this.plugin = options.plugin;
  }
}

/** The operation is not supported by this platform or peer (for example rsync without rsync). */
export class UnsupportedOperationError extends PatchbayError {
  static override readonly code: string = "UNSUPPORTED_OPERATION";
}

// ---------------------------------------------------------------- connections

/** Creating a connection failed: the library is missing or the client could not be built. */
export class ConnectionCreationError extends PatchbayError {
  static override readonly code: string = "CONNECTION_CREATION";
}

/** Base of every failure while talking to a device. */
export class ConnectionError extends PatchbayError {
  static override readonly code: string = "CONNECTION_ERROR";
}

/** The host could not be reached (refused, no route, name not found). */
export class UnreachableError extends ConnectionError {
  static override readonly code: string = "UNREACHABLE";
}

/** The device rejected the credentials. The message never contains them. */
export class AuthenticationError extends ConnectionError {
  static override readonly code: string = "AUTHENTICATION_FAILED";
}

export interface HostKeyMismatchErrorOptions extends PatchbayErrorOptions {
  /** Fingerprint the server presented, `SHA256:...`. */
  presented?: string;
  /** Fingerprint on record, if any. */
  expected?: string | undefined;
  /** The known_hosts file consulted. */
  knownHostsPath?: string | undefined;
}

/** The server's host key does not match the known one (or is unknown under a strict policy). */
export class HostKeyMismatchError extends ConnectionError {
  static override readonly code: string = "HOST_KEY_MISMATCH";
  readonly presented: string | undefined;
  readonly expected: string | undefined;
  readonly knownHostsPath: string | undefined;

  constructor(message: string, options: HostKeyMismatchErrorOptions = {}) {
    super(message, options);
    this.presented = options.presented;
    this.expected = options.expected;
    this.knownHostsPath = options.knownHostsPath;
  }
}

export interface TimeoutErrorOptions extends PatchbayErrorOptions {
  /** The limit that ran out, in milliseconds. */
  timeoutMs?: number;
  /** Which phase timed out: `connect`, `auth`, `operation`, `read`... */
  phase?: string;
  /** Output received before the limit ran out. */
  partialOutput?: string;
}

/** An operation did not finish within its time limit. */
export class TimeoutError extends ConnectionError {
  static override readonly code: string = "TIMEOUT";
  readonly timeoutMs: number | undefined;
  readonly phase: string | undefined;
  readonly partialOutput: string | undefined;

  constructor(message: string, options: TimeoutErrorOptions = {}) {
    super(message, options);
    this.timeoutMs = options.timeoutMs;
    this.phase = options.phase;
    this.partialOutput = options.partialOutput;
  }
}

/** The connection closed while an operation was under way. */
export class DisconnectedError extends ConnectionError {
  static override readonly code: string = "DISCONNECTED";
  readonly partialOutput: string | undefined;

  constructor(message: string, options: PatchbayErrorOptions & { partialOutput?: string } = {}) {
    super(message, options);
    this.partialOutput = options.partialOutput;
  }
}

/** The caller aborted the operation through its `AbortSignal`. */
export class OperationAbortedError extends ConnectionError {
  static override readonly code: string = "ABORTED";
  /** Output received before the abort, when the operation had started receiving. */
  readonly partialOutput: string | undefined;

  constructor(message: string, options: PatchbayErrorOptions & { partialOutput?: string } = {}) {
    super(message, options);
    this.partialOutput = options.partialOutput;
  }
}

/** A device answered a command or RPC with an error. */
export class CommandError extends PatchbayError {
  static override readonly code: string = "COMMAND_FAILED";
}
