import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type Capability,
  type ConnectorSettings,
  connect,
  type DeviceProxy,
  discoverPlatform,
  hasPlatform,
  listInstalledPlugins,
  listRegisteredPlugins,
  normalizePlatform,
  PluginNotFoundError,
  platformPackageNames,
} from "@patchbay/core";
import {
  type ConnectorSchema,
  type Inventory,
  type InventoryHost,
  loadInventory,
  parseInventory,
} from "@patchbay/inventory";
import { sshConnectorSettings } from "@patchbay/ssh";
import { cliLogger } from "./log.ts";

/** The folder of this package: its own platform packages are found from here. */
export const CLI_ROOT: string = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Makes the plugins of `platform` available: the user's project first (their own or third-party
 * plugin packages), then the packages installed with the CLI.
 */
export async function ensurePlatform(platform: string, projectRoot: string = process.cwd()): Promise<void> {
  if (hasPlatform(platform)) return;
  const found = await discoverPlatform(platform, { projectRoot });
  if (found.registered.length === 0 && resolve(projectRoot) !== CLI_ROOT)
    await discoverPlatform(platform, { projectRoot: CLI_ROOT });
}

/**
 * Loads a fleet file and checks each host's connector data against the settings of the plugins that
 * serve its platform (discovered once the hosts are known), so a typo in `data.linux` is reported
 * with its line. The file and its dynamic sources are read once.
 */
export function loadFleet(
  file: string,
  options: {
    signal?: AbortSignal;
    /** Only these hosts (`--limit`): secrets are read for them alone. */
    limit?: readonly string[] | undefined;
    /** Report platforms no installed package serves, with "did you mean" (`inventory check`). */
    checkPlatforms?: boolean;
  } = {},
): Promise<Inventory> {
  return loadInventory(file, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.limit !== undefined && options.limit.length > 0 ? { limit: options.limit } : {}),
    ...(options.checkPlatforms ? { knownPlatforms: knownPlatforms } : {}),
    connectors: async (platforms) => {
      await Promise.all(platforms.map((p) => ensurePlatform(p).catch(() => undefined)));
      const schemas = new Map<string, ConnectorSchema>([["ssh", sshConnectorSettings]]);
      for (const registered of listRegisteredPlugins()) {
        const settings: ConnectorSettings | undefined = registered.definition.settings;
        if (settings !== undefined && !schemas.has(settings.name)) schemas.set(settings.name, settings);
      }
      return [...schemas.values()];
    },
  });
}

/** Every platform a registered plugin or an installed plugin package (project, then CLI) serves. */
async function knownPlatforms(platforms: readonly string[]): Promise<string[]> {
  await Promise.all(platforms.map((p) => ensurePlatform(p).catch(() => undefined)));
  const known = new Set(listRegisteredPlugins().map((p) => normalizePlatform(p.definition.platform)));
  for (const root of new Set([resolve(process.cwd()), CLI_ROOT])) {
    for (const installed of await listInstalledPlugins({ projectRoot: root }).catch(() => []))
      for (const platform of installed.platforms) known.add(normalizePlatform(platform));
  }
  return [...known];
}

/** Parses fleet text (the demo and `sim` build theirs in memory). */
export function parseFleet(text: string, file: string): Promise<Inventory> {
  return parseInventory(text, { file, connectors: [sshConnectorSettings] });
}

/**
 * The capabilities (names) no plugin of the host's platform (over its connector, else any) offers:
 * a host that lacks them is skipped, not failed. Empty when the platform has no plugin at all (that
 * is a failure connectHost reports, with the package to install).
 */
export async function missingCapabilities(
  host: InventoryHost,
  capabilities: readonly Capability<object>[],
): Promise<string[]> {
  await ensurePlatform(host.device.platform);
  const platform = normalizePlatform(host.device.platform);
  const forPlatform = listRegisteredPlugins().filter(
    (p) => normalizePlatform(p.definition.platform) === platform,
  );
  const sameType = forPlatform.filter((p) => p.connectionType === host.connector);
  const candidates = sameType.length > 0 ? sameType : forPlatform;
  if (candidates.length === 0) return [];
  if (candidates.some((p) => capabilities.every((c) => p.capabilityIds.has(c.id)))) return [];
  return capabilities
    .filter((c) => !candidates.some((p) => p.capabilityIds.has(c.id)))
    .map((c) => c.id.replace(/^patchbay\./, ""));
}

/**
 * Connects to a host with the capabilities a command needs: its connector is the plugin connection
 * type (`@local` is `local`, plain names `ssh`), and several plugins for that type resolve to the
 * platform's default.
 */
export async function connectHost<const Caps extends readonly Capability<object>[]>(
  host: InventoryHost,
  capabilities: Caps,
  options: { timeoutMs: number; signal: AbortSignal },
): Promise<DeviceProxy<Caps>> {
  await ensurePlatform(host.device.platform);
  if (!hasPlatform(host.device.platform)) {
    // Say which package would serve it, as discovery looked for them by name.
    throw new PluginNotFoundError({
      platform: host.device.platform,
      connectionType: host.connector,
      packagesTried: platformPackageNames(host.device.platform),
      deviceId: host.device.id,
    });
  }
  return connect(host.device, {
    capabilities,
    connectionType: host.connector,
    fallbackToDefault: true,
    discovery: false,
    logger: cliLogger,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
  });
}
