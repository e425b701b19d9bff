/**
 * Runtime discovery of platform plugin packages. When no registered plugin serves a platform, core
 * looks for the platform's package by convention in the HOST project (never from core's own folder:
 * pnpm's strict layout hides packages core does not declare), imports only that package, and
 * registers the plugins it exports. Listing what is installed reads package.json files only.
 */
import { readdir, realpath, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { normalizePlatform } from "./device.ts";
import { PluginLoadError } from "./errors.ts";
import { locatePackage, nearestPackageRoot } from "./internal/node-modules.ts";
import {
  declaredDependencies,
  entryPath,
  isMissing,
  isPluginPackageName,
  type PackageManifest,
  parsePatchbayField,
  pluginIdOf,
  readManifest,
  selectEntry,
} from "./internal/plugin-package.ts";
import { type Logger, silentLogger } from "./logger.ts";
import { pluginDefinitionProblems } from "./plugin.ts";
import {
  listRegisteredPlugins,
  type PluginRegistration,
  type RegisteredPlugin,
  registerConnectionPlugin,
} from "./registry.ts";
import { type PluginManifestEntry, readPluginManifest } from "./support-matrix.ts";

/** The plugin api version this core speaks; a package's `patchbay.apiVersion` must equal it. */
export const PLUGIN_API_VERSION: 1 = 1;

/** The `patchbay` field of a plugin package's package.json. */
export interface PatchbayPackageField {
  /** The plugin api version the package was built for. */
  apiVersion: number;
  /** Platform ids the package serves, for example `["cisco_ios"]`. */
  platforms: string[];
  /** The module to import, relative to the package folder. @default the package's `exports["."]`, `module`, `main` or `index.js` */
  entry?: string;
  /** The plugins it registers, generated from their definitions (`tooling/plugin-docs`); lets tools list capabilities without importing. */
  plugins?: PluginManifestEntry[];
}

export interface DiscoveryOptions {
  /**
   * The host project whose dependencies are searched.
   * @default the folder given to `setDiscoveryRoot()`, else the nearest folder with a package.json from `process.cwd()`
   */
  projectRoot?: string;
  /** Where skipped packages (debug) and loaded ones (info) are logged. @default silentLogger */
  logger?: Logger;
}

/** A plugin package found in the host project. */
export interface InstalledPlugin {
  packageName: string;
  /** The package's version, `""` when its package.json has none. */
  version: string;
  /** The package folder as found in node_modules (not resolved through symlinks). */
  path: string;
  /** Platforms it serves (from `patchbay.platforms`, normalised). */
  platforms: string[];
  /** The plugins it declares in `patchbay.plugins` (capabilities, connection types), read without importing it. */
  plugins: PluginManifestEntry[];
  apiVersion: number | undefined;
  /** `sdk` for `@patchbay/` packages, `user` for every other. */
  origin: "sdk" | "user";
  /** Whether this core can load it: a valid `patchbay` field with `apiVersion === PLUGIN_API_VERSION`. */
  compatible: boolean;
  /** Why it is not compatible. */
  problem?: string;
  /**
   * Whether the host package.json declares it. Undeclared ones are present in the host's node_modules
   * all the same (npm's flat layout hoists transitive dependencies); Node can import them, but an
   * install with pnpm would not see them.
   */
  declared: boolean;
}

/** What `discoverPlatform` found and registered. */
export interface DiscoveryResult {
  /** The package that was loaded; absent when no installed package serves the platform. */
  packageName?: string;
  /** Its folder as found in node_modules. */
  path?: string;
  /** Every plugin the package exported, as registered. */
  registered: RegisteredPlugin[];
  /** The package names looked for, in order (for `PluginNotFoundError`). */
  packagesTried: string[];
}

interface Discovered {
  packageName?: string;
  path?: string;
  registrations: PluginRegistration[];
  registered: RegisteredPlugin[];
  packagesTried: string[];
}

interface DiscoveryState {
  root: string | undefined;
  cache: Map<string, Promise<Discovered>>;
}

// Shared by every copy of core in the process, like the registry: a platform is discovered once.
const STATE: unique symbol = Symbol.for("@patchbay/core/discovery") as never;

function state(): DiscoveryState {
  const g = globalThis as { [STATE]?: DiscoveryState };
  g[STATE] ??= { root: undefined, cache: new Map() };
  return g[STATE];
}

/** The package names tried first for a platform: `cisco_ios` gives `@patchbay/platform-cisco-ios`, `patchbay-platform-cisco-ios`. */
export function platformPackageNames(platform: string): string[] {
  const id = normalizePlatform(platform).replace(/_/g, "-");
  return [`@patchbay/platform-${id}`, `patchbay-platform-${id}`];
}

/** Sets the host project searched when no `projectRoot` is passed; `undefined` goes back to the default. */
export function setDiscoveryRoot(dir: string | undefined): void {
  state().root = dir === undefined ? undefined : resolve(dir);
}

/** Forgets what was discovered, so the next `discoverPlatform` looks again. For tests. */
export function resetDiscovery(): void {
  state().cache.clear();
}

async function projectRootOf(options: DiscoveryOptions): Promise<string> {
  if (options.projectRoot !== undefined) return resolve(options.projectRoot);
  return state().root ?? (await nearestPackageRoot(process.cwd()));
}

const originOfName = (name: string): "sdk" | "user" => (name.startsWith("@patchbay/") ? "sdk" : "user");

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The plugin packages installed in the host project, from their package.json files only (nothing is
 * imported): every declared dependency named like a plugin package, plus plugin packages present in
 * the host's node_modules without being declared (`declared: false`). Declared packages that are not
 * installed are left out (logged at debug). Sorted by package name.
 */
export async function listInstalledPlugins(options: DiscoveryOptions = {}): Promise<InstalledPlugin[]> {
  const root = await projectRootOf(options);
  const logger = options.logger ?? silentLogger;
  const [host, present] = await Promise.all([
    readManifest(root),
    pluginFoldersIn(join(root, "node_modules")),
  ]);
  const declared = new Set(host ? declaredDependencies(host).filter(isPluginPackageName) : []);
  const names = [...new Set([...declared, ...present])].sort();
  const found = await Promise.all(
    names.map(async (name): Promise<InstalledPlugin | undefined> => {
      const dir = present.has(name)
        ? join(root, "node_modules", ...name.split("/"))
        : await locatePackage(root, name);
      if (dir === undefined) {
        logger.debug(
          { packageName: name, projectRoot: root },
          `plugin package "${name}" is declared but not installed`,
        );
        return undefined;
      }
      return describe(name, dir, declared.has(name));
    }),
  );
  return found.filter((p): p is InstalledPlugin => p !== undefined);
}

/** Plugin package names in one node_modules folder: a readdir of it and of each `@scope` folder. */
async function pluginFoldersIn(nodeModules: string): Promise<Set<string>> {
  const out = new Set<string>();
  let entries: string[];
  try {
    entries = await readdir(nodeModules);
  } catch (err) {
    if (isMissing(err)) return out;
    throw err;
  }
  const scopes: string[] = [];
  for (const entry of entries) {
    if (entry.startsWith("@")) scopes.push(entry);
    else if (isPluginPackageName(entry)) out.add(entry);
  }
  await Promise.all(
    scopes.map(async (scope) => {
      let inner: string[];
      try {
        inner = await readdir(join(nodeModules, scope));
      } catch (err) {
        if (isMissing(err)) return;
        throw err;
      }
      for (const entry of inner) if (isPluginPackageName(`${scope}/${entry}`)) out.add(`${scope}/${entry}`);
    }),
  );
  return out;
}

async function describe(name: string, dir: string, declared: boolean): Promise<InstalledPlugin> {
  const base = {
    packageName: name,
    path: dir,
    origin: originOfName(name),
    declared,
    plugins: [] as PluginManifestEntry[],
  };
  const unreadable = (problem: string): InstalledPlugin => ({
    ...base,
    version: "",
    platforms: [],
    apiVersion: undefined,
    compatible: false,
    problem,
  });
  let manifest: PackageManifest | undefined;
  try {
    manifest = await readManifest(dir);
  } catch (err) {
    return unreadable(`cannot read package.json: ${messageOf(err)}`);
  }
  if (manifest === undefined) return unreadable("no package.json");
  const version = typeof manifest.version === "string" ? manifest.version : "";
  const field = parsePatchbayField(manifest, normalizePlatform);
  base.plugins = readPluginManifest((manifest.patchbay as { plugins?: unknown } | undefined)?.plugins);
  if (!field.ok) {
    return {
      ...base,
      version,
      platforms: field.platforms,
      apiVersion: field.apiVersion,
      compatible: false,
      problem: field.problem,
    };
  }
  if (field.apiVersion !== PLUGIN_API_VERSION) {
    return {
      ...base,
      version,
      platforms: field.platforms,
      apiVersion: field.apiVersion,
      compatible: false,
      problem: apiVersionProblem(field.apiVersion),
    };
  }
  return { ...base, version, platforms: field.platforms, apiVersion: field.apiVersion, compatible: true };
}

function apiVersionProblem(apiVersion: number): string {
  const fix =
    apiVersion > PLUGIN_API_VERSION
      ? "upgrade @patchbay/core, or install an older version of the package"
      : "upgrade the package to a version built for this @patchbay/core";
  return `it declares plugin api version ${apiVersion} but this @patchbay/core speaks version ${PLUGIN_API_VERSION}; ${fix}`;
}

/**
 * Finds the installed package serving `platform`, imports it and registers the plugins it exports
 * (through the registry, so user registrations keep their precedence). Looks for
 * `@patchbay/platform-<id>` and `patchbay-platform-<id>` up the host's node_modules chain, then for
 * declared dependencies named `@<scope>/patchbay-platform-<id>`; the first whose `patchbay.platforms`
 * lists the platform is loaded, and only that one. With none, `registered` is empty and
 * `packagesTried` says what was looked for. Each (project, platform) is discovered once; concurrent
 * calls share the work.
 *
 * Throws `PluginLoadError` (naming the package, its path and the cause) when the package cannot be
 * imported, exports no valid `plugins`, or declares another plugin api version; also when the only
 * packages found by name have no valid `patchbay` field.
 */
export async function discoverPlatform(
  platform: string,
  options: DiscoveryOptions = {},
): Promise<DiscoveryResult> {
  const root = await projectRootOf(options);
  const logger = options.logger ?? silentLogger;
  const p = normalizePlatform(platform);
  const key = `${root}\u0000${p}`;
  const { cache } = state();
  let pending = cache.get(key);
  if (!pending) {
    pending = discover(root, p, logger);
    cache.set(key, pending);
    // A failure is not remembered, so fixing the package (or installing one) and retrying works.
    pending.catch(() => {
      if (cache.get(key) === pending) cache.delete(key);
    });
  }
  const found = await pending;
  // The registry was cleared since (tests do that): put the already imported plugins back.
  const present = new Set(listRegisteredPlugins());
  if (!found.registered.every((r) => present.has(r))) {
    found.registered = register(found.registrations, found.packageName ?? "", found.path ?? "", p, logger);
  }
  const result: DiscoveryResult = {
    registered: [...found.registered],
    packagesTried: [...found.packagesTried],
  };
  if (found.packageName !== undefined) result.packageName = found.packageName;
  if (found.path !== undefined) result.path = found.path;
  return result;
}

async function discover(root: string, platform: string, logger: Logger): Promise<Discovered> {
  const fixed = platformPackageNames(platform);
  const id = platform.replace(/_/g, "-");
  const host = await readManifest(root).catch((err: unknown) => {
    logger.debug({ projectRoot: root, err: messageOf(err) }, "cannot read the host package.json");
    return undefined;
  });
  const scoped = (host ? declaredDependencies(host) : [])
    .filter(
      (n) =>
        n.startsWith("@") &&
        !fixed.includes(n) &&
        n.endsWith(`/patchbay-platform-${id}`) &&
        pluginIdOf(n) === id,
    )
    .sort();
  const packagesTried = [...fixed, ...scoped];
  const dirs = await Promise.all(packagesTried.map((name) => locatePackage(root, name)));

  let unusable: PluginLoadError | undefined;
  for (const [i, name] of packagesTried.entries()) {
    const dir = dirs[i];
    if (dir === undefined) continue;
    const ctx = { packageName: name, path: dir, platform };
    let manifest: PackageManifest | undefined;
    try {
      manifest = await readManifest(dir);
    } catch (cause) {
      throw new PluginLoadError(
        `plugin package "${name}" at ${dir}: cannot read its package.json (${messageOf(cause)}). Reinstall the package.`,
        { ...ctx, cause },
      );
    }
    if (manifest === undefined) continue;
    const field = parsePatchbayField(manifest, normalizePlatform);
    if (!field.ok) {
      logger.debug(ctx, `skipping "${name}": ${field.problem}`);
      unusable ??= new PluginLoadError(
        `plugin package "${name}" at ${dir} cannot serve platform "${platform}": ${field.problem}. ` +
          `Its package.json needs "patchbay": { "apiVersion": ${PLUGIN_API_VERSION}, "platforms": ["${platform}"] }; ` +
          "install a version of the package that declares it, or register a plugin with registerConnectionPlugin().",
        ctx,
      );
      continue;
    }
    if (!field.platforms.includes(platform)) {
      logger.debug(ctx, `skipping "${name}": it serves ${field.platforms.join(", ")}, not "${platform}"`);
      continue;
    }
    if (field.apiVersion !== PLUGIN_API_VERSION) {
      throw new PluginLoadError(
        `plugin package "${name}" at ${dir} is incompatible: ${apiVersionProblem(field.apiVersion)}.`,
        ctx,
      );
    }
    const registrations = await importPlugins(name, dir, manifest, field.entry, platform);
    const registered = register(registrations, name, dir, platform, logger);
    logger.info(
      { ...ctx, plugins: registered.map((r) => r.definition.name) },
      `discovered "${name}" for platform "${platform}"`,
    );
    return { packageName: name, path: dir, registrations, registered, packagesTried };
  }
  if (unusable) throw unusable;
  const declaring = await declaringPackage(root, platform, packagesTried);
  if (declaring !== undefined) {
    const manifest = await readManifest(declaring.path);
    const field = manifest === undefined ? undefined : parsePatchbayField(manifest, normalizePlatform);
    if (manifest !== undefined && field?.ok) {
      const tried = [...packagesTried, declaring.packageName];
      const registrations = await importPlugins(
        declaring.packageName,
        declaring.path,
        manifest,
        field.entry,
        platform,
      );
      const registered = register(registrations, declaring.packageName, declaring.path, platform, logger);
      logger.info(
        {
          packageName: declaring.packageName,
          path: declaring.path,
          platform,
          plugins: registered.map((r) => r.definition.name),
        },
        `discovered "${declaring.packageName}" for platform "${platform}" (it declares the platform)`,
      );
      return {
        packageName: declaring.packageName,
        path: declaring.path,
        registrations,
        registered,
        packagesTried: tried,
      };
    }
  }
  return { registrations: [], registered: [], packagesTried };
}

/**
 * No package is named after the platform: an installed plugin package that lists it in
 * `patchbay.platforms` serves it (`@patchbay/platform-cisco-ios` serves `cisco_iosxe` too). Only
 * packages the host declares count (an undeclared one is invisible under pnpm); `@patchbay/` ones
 * come first, then by name, so the choice is stable.
 */
async function declaringPackage(
  root: string,
  platform: string,
  alreadyTried: readonly string[],
): Promise<InstalledPlugin | undefined> {
  const installed = await listInstalledPlugins({ projectRoot: root });
  return installed
    .filter(
      (p) =>
        p.declared && p.compatible && p.platforms.includes(platform) && !alreadyTried.includes(p.packageName),
    )
    .sort(
      (a, b) =>
        Number(b.origin === "sdk") - Number(a.origin === "sdk") || a.packageName.localeCompare(b.packageName),
    )[0];
}

async function importPlugins(
  name: string,
  dir: string,
  manifest: PackageManifest,
  patchbayEntry: string | undefined,
  platform: string,
): Promise<PluginRegistration[]> {
  const ctx = { packageName: name, path: dir, platform };
  // The real path (pnpm links into its store) so the package's own dependencies resolve from there.
  const realDir = await realpath(dir);
  const entry = selectEntry(manifest, patchbayEntry);
  const file = entryPath(realDir, entry);
  if (file === undefined) {
    throw new PluginLoadError(
      `plugin package "${name}" at ${dir}: its entry "${entry}" points outside the package. Fix "patchbay.entry" or "exports" in its package.json.`,
      ctx,
    );
  }
  try {
    if (!(await stat(file)).isFile()) throw new Error(`${file} is not a file`);
  } catch (cause) {
    throw new PluginLoadError(
      `plugin package "${name}" at ${dir}: its entry file ${file} does not exist. The package may not be built; reinstall it or fix its "exports".`,
      { ...ctx, cause },
    );
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (cause) {
    throw new PluginLoadError(
      `plugin package "${name}" at ${dir} failed to load from ${file}: ${messageOf(cause)}. ` +
        "Fix or reinstall the package, or register a plugin for the platform with registerConnectionPlugin().",
      { ...ctx, cause },
    );
  }
  const problems = registrationProblems(mod.plugins);
  if (problems.length > 0) {
    throw new PluginLoadError(
      `plugin package "${name}" at ${dir} (${file}) does not export valid \`plugins\`: ${problems.join("; ")}. ` +
        "A plugin package exports `plugins`, an array of { plugin, defaultForPlatform?, defaultForConnectionType? }.",
      ctx,
    );
  }
  const registrations = mod.plugins as PluginRegistration[];
  if (!registrations.some((r) => normalizePlatform(r.plugin.platform) === platform)) {
    throw new PluginLoadError(
      `plugin package "${name}" at ${dir} lists platform "${platform}" in package.json but none of its plugins serves it ` +
        `(they serve ${[...new Set(registrations.map((r) => r.plugin.platform))].join(", ")}). Fix the package.`,
      ctx,
    );
  }
  return registrations;
}

function registrationProblems(plugins: unknown): string[] {
  if (plugins === undefined) return ["the module has no `plugins` export"];
  if (!Array.isArray(plugins)) return ["`plugins` must be an array"];
  if (plugins.length === 0) return ["`plugins` is empty"];
  const problems: string[] = [];
  plugins.forEach((r: unknown, i) => {
    if (typeof r !== "object" || r === null) {
      problems.push(`plugins[${i}] must be an object { plugin, ... }`);
      return;
    }
    const reg = r as Record<string, unknown>;
    for (const p of pluginDefinitionProblems(reg.plugin)) problems.push(`plugins[${i}].plugin: ${p}`);
    for (const flag of ["defaultForPlatform", "defaultForConnectionType"] as const) {
      if (reg[flag] !== undefined && typeof reg[flag] !== "boolean")
        problems.push(`plugins[${i}].${flag} must be a boolean`);
    }
  });
  return problems;
}

function register(
  registrations: readonly PluginRegistration[],
  name: string,
  dir: string,
  platform: string,
  logger: Logger,
): RegisteredPlugin[] {
  try {
    return registrations.map((r) =>
      registerConnectionPlugin(r.plugin, {
        defaultForPlatform: r.defaultForPlatform ?? false,
        defaultForConnectionType: r.defaultForConnectionType ?? false,
        logger,
      }),
    );
  } catch (cause) {
    throw new PluginLoadError(
      `plugin package "${name}" at ${dir}: registering its plugins failed: ${messageOf(cause)}`,
      { packageName: name, path: dir, platform, cause },
    );
  }
}
