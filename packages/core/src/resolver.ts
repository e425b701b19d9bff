import type { Capability } from "./capability.ts";
import { normalizePlatform } from "./device.ts";
import {
  AmbiguousPluginError,
  isPatchbayError,
  type PluginCandidate,
  PluginNotFoundError,
} from "./errors.ts";
import { type Logger, silentLogger } from "./logger.ts";
import { getDefaultPlugin, pluginsForPlatform, type RegisteredPlugin } from "./registry.ts";

/** What to resolve a plugin for. */
export interface ResolveOptions {
  /** Platform id (required). */
  platform: string;
  /** Keep only plugins of this connection type (`ssh`, `netconf`, `api`...). */
  connectionType?: string | undefined;
  /** Keep only plugins over this library (`ssh2`, `undici`...). */
  connectionLibrary?: string | undefined;
  /** Capabilities the caller needs. */
  capabilities?: readonly Capability<object>[] | undefined;
  /** With several candidates left, take the registered default instead of failing. @default false */
  fallbackToDefault?: boolean | undefined;
  /** For messages and logs. */
  deviceId?: string | undefined;
  /** For messages: the host the device is reached at. */
  host?: string | undefined;
  /** Package names discovery looked for, reported when nothing is found. */
  packagesTried?: readonly string[] | undefined;
  /** Where the warning about a plugin lacking capabilities goes. @default silentLogger */
  logger?: Logger | undefined;
}

/** One filter of the resolution and what it did. */
export interface ResolutionStep {
  /** `platform`, `connectionType`, `connectionLibrary`, `capabilities`, `single`, `default`. */
  step: string;
  /** What the step looked at, in words. */
  description: string;
  /** Names of the plugins still in the running after this step. */
  kept: string[];
  /** Plugins this step removed, each with why. */
  dropped: { name: string; reason: string }[];
}

/** A resolution as data: the inputs, every step, and the outcome (a plugin or an error). */
export interface Explanation {
  platform: string;
  connectionType: string | undefined;
  connectionLibrary: string | undefined;
  capabilities: string[];
  fallbackToDefault: boolean;
  steps: ResolutionStep[];
  /** The chosen plugin's name. */
  chosen: string | undefined;
  /** Capabilities the chosen plugin lacks (when none implements them all). */
  missingCapabilities: string[];
  /** Set when resolution fails. */
  error: { code: string; message: string } | undefined;
}

interface Outcome {
  explanation: Explanation;
  plugin: RegisteredPlugin | undefined;
  error: Error | undefined;
}

const capIds = (p: RegisteredPlugin): ReadonlySet<string> => p.capabilityIds;

function candidate(p: RegisteredPlugin): PluginCandidate {
  return {
    name: p.definition.name,
    connectionType: p.definition.connectionType,
    connectionLibrary: p.definition.connectionLibrary,
    capabilities: p.definition.capabilities.map((c) => c.id),
  };
}

function run(options: ResolveOptions, trace: boolean): Outcome {
  const platform = normalizePlatform(options.platform);
  const required = [...new Set((options.capabilities ?? []).map((c) => c.id))];
  const explanation: Explanation = {
    platform,
    connectionType: options.connectionType,
    connectionLibrary: options.connectionLibrary,
    capabilities: required,
    fallbackToDefault: options.fallbackToDefault ?? false,
    steps: [],
    chosen: undefined,
    missingCapabilities: [],
    error: undefined,
  };
  const ctx = { deviceId: options.deviceId, host: options.host, platform };
  const fail = (error: Error): Outcome => {
    explanation.error = { code: isPatchbayError(error) ? error.code : "ERROR", message: error.message };
    return { explanation, plugin: undefined, error };
  };
  const choose = (plugin: RegisteredPlugin): Outcome => {
    explanation.chosen = plugin.definition.name;
    return { explanation, plugin, error: undefined };
  };
  const filter = (
    list: readonly RegisteredPlugin[],
    step: string,
    description: string,
    keep: (p: RegisteredPlugin) => boolean,
    why: (p: RegisteredPlugin) => string,
  ): RegisteredPlugin[] => {
    const kept: RegisteredPlugin[] = [];
    const dropped: { name: string; reason: string }[] = [];
    for (const p of list) {
      if (keep(p)) kept.push(p);
      else if (trace) dropped.push({ name: p.definition.name, reason: why(p) });
    }
    if (trace)
      explanation.steps.push({ step, description, kept: kept.map((p) => p.definition.name), dropped });
    return kept;
  };

  // 1. platform, then type, then library.
  let list: readonly RegisteredPlugin[] = pluginsForPlatform(platform);
  if (trace)
    explanation.steps.push({
      step: "platform",
      description: `plugins registered for platform "${platform}"`,
      kept: list.map((p) => p.definition.name),
      dropped: [],
    });
  if (options.connectionType !== undefined) {
    const t = options.connectionType;
    list = filter(
      list,
      "connectionType",
      `connection type "${t}"`,
      (p) => p.connectionType === t,
      (p) => `connection type is "${p.definition.connectionType}"`,
    );
  }
  if (options.connectionLibrary !== undefined) {
    const l = options.connectionLibrary;
    list = filter(
      list,
      "connectionLibrary",
      `connection library "${l}"`,
      (p) => p.connectionLibrary === l,
      (p) => `library is "${p.definition.connectionLibrary}"`,
    );
  }
  if (list.length === 0) {
    return fail(
      new PluginNotFoundError({
        ...ctx,
        connectionType: options.connectionType,
        connectionLibrary: options.connectionLibrary,
        packagesTried: options.packagesTried ?? [],
      }),
    );
  }

  // 2. capabilities: all of them if any plugin has all; else the single best, warned about.
  if (required.length > 0) {
    const scored = list.map((p) => {
      const have = capIds(p);
      return { p, missing: required.filter((id) => !have.has(id)) };
    });
    const missingOf = new Map(scored.map((s) => [s.p, s.missing]));
    const complete = scored.filter((s) => s.missing.length === 0);
    if (complete.length > 0) {
      list = filter(
        list,
        "capabilities",
        `implements all of ${required.join(", ")}`,
        (p) => missingOf.get(p)?.length === 0,
        (p) => `lacks ${(missingOf.get(p) ?? required).join(", ")}`,
      );
    } else {
      const best = scored.reduce((min, s) => Math.min(min, s.missing.length), required.length);
      const top = scored.filter((s) => s.missing.length === best);
      const score = required.length - best;
      list = filter(
        list,
        "capabilities",
        `no plugin implements all of ${required.join(", ")}; keeping the highest score (${score} of ${required.length})`,
        (p) => (missingOf.get(p) ?? required).length === best,
        (p) => {
          const missing = missingOf.get(p) ?? required;
          return `implements ${required.length - missing.length} of ${required.length}`;
        },
      );
      if (top.length > 1) {
        return fail(
          new AmbiguousPluginError({
            ...ctx,
            platform,
            candidates: top.map((s) => candidate(s.p)),
            reason: `none implements all of ${required.join(", ")} and ${top.length} tie with ${score} of ${required.length}`,
          }),
        );
      }
      const only = top[0]!;
      explanation.missingCapabilities = only.missing;
      (options.logger ?? silentLogger).warn(
        { deviceId: options.deviceId, platform, plugin: only.p.definition.name, missing: only.missing },
        `no plugin for platform "${platform}" implements all requested capabilities; using "${only.p.definition.name}", which lacks ${only.missing.join(", ")}`,
      );
      return choose(only.p);
    }
  }

  // 3. a single candidate needs no flag.
  if (list.length === 1) {
    if (trace)
      explanation.steps.push({
        step: "single",
        description: "one candidate left",
        kept: [list[0]!.definition.name],
        dropped: [],
      });
    return choose(list[0]!);
  }

  // 4. several: the defaults, if asked for and still in the running.
  if (options.fallbackToDefault) {
    const remaining = list;
    const inList = (p: RegisteredPlugin | undefined): RegisteredPlugin | undefined =>
      p && remaining.includes(p) ? p : undefined;
    const typeDefault =
      options.connectionType !== undefined ? getDefaultPlugin(platform, options.connectionType) : undefined;
    const platformDefault = getDefaultPlugin(platform);
    const picked = inList(typeDefault) ?? inList(platformDefault);
    const why = inList(typeDefault)
      ? `default for (${platform}, ${options.connectionType})`
      : inList(platformDefault)
        ? `default for platform "${platform}"`
        : undefined;
    if (trace)
      explanation.steps.push({
        step: "default",
        description: why
          ? `${list.length} candidates; took the ${why}`
          : `${list.length} candidates; no registered default is among them` +
            (typeDefault || platformDefault
              ? ` (defaults: ${[typeDefault, platformDefault]
                  .filter(Boolean)
                  .map((p) => p!.definition.name)
                  .join(", ")})`
              : ""),
        kept: picked ? [picked.definition.name] : remaining.map((p) => p.definition.name),
        dropped: picked
          ? remaining
              .filter((p) => p !== picked)
              .map((p) => ({ name: p.definition.name, reason: "not the default" }))
          : [],
      });
    if (picked) return choose(picked);
  }
  const defaultPlugin = [
    options.connectionType !== undefined ? getDefaultPlugin(platform, options.connectionType) : undefined,
    getDefaultPlugin(platform),
  ].find((p) => p !== undefined && list.includes(p));
  return fail(
    new AmbiguousPluginError({
      ...ctx,
      platform,
      candidates: list.map(candidate),
      reason: options.fallbackToDefault ? "no registered default is among them" : "fallbackToDefault is off",
      defaultPlugin: options.fallbackToDefault ? undefined : defaultPlugin?.definition.name,
    }),
  );
}

/**
 * Picks the plugin for a platform (and optional type, library and capabilities). Throws
 * `PluginNotFoundError` or `AmbiguousPluginError`; see `explainResolution` for the same as data.
 */
export function resolvePlugin(options: ResolveOptions): {
  plugin: RegisteredPlugin;
  explanation: Explanation;
} {
  const outcome = run(options, false);
  if (outcome.error) throw outcome.error;
  return { plugin: outcome.plugin!, explanation: outcome.explanation };
}

/** The resolution as data, step by step, never throwing: what each filter kept and why. */
export function explainResolution(options: ResolveOptions): Explanation {
  return run({ ...options, logger: silentLogger }, true).explanation;
}

/** A human-readable rendering of an explanation, one step a line. */
export function formatExplanation(e: Explanation): string {
  const lines = [
    `platform: ${e.platform}` +
      (e.connectionType ? `, type: ${e.connectionType}` : "") +
      (e.connectionLibrary ? `, library: ${e.connectionLibrary}` : "") +
      (e.capabilities.length ? `, capabilities: ${e.capabilities.join(", ")}` : "") +
      (e.fallbackToDefault ? ", fallbackToDefault" : ""),
  ];
  e.steps.forEach((s, i) => {
    lines.push(`${i + 1}. ${s.step}: ${s.description} -> ${s.kept.length ? s.kept.join(", ") : "none"}`);
    for (const d of s.dropped) lines.push(`     dropped ${d.name}: ${d.reason}`);
  });
  if (e.chosen) {
    lines.push(
      `chosen: ${e.chosen}${e.missingCapabilities.length ? ` (lacks ${e.missingCapabilities.join(", ")})` : ""}`,
    );
  }
  if (e.error) lines.push(`error ${e.error.code}: ${e.error.message}`);
  return lines.join("\n");
}
