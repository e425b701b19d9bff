import type { PluginRegistration } from "./registry.ts";

/**
 * One plugin as a package declares it in `package.json` (`patchbay.plugins`), so tools can list
 * what an installed package supports without importing it.
 */
export interface PluginManifestEntry {
  name: string;
  platform: string;
  connectionType: string;
  connectionLibrary: string;
  /** Capability ids, for example `patchbay.DeviceInfo`. */
  capabilities: string[];
  /** The platform's default plugin. */
  defaultForPlatform: boolean;
  /** The key of its connector settings in `device.data`, when it reads any. */
  settings?: string;
  /** What it refuses or does differently, one sentence each. */
  limitations?: string[];
  /** Per capability id, the methods it answers when only some (absent: every method). */
  methods?: Record<string, string[]>;
}

/** The `patchbay.plugins` entries for a package's registrations, in registration order. */
export function pluginManifest(registrations: readonly PluginRegistration[]): PluginManifestEntry[] {
  return registrations.map(({ plugin, defaultForPlatform }) => ({
    name: plugin.name,
    platform: plugin.platform,
    connectionType: plugin.connectionType,
    connectionLibrary: plugin.connectionLibrary,
    capabilities: plugin.capabilities.map((c) => c.id),
    defaultForPlatform: defaultForPlatform === true,
    ...(plugin.settings !== undefined ? { settings: plugin.settings.name } : {}),
    ...(plugin.limitations !== undefined && plugin.limitations.length > 0
      ? { limitations: [...plugin.limitations] }
      : {}),
    ...(plugin.methods !== undefined && Object.keys(plugin.methods).length > 0
      ? { methods: Object.fromEntries(Object.entries(plugin.methods).map(([k, v]) => [k, [...v]])) }
      : {}),
  }));
}

/** Reads `patchbay.plugins` from a manifest field; entries that do not have the shape are dropped. */
export function readPluginManifest(value: unknown): PluginManifestEntry[] {
  if (!Array.isArray(value)) return [];
  const str = (v: unknown): v is string => typeof v === "string" && v !== "";
  return value.flatMap((item): PluginManifestEntry[] => {
    const e = item as Record<string, unknown> | null;
    if (typeof e !== "object" || e === null) return [];
    if (![e.name, e.platform, e.connectionType, e.connectionLibrary].every(str)) return [];
    if (!Array.isArray(e.capabilities) || !e.capabilities.every(str)) return [];
    return [
      {
        name: e.name as string,
        platform: e.platform as string,
        connectionType: e.connectionType as string,
        connectionLibrary: e.connectionLibrary as string,
        capabilities: [...(e.capabilities as string[])],
        defaultForPlatform: e.defaultForPlatform === true,
        ...(str(e.settings) ? { settings: e.settings } : {}),
        ...(Array.isArray(e.limitations) && e.limitations.length > 0 && e.limitations.every(str)
          ? { limitations: [...(e.limitations as string[])] }
          : {}),
        ...readMethods(e.methods),
      },
    ];
  });
}

function readMethods(value: unknown): { methods?: Record<string, string[]> } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  const entries = Object.entries(value).filter(
    (kv): kv is [string, string[]] =>
      Array.isArray(kv[1]) && kv[1].every((m: unknown) => typeof m === "string" && m !== ""),
  );
  return entries.length > 0 ? { methods: Object.fromEntries(entries.map(([k, v]) => [k, [...v]])) } : {};
}

/** Whether a manifest entry's plugin answers `capability.method` (per-method declarations respected). */
export function supportsMethod(entry: PluginManifestEntry, capability: string, method: string): boolean {
  if (!entry.capabilities.includes(capability)) return false;
  const only = entry.methods?.[capability];
  return only === undefined || only.includes(method);
}

const START = "<!-- patchbay:support-matrix:start -->";
const END = "<!-- patchbay:support-matrix:end -->";

/**
 * The Markdown a platform package's README carries between its support-matrix markers: the plugins,
 * a capability-by-plugin matrix, and each connector-settings table. Generated, never hand-written.
 */
export function renderSupportMatrix(registrations: readonly PluginRegistration[]): string {
  const entries = pluginManifest(registrations);
  const lines: string[] = [
    "| Plugin | Platform | Connection type | Library | Default |",
    "| --- | --- | --- | --- | --- |",
    ...entries.map(
      (e) =>
        `| \`${e.name}\` | \`${e.platform}\` | \`${e.connectionType}\` | \`${e.connectionLibrary}\` | ${e.defaultForPlatform ? "yes" : ""} |`,
    ),
    "",
  ];
  const capabilities: { id: string; methods: readonly string[] }[] = [];
  for (const { plugin } of registrations) {
    for (const c of plugin.capabilities) if (!capabilities.some((k) => k.id === c.id)) capabilities.push(c);
  }
  lines.push(
    `| Capability | ${entries.map((e) => `\`${e.name}\``).join(" | ")} |`,
    `| --- | ${entries.map(() => "---").join(" | ")} |`,
    ...capabilities.flatMap((c) =>
      // A capability some plugin answers only in part gets a row per method.
      entries.some((e) => e.methods?.[c.id] !== undefined)
        ? c.methods.map(
            (m) =>
              `| \`${c.id}\`.\`${m}\` | ${entries.map((e) => (supportsMethod(e, c.id, m) ? "yes" : "no")).join(" | ")} |`,
          )
        : [
            `| \`${c.id}\` (${c.methods.map((m) => `\`${m}\``).join(", ")}) | ${entries
              .map((e) => (e.capabilities.includes(c.id) ? "yes" : "no"))
              .join(" | ")} |`,
          ],
    ),
  );
  const limited = entries.filter((e) => e.limitations !== undefined);
  if (limited.length > 0) {
    lines.push("", "Limitations:", "");
    for (const e of limited) for (const l of e.limitations ?? []) lines.push(`- \`${e.name}\`: ${l}`);
  }
  const seen = new Set<string>();
  for (const { plugin } of registrations) {
    const settings = plugin.settings;
    if (settings === undefined || seen.has(settings.name)) continue;
    seen.add(settings.name);
    lines.push("", `Connector settings in \`device.data.${settings.name}\`:`, "", settings.toMarkdownTable());
  }
  return lines.join("\n");
}

/**
 * Puts `content` between the support-matrix markers of `readme` (appending the markers when
 * missing). Returns the new README text.
 */
export function replaceSupportMatrix(readme: string, content: string): string {
  const block = `${START}\n<!-- Generated from the plugins' declarations by tooling/plugin-docs; do not edit. -->\n\n${content.trimEnd()}\n\n${END}`;
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end === -1 || end < start)
    return `${readme.trimEnd()}\n\n## Support matrix\n\n${block}\n`;
  return readme.slice(0, start) + block + readme.slice(end + END.length);
}
