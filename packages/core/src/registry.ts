import { normalizePlatform } from "./device.ts";
import { PluginRegistrationError } from "./errors.ts";
import { type Logger, silentLogger } from "./logger.ts";
import { type PluginDefinition, pluginDefinitionProblems } from "./plugin.ts";

/** `sdk`: shipped under `@patchbay/`; `user`: everything else (the application, third-party packages). */
export type PluginOrigin = "sdk" | "user";

export interface RegisterOptions {
  /** Make this plugin the default for its platform. */
  defaultForPlatform?: boolean;
  /** Make this plugin the default for its (platform, connectionType). */
  defaultForConnectionType?: boolean;
  /** @default "sdk" when the plugin's packageName starts with `@patchbay/`, else "user" */
  origin?: PluginOrigin;
  /** Where precedence decisions are logged. @default silentLogger */
  logger?: Logger;
}

/** What a plugin package exports (as `plugins`) for discovery: each plugin with its default flags. */
export interface PluginRegistration {
  plugin: PluginDefinition;
  defaultForPlatform?: boolean;
  defaultForConnectionType?: boolean;
}

/** A plugin as the registry holds it. */
export interface RegisteredPlugin {
  readonly definition: PluginDefinition;
  readonly origin: PluginOrigin;
  /** Registration order, for stable listings. */
  readonly order: number;
  /** Ids of the declared capabilities, computed once for resolution. */
  readonly capabilityIds: ReadonlySet<string>;
  /** Copies of the definition's fields that resolution filters on (a flat, monomorphic object is fast). */
  readonly name: string;
  readonly connectionType: string;
  readonly connectionLibrary: string;
}

interface DefaultEntry {
  plugin: RegisteredPlugin;
  origin: PluginOrigin;
}

interface RegistryState {
  byPlatform: Map<string, RegisteredPlugin[]>;
  known: Map<PluginDefinition, RegisteredPlugin>;
  /** Key: platform. */
  platformDefaults: Map<string, DefaultEntry>;
  /** Key: `${platform}\u0000${connectionType}`. */
  typeDefaults: Map<string, DefaultEntry>;
  order: number;
}

// Shared by every copy of core in the process: plugins registered through one copy are found by another.
const STATE: unique symbol = Symbol.for("@patchbay/core/registry") as never;

function newState(): RegistryState {
  return {
    byPlatform: new Map(),
    known: new Map(),
    platformDefaults: new Map(),
    typeDefaults: new Map(),
    order: 0,
  };
}

function state(): RegistryState {
  const g = globalThis as { [STATE]?: RegistryState };
  g[STATE] ??= newState();
  return g[STATE];
}

const typeKey = (platform: string, connectionType: string): string => `${platform}\u0000${connectionType}`;

/** The origin a plugin gets when none is given: `sdk` for `@patchbay/` packages. */
export function originOf(plugin: Pick<PluginDefinition, "packageName">): PluginOrigin {
  return plugin.packageName?.startsWith("@patchbay/") ? "sdk" : "user";
}

/**
 * Registers a plugin, optionally as a default for its platform and/or its (platform, connectionType).
 *
 * Default precedence per scope: a `user` default replaces an `sdk` default (logged at info); an `sdk`
 * default never replaces a `user` default (skipped, logged at info); two defaults of the same origin
 * for one scope are a `PluginRegistrationError`. Registering the same definition again is a no-op
 * apart from the defaults it asks for; so is a definition with the same name and package as a
 * registered one (a second copy of the same plugin package). A different plugin for a (platform,
 * connection type, library) that is already served is refused with `PluginRegistrationError`: two
 * would make every fully specified resolution ambiguous. An invalid definition is a
 * `PluginRegistrationError` too. A registration that fails leaves the registry unchanged.
 */
export function registerConnectionPlugin(
  plugin: PluginDefinition,
  options: RegisterOptions = {},
): RegisteredPlugin {
  const problems = pluginDefinitionProblems(plugin);
  if (problems.length > 0) {
    const name = typeof (plugin as { name?: unknown })?.name === "string" ? ` "${plugin.name}"` : "";
    throw new PluginRegistrationError(`cannot register plugin${name}: ${problems.join("; ")}.`);
  }
  const s = state();
  const logger = options.logger ?? silentLogger;
  const origin = options.origin ?? originOf(plugin);
  const platform = normalizePlatform(plugin.platform);
  const name = plugin.name ?? `${platform}/${plugin.connectionType}/${plugin.connectionLibrary}`;

  // Check everything before changing anything, so a failed registration leaves the registry as it was.
  const known = s.known.get(plugin) ?? sameSlot(s, platform, plugin, name);
  const platformDecision = options.defaultForPlatform
    ? decide(s.platformDefaults.get(platform), origin, name, `platform "${platform}"`, known)
    : "none";
  const tKey = typeKey(platform, plugin.connectionType);
  const typeDecision = options.defaultForConnectionType
    ? decide(
        s.typeDefaults.get(tKey),
        origin,
        name,
        `platform "${platform}", type "${plugin.connectionType}"`,
        known,
      )
    : "none";

  let entry = known;
  if (!entry) {
    // Plain objects (not from definePlugin) get the same normalised name and platform.
    const definition =
      plugin.name === name && plugin.platform === platform
        ? plugin
        : Object.freeze({ ...plugin, name, platform });
    const capabilityIds = new Set((definition.capabilities ?? []).map((c) => c.id));
    // Not frozen: a frozen object can leave V8's fast property mode, and resolution reads these in a loop.
    entry = {
      definition,
      origin,
      order: s.order++,
      capabilityIds,
      name,
      connectionType: definition.connectionType,
      connectionLibrary: definition.connectionLibrary,
    };
    s.known.set(plugin, entry);
    const list = s.byPlatform.get(platform);
    if (list) list.push(entry);
    else s.byPlatform.set(platform, [entry]);
  }
  apply(s.platformDefaults, platform, platformDecision, entry, origin, logger, `platform "${platform}"`);
  apply(s.typeDefaults, tKey, typeDecision, entry, origin, logger, `(${platform}, ${plugin.connectionType})`);
  return entry;
}

/**
 * The registered plugin serving the same (platform, type, library), when it is this plugin from another
 * copy of its package (same name and package); throws when it is a different plugin.
 */
function sameSlot(
  s: RegistryState,
  platform: string,
  plugin: PluginDefinition,
  name: string,
): RegisteredPlugin | undefined {
  const taken = s.byPlatform
    .get(platform)
    ?.find(
      (p) => p.connectionType === plugin.connectionType && p.connectionLibrary === plugin.connectionLibrary,
    );
  if (taken === undefined) return undefined;
  if (taken.name === name && taken.definition.packageName === plugin.packageName) return taken;
  throw new PluginRegistrationError(
    `cannot register plugin "${name}": "${taken.name}" already serves platform "${platform}", type "${plugin.connectionType}", library "${plugin.connectionLibrary}"; ` +
      "two plugins there would make every resolution naming them ambiguous. Register only one, or give this plugin its own connectionLibrary.",
  );
}

type Decision = "none" | "set" | "replace" | "skip" | "same";

function decide(
  existing: DefaultEntry | undefined,
  origin: PluginOrigin,
  name: string,
  scope: string,
  known: RegisteredPlugin | undefined,
): Decision {
  if (!existing) return "set";
  if (existing.plugin === known) return "same";
  if (existing.origin === origin) {
    throw new PluginRegistrationError(
      `two ${origin} defaults for ${scope}: "${existing.plugin.definition.name}" is already the default, "${name}" cannot also be. ` +
        "Register only one as default, or choose per call with connectionLibrary.",
    );
  }
  return origin === "user" ? "replace" : "skip";
}

function apply(
  map: Map<string, DefaultEntry>,
  key: string,
  decision: Decision,
  entry: RegisteredPlugin,
  origin: PluginOrigin,
  logger: Logger,
  scope: string,
): void {
  const existing = map.get(key);
  if (decision === "set") map.set(key, { plugin: entry, origin });
  else if (decision === "replace") {
    logger.info(
      { scope, replaced: existing?.plugin.definition.name, by: entry.definition.name },
      `user default "${entry.definition.name}" replaces SDK default "${existing?.plugin.definition.name}" for ${scope}`,
    );
    map.set(key, { plugin: entry, origin });
  } else if (decision === "skip") {
    logger.info(
      { scope, kept: existing?.plugin.definition.name, skipped: entry.definition.name },
      `SDK default "${entry.definition.name}" skipped for ${scope}: user default "${existing?.plugin.definition.name}" is kept`,
    );
  }
}

/** Plugins registered for a platform, in registration order. */
export function pluginsForPlatform(platform: string): readonly RegisteredPlugin[] {
  return state().byPlatform.get(normalizePlatform(platform)) ?? [];
}

/** Every registered plugin, in registration order. */
export function listRegisteredPlugins(): RegisteredPlugin[] {
  return [...state().known.values()].sort((a, b) => a.order - b.order);
}

/** The default for a platform, or for (platform, connectionType) when a type is given. */
export function getDefaultPlugin(platform: string, connectionType?: string): RegisteredPlugin | undefined {
  const p = normalizePlatform(platform);
  const s = state();
  return connectionType === undefined
    ? s.platformDefaults.get(p)?.plugin
    : s.typeDefaults.get(typeKey(p, connectionType))?.plugin;
}

/** Whether any plugin is registered for the platform. */
export function hasPlatform(platform: string): boolean {
  return (state().byPlatform.get(normalizePlatform(platform))?.length ?? 0) > 0;
}

/** An opaque copy of the registry, for tests (`restoreRegistry(snapshot)` puts it back). */
export interface RegistrySnapshot {
  readonly [STATE]: RegistryState;
}

export function snapshotRegistry(): RegistrySnapshot {
  const s = state();
  const copy: RegistryState = {
    byPlatform: new Map([...s.byPlatform].map(([k, v]) => [k, [...v]])),
    known: new Map(s.known),
    platformDefaults: new Map(s.platformDefaults),
    typeDefaults: new Map(s.typeDefaults),
    order: s.order,
  };
  return { [STATE]: copy };
}

export function restoreRegistry(snapshot: RegistrySnapshot): void {
  const s = snapshot[STATE];
  (globalThis as { [STATE]?: RegistryState })[STATE] = {
    byPlatform: new Map([...s.byPlatform].map(([k, v]) => [k, [...v]])),
    known: new Map(s.known),
    platformDefaults: new Map(s.platformDefaults),
    typeDefaults: new Map(s.typeDefaults),
    order: s.order,
  };
}

/** Removes every plugin and default. For tests. */
export function clearRegistry(): void {
  (globalThis as { [STATE]?: RegistryState })[STATE] = newState();
}
