import { readFile } from "node:fs/promises";
import { isAbsolute, join, relative, resolve } from "node:path";

/** Platform plugin package names: `@patchbay/platform-<id>`, `patchbay-platform-<id>`, `@<scope>/patchbay-platform-<id>`. */
const PLUGIN_NAME =
  /^(?:@patchbay\/platform-|patchbay-platform-|@[^/@]+\/patchbay-platform-)([a-z0-9][a-z0-9._-]*)$/;

/** Whether a package name follows one of the platform plugin conventions. */
export function isPluginPackageName(name: string): boolean {
  return PLUGIN_NAME.test(name);
}

/** The `<id>` part of a plugin package name (`cisco-ios` for `@patchbay/platform-cisco-ios`). */
export function pluginIdOf(name: string): string | undefined {
  return PLUGIN_NAME.exec(name)?.[1];
}

/** A parsed package.json, only the fields discovery reads. */
export interface PackageManifest {
  name?: unknown;
  version?: unknown;
  main?: unknown;
  module?: unknown;
  exports?: unknown;
  patchbay?: unknown;
  dependencies?: unknown;
  devDependencies?: unknown;
  optionalDependencies?: unknown;
  peerDependencies?: unknown;
}

/** Reads and parses `<dir>/package.json`; `undefined` when the file does not exist. Other errors throw. */
export async function readManifest(dir: string): Promise<PackageManifest | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, "package.json"), "utf8");
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`${join(dir, "package.json")} is not valid JSON: ${(err as Error).message}`, {
      cause: err,
    });
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${join(dir, "package.json")} is not a JSON object`);
  }
  return parsed as PackageManifest;
}

export function isMissing(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}

const DEPENDENCY_FIELDS = [
  "dependencies",
  "devDependencies",
  "optionalDependencies",
  "peerDependencies",
] as const;

/** Every name the manifest declares in any dependency field, without duplicates. */
export function declaredDependencies(manifest: PackageManifest): string[] {
  const names = new Set<string>();
  for (const field of DEPENDENCY_FIELDS) {
    const deps = manifest[field];
    if (typeof deps === "object" && deps !== null) for (const name of Object.keys(deps)) names.add(name);
  }
  return [...names];
}

/** The `patchbay` field, validated: the value or the reason it is unusable. */
export type PatchbayFieldResult =
  | { ok: true; apiVersion: number; platforms: string[]; entry: string | undefined }
  | { ok: false; apiVersion: number | undefined; platforms: string[]; problem: string };

/** Validates the `patchbay` field of a plugin package's manifest. Platforms come back normalised. */
export function parsePatchbayField(
  manifest: PackageManifest,
  normalize: (p: string) => string,
): PatchbayFieldResult {
  const field = manifest.patchbay;
  if (field === undefined) {
    return {
      ok: false,
      apiVersion: undefined,
      platforms: [],
      problem: 'package.json has no "patchbay" field',
    };
  }
  if (typeof field !== "object" || field === null || Array.isArray(field)) {
    return {
      ok: false,
      apiVersion: undefined,
      platforms: [],
      problem: '"patchbay" in package.json must be an object',
    };
  }
  const f = field as Record<string, unknown>;
  const problems: string[] = [];
  const apiVersion =
    typeof f.apiVersion === "number" && Number.isInteger(f.apiVersion) ? f.apiVersion : undefined;
  if (apiVersion === undefined) problems.push('"patchbay.apiVersion" must be an integer');
  let platforms: string[] = [];
  if (
    Array.isArray(f.platforms) &&
    f.platforms.length > 0 &&
    f.platforms.every((p) => typeof p === "string" && p !== "")
  ) {
    platforms = (f.platforms as string[]).map(normalize);
  } else problems.push('"patchbay.platforms" must be a non-empty array of platform ids');
  if (f.entry !== undefined && (typeof f.entry !== "string" || f.entry === "" || isAbsolute(f.entry))) {
    problems.push('"patchbay.entry" must be a relative path');
  }
  if (problems.length > 0) return { ok: false, apiVersion, platforms, problem: problems.join("; ") };
  return { ok: true, apiVersion: apiVersion as number, platforms, entry: f.entry as string | undefined };
}

// `@patchbay/source` points at TypeScript sources that plain Node cannot run; the published entry is dist.
const CONDITIONS = ["import", "node", "default"] as const;

function pickTarget(target: unknown): string | undefined {
  if (typeof target === "string") return target;
  if (Array.isArray(target)) {
    for (const t of target) {
      const picked = pickTarget(t);
      if (picked !== undefined) return picked;
    }
    return undefined;
  }
  if (typeof target === "object" && target !== null) {
    const t = target as Record<string, unknown>;
    for (const condition of CONDITIONS) {
      if (condition in t) {
        const picked = pickTarget(t[condition]);
        if (picked !== undefined) return picked;
      }
    }
  }
  return undefined;
}

/**
 * The entry file of a plugin package, relative to its folder: `patchbay.entry`, else `exports["."]`
 * (conditions `import`, `node`, `default`), else `module`, `main`, else `index.js`.
 */
export function selectEntry(manifest: PackageManifest, patchbayEntry?: string): string {
  if (patchbayEntry !== undefined) return patchbayEntry;
  const exp = manifest.exports;
  if (exp !== undefined && exp !== null) {
    let root: unknown = exp;
    if (typeof exp === "object" && !Array.isArray(exp)) {
      const keys = Object.keys(exp);
      // With subpath keys the root export is ".", otherwise the object is a conditions map for ".".
      if (keys.some((k) => k.startsWith("."))) root = (exp as Record<string, unknown>)["."];
    }
    const picked = pickTarget(root);
    if (picked !== undefined) return picked;
  }
  if (typeof manifest.module === "string" && manifest.module !== "") return manifest.module;
  if (typeof manifest.main === "string" && manifest.main !== "") return manifest.main;
  return "index.js";
}

/** `entry` resolved inside `dir`, or `undefined` when it points outside the package. */
export function entryPath(dir: string, entry: string): string | undefined {
  const file = resolve(dir, entry);
  const rel = relative(dir, file);
  return rel.startsWith("..") || isAbsolute(rel) ? undefined : file;
}
