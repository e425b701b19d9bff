import type { Capability, Implements } from "./capability.ts";
import type { BaseConnection } from "./connection.ts";
import type { ConnectorDataValue, ConnectorSettings, SettingSpec } from "./connector-data.ts";
import type { OperationOptions } from "./deadline.ts";
import { type Device, normalizePlatform } from "./device.ts";
import { ConnectionError, deviceLabel, PluginRegistrationError } from "./errors.ts";
import { type Logger, silentLogger } from "./logger.ts";

/** Given to a plugin instance when it is created for a device. */
export interface PluginContext {
  logger: Logger;
  definition: PluginDefinition;
  /**
   * `definition.settings` parsed from `device.data[settings.name]` (defaults merged), as `connect()`
   * validated it before creating the plugin: read it with `ConnectionPlugin.connectorSettings()`
   * instead of parsing again. Undefined when the plugin declares no settings or was created without
   * `connect()`.
   */
  settings?: unknown;
}

export interface InitializeOptions extends OperationOptions {
  /** Open the connection now. With false, build it without connecting. @default true */
  connect?: boolean;
}

/**
 * One plugin instance bound to one device: it creates its connection and implements the
 * capability methods its definition declares.
 */
export abstract class ConnectionPlugin<Raw = unknown> {
  readonly device: Device;
  readonly definition: PluginDefinition;
  protected readonly logger: Logger;
  #connection: BaseConnection<Raw> | undefined;
  readonly #parsedSettings: unknown;

  constructor(device: Device, context: PluginContext) {
    this.device = device;
    this.definition = context.definition;
    this.logger = context.logger ?? silentLogger;
    this.#parsedSettings = context.settings;
  }

  /**
   * The device's connector settings for `settings`: the value `connect()` already parsed when these
   * are the plugin's declared settings (parsed once), else parsed now from `device.data[settings.name]`
   * (a plugin created outside `connect()`, or settings of another connector). Throws
   * `ConnectorDataError` naming the device and every wrong key.
   */
  protected connectorSettings<Shape extends Record<string, SettingSpec>>(
    settings: ConnectorSettings<Shape>,
  ): ConnectorDataValue<Shape> {
    if (this.#parsedSettings !== undefined && (this.definition.settings as unknown) === settings) {
      return this.#parsedSettings as ConnectorDataValue<Shape>;
    }
    return settings.parse(this.device.data[settings.name], {
      deviceId: this.device.id,
      host: this.device.host,
      platform: this.device.platform,
    });
  }

  get name(): string {
    return this.definition.name;
  }
  get platform(): string {
    return this.definition.platform;
  }
  get connectionType(): string {
    return this.definition.connectionType;
  }
  get connectionLibrary(): string {
    return this.definition.connectionLibrary;
  }

  /** Builds (without opening) the connection this plugin talks through. */
  protected abstract createConnection(): BaseConnection<Raw>;

  /** The connection, once created by `initializeConnection`. */
  get connection(): BaseConnection<Raw> | undefined {
    return this.#connection;
  }

  async initializeConnection(options: InitializeOptions = {}): Promise<void> {
    this.#connection ??= this.createConnection();
    if (options.connect ?? true) {
      await this.#connection.connect({ timeoutMs: options.timeoutMs, signal: options.signal });
      await this.onConnected(options);
    }
  }

  /** Runs after the connection opened (paging off, learning the prompt...). */
  protected async onConnected(_options: OperationOptions): Promise<void> {}

  /** Closes the connection. Never throws. */
  async teardownConnection(): Promise<void> {
    await this.#connection?.disconnect();
  }

  /** Never throws. */
  async isConnectionAlive(): Promise<boolean> {
    return (await this.#connection?.isAlive()) ?? false;
  }

  /** The library's own client, for what Patchbay does not wrap. */
  getRawConnection(): Raw {
    const raw = this.#connection?.raw;
    if (raw === undefined) {
      const ctx = { deviceId: this.device.id, host: this.device.host, platform: this.device.platform };
      throw new ConnectionError(
        `${deviceLabel(ctx)}no open connection; call initializeConnection() first.`,
        ctx,
      );
    }
    return raw;
  }
}

/** A registered plugin: what it serves and how to create it. */
export interface PluginDefinition<
  Caps extends readonly Capability<object>[] = readonly Capability<object>[],
> {
  /** Unique, readable name. @default `${platform}/${connectionType}/${connectionLibrary}` */
  readonly name: string;
  /** Platform id, for example `cisco_ios`. */
  readonly platform: string;
  /** `ssh`, `netconf`, `api`, `restconf`, `local`... */
  readonly connectionType: string;
  /** The npm package the connection uses: `ssh2`, `undici`... */
  readonly connectionLibrary: string;
  /** Capabilities this plugin implements (checked by the compiler in `definePlugin`). */
  readonly capabilities: Caps;
  /** The npm package that ships the plugin; `@patchbay/...` makes its origin `sdk`. */
  readonly packageName?: string | undefined;
  readonly description?: string | undefined;
  /**
   * What the plugin refuses or does differently within the capabilities it declares, one sentence
   * each (`ConfigWrite: replace and confirmed commits are refused.`). Shown in support matrices and
   * `patchbay plugins`, so users learn it without connecting.
   */
  readonly limitations?: readonly string[] | undefined;
  /**
   * Per capability id, the methods this plugin answers when it answers only some of them, for example
   * `{ "patchbay.Interfaces": ["getInterfacesIp"] }`. Capabilities not listed answer every method; a
   * capability answered by no method is left out of `capabilities`. The proxy refuses the other
   * methods with `NotImplementedForThisPlatform` (naming device, capability and method) before calling
   * the plugin; `patchbay.plugins` manifests and support matrices list them.
   */
  readonly methods?: Readonly<Record<string, readonly string[]>> | undefined;
  /**
   * Connector settings this plugin reads from `device.data[settings.name]`; validated by
   * `settings.parse()` (every wrong, missing or unknown key at once) and documented by
   * `settings.toMarkdownTable()`.
   */
  readonly settings?: ConnectorSettings | undefined;
  /** Creates the plugin instance for a device. Validate the device here. */
  create(device: Device, context: PluginContext): ConnectionPlugin & Implements<Caps>;
}

export interface PluginDefinitionInput<Caps extends readonly Capability<object>[]> {
  name?: string;
  platform: string;
  connectionType: string;
  connectionLibrary: string;
  capabilities: Caps;
  packageName?: string;
  description?: string;
  /** What the plugin refuses or does differently, one sentence each (see `PluginDefinition`). */
  limitations?: readonly string[];
  /** Per capability id, the methods answered when only some are (see `PluginDefinition.methods`). */
  methods?: Readonly<Record<string, readonly string[]>>;
  /**
   * Connector settings this plugin reads from `device.data[settings.name]`; validated by
   * `settings.parse()` (every wrong, missing or unknown key at once) and documented by
   * `settings.toMarkdownTable()`.
   */
  settings?: ConnectorSettings | undefined;
  create(device: Device, context: PluginContext): ConnectionPlugin & Implements<Caps>;
}

/**
 * Defines a plugin. The compiler checks that `create` returns an object implementing every declared
 * capability. Throws `PluginRegistrationError` listing every missing or wrong field.
 */
export function definePlugin<const Caps extends readonly Capability<object>[]>(
  input: PluginDefinitionInput<Caps>,
): PluginDefinition<Caps> {
  const problems = pluginDefinitionProblems(input);
  if (problems.length > 0) {
    throw new PluginRegistrationError(`invalid plugin definition${nameOf(input)}: ${problems.join("; ")}.`);
  }
  const platform = normalizePlatform(input.platform);
  return Object.freeze({
    ...input,
    name: input.name ?? `${platform}/${input.connectionType}/${input.connectionLibrary}`,
    platform,
    capabilities: Object.freeze([...input.capabilities]) as unknown as Caps,
    ...(input.methods !== undefined
      ? {
          methods: Object.freeze(
            Object.fromEntries(Object.entries(input.methods).map(([k, v]) => [k, Object.freeze([...v])])),
          ),
        }
      : {}),
  });
}

function nameOf(input: unknown): string {
  const n = (input as { name?: unknown } | null)?.name;
  return typeof n === "string" ? ` "${n}"` : "";
}

/** Every problem with a plugin definition (empty when it is valid). */
export function pluginDefinitionProblems(input: unknown): string[] {
  if (typeof input !== "object" || input === null) return ["a plugin must be an object"];
  const p = input as Record<string, unknown>;
  const problems: string[] = [];
  for (const field of ["platform", "connectionType", "connectionLibrary"] as const) {
    if (p[field] === undefined || p[field] === "") problems.push(`missing ${field}`);
    else if (typeof p[field] !== "string") problems.push(`${field} must be a string`);
  }
  if (p.create === undefined) problems.push("missing create (the factory)");
  else if (typeof p.create !== "function") problems.push("create must be a function");
  if (p.capabilities !== undefined && !Array.isArray(p.capabilities))
    problems.push("capabilities must be an array");
  else if (Array.isArray(p.capabilities)) {
    p.capabilities.forEach((c: unknown, i) => {
      const cap = c as { id?: unknown; methods?: unknown } | null;
      if (!cap || typeof cap.id !== "string" || !Array.isArray(cap.methods)) {
        problems.push(`capabilities[${i}] is not a capability token (use defineCapability)`);
      }
    });
  }
  if (p.name !== undefined && typeof p.name !== "string") problems.push("name must be a string");
  if (
    p.limitations !== undefined &&
    !(Array.isArray(p.limitations) && p.limitations.every((l) => typeof l === "string" && l !== ""))
  ) {
    problems.push("limitations must be a list of sentences (non-empty strings)");
  }
  problems.push(...methodsProblems(p.methods, p.capabilities));
  return problems;
}

function methodsProblems(methods: unknown, capabilities: unknown): string[] {
  if (methods === undefined) return [];
  if (typeof methods !== "object" || methods === null || Array.isArray(methods)) {
    return ["methods must be an object: capability id -> the method names the plugin answers"];
  }
  const caps = Array.isArray(capabilities) ? (capabilities as { id?: unknown; methods?: unknown }[]) : [];
  const problems: string[] = [];
  for (const [id, list] of Object.entries(methods)) {
    const cap = caps.find((c) => c?.id === id);
    if (cap === undefined || !Array.isArray(cap.methods)) {
      problems.push(`methods names "${id}", which is not one of the plugin's capabilities`);
      continue;
    }
    if (!Array.isArray(list) || list.length === 0) {
      problems.push(
        `methods["${id}"] must list at least one method (leave out a capability it does not answer)`,
      );
      continue;
    }
    for (const m of list) {
      if (!(cap.methods as unknown[]).includes(m)) {
        problems.push(`methods["${id}"] lists ${JSON.stringify(m)}, which is not a method of ${id}`);
      }
    }
  }
  return problems;
}
