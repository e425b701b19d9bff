import { ConnectionValidationError, createDevice, deviceSecrets } from "@patchbay/core";
import type { InventoryIssue } from "../errors.ts";
import type { InventoryHost } from "../types.ts";
import type { Declared } from "./declare.ts";
import type { IssueList, Path } from "./issues.ts";
import { deepMerge, isPlainObject } from "./merge.ts";
import type { Planned } from "./plan.ts";
import { type ReferenceReader, referenceOf, withoutReferences } from "./secrets.ts";

export interface BuildOptions {
  defaultPlatforms: Readonly<Record<string, string>>;
  /** Connectors that do not use the host's `port`, with the key that sets theirs. */
  portKeys: Readonly<Record<string, string>>;
}

/** A built host and what its connector data must be checked against once the schemas are known. */
export interface Built {
  hosts: InventoryHost[];
  secrets: Set<string>;
  platforms: Map<string, string[]>;
  connectorChecks: { planned: Planned; data: Record<string, unknown> }[];
}

/**
 * Phase 4, merge and resolve: defaults <- each group in file order <- the expander's fields <- the
 * host's fields in the file <- what sources said. References are resolved (once per place they are
 * written) only for the `selected` hosts; the others are checked without reading any secret.
 */
export async function buildHosts(
  planned: readonly Planned[],
  selected: ReadonlySet<string> | undefined,
  declared: Declared,
  reader: ReferenceReader,
  issues: IssueList,
  options: BuildOptions,
): Promise<Built> {
  const built: Built = { hosts: [], secrets: new Set(), platforms: new Map(), connectorChecks: [] };
  const sites = new Map<object, Promise<{ value: Record<string, unknown>; ok: boolean }>>();
  /** The fields written at one place, resolved once (a missing secret is reported there, once). */
  const resolved = (fields: Record<string, unknown>, at: (inner: Path) => Path, host: string) => {
    let site = sites.get(fields);
    if (site === undefined) {
      site = reader.resolve(fields, at, host).then((r) => {
        for (const s of r.secrets) built.secrets.add(s);
        return { value: r.value as Record<string, unknown>, ok: r.ok };
      });
      sites.set(fields, site);
    }
    return site;
  };
  for (const host of planned) {
    const { entry } = host;
    const where = (inner: Path): Path => whereSet(issues, host, inner);
    const isSelected = selected === undefined || selected.has(host.name);
    const layers: Record<string, unknown>[] = [];
    let unresolved = !isSelected;
    if (isSelected) {
      const own = [
        await resolved(declared.defaults, (p) => ["defaults", ...p], host.name),
        ...(await Promise.all(
          host.groups.map((g) =>
            resolved(declared.groups.get(g)?.fields ?? {}, (p) => ["groups", g, ...p], host.name),
          ),
        )),
      ];
      const fields = await resolved(entry.fields, where, host.name);
      unresolved = [...own, fields].some((site) => !site.ok);
      layers.push(...own.map((site) => site.value), host.extra ?? {}, fields.value);
    } else {
      layers.push(declared.defaults, ...host.groups.map((g) => declared.groups.get(g)?.fields ?? {}));
      layers.push(host.extra ?? {}, entry.fields);
    }
    layers.push(entry.sourceFields);
    let merged: Record<string, unknown> = {};
    for (const layer of layers) if (!isEmpty(layer)) merged = deepMerge(merged, layer);
    const platformIsReference = referenceOf(merged.platform) !== undefined;
    // A reference left (not selected, or its secret is missing and reported) is not checked further.
    if (unresolved) merged = withoutReferences(merged) as Record<string, unknown>;
    const report = (path: Path, message: string, extra: Partial<InventoryIssue> = {}): void =>
      issues.add(where(path), message, { host: host.name, ...extra });
    if (!checkFields(merged, report)) continue;
    const connector =
      typeof merged.connector === "string" && !entry.name.startsWith("@") ? merged.connector : host.connector;
    const portKey = options.portKeys[connector];
    if (merged.port !== undefined && portKey !== undefined) {
      report(["port"], `the ${connector} connector does not use the host's port; set ${portKey} instead`, {
        key: "port",
        suggestion: portKey,
      });
    }
    const data = isPlainObject(merged.data) ? merged.data : {};
    const platform = (merged.platform as string | undefined) ?? options.defaultPlatforms[connector];
    if (platform !== undefined && !platformIsReference) {
      const users = built.platforms.get(platform) ?? [];
      if (users.length === 0) built.platforms.set(platform, users);
      users.push(host.name);
    }
    built.connectorChecks.push({ planned: host, data });
    if (unresolved) {
      if (platform === undefined && !platformIsReference)
        report([], "has no platform (set it on the host, a group or defaults)", { key: "platform" });
      continue;
    }
    try {
      const device = createDevice({
        id: host.name,
        host: (merged.host as string | undefined) ?? (host.extra !== undefined ? host.name : host.address),
        ...(merged.port !== undefined ? { port: merged.port as number } : {}),
        ...(merged.username !== undefined ? { username: merged.username as string } : {}),
        ...(merged.password !== undefined ? { password: merged.password as string } : {}),
        ...(platform !== undefined ? { platform } : {}),
        data,
      });
      for (const s of deviceSecrets(device)) built.secrets.add(s);
      built.hosts.push({
        name: host.name,
        connector,
        groups: [...host.groups],
        device,
        origin: entry.origin,
      });
    } catch (error) {
      if (!(error instanceof ConnectionValidationError)) throw error;
      for (const field of error.missingFields)
        report([], `has no ${field} (set it on the host, a group or defaults)`, { key: field });
      for (const field of error.invalidFields) report([field.field], field.reason, { key: field.field });
    }
  }
  return built;
}

/** Checks the merged host fields' types; false when something is wrong (reported through `report`). */
function checkFields(
  fields: Record<string, unknown>,
  report: (path: Path, message: string) => void,
): boolean {
  let ok = true;
  for (const key of ["host", "username", "password", "platform", "connector"]) {
    if (fields[key] !== undefined && (typeof fields[key] !== "string" || fields[key] === "")) {
      report([key], "must be a non-empty string");
      ok = false;
    }
  }
  const port = fields.port;
  if (
    port !== undefined &&
    !(typeof port === "number" && Number.isInteger(port) && port > 0 && port < 65536)
  ) {
    report(["port"], "must be an integer from 1 to 65535");
    ok = false;
  }
  if (fields.data !== undefined && !isPlainObject(fields.data)) {
    report(["data"], "must be a mapping");
    ok = false;
  }
  return ok;
}

/**
 * Where a merged host field was set: the host's own entries first, then its groups from the last
 * applied, then defaults. Falls back to the host's entry (values from sources and expanders).
 */
export function whereSet(issues: IssueList, host: Planned, path: Path): Path {
  const { entry } = host;
  const candidates: Path[] = entry.paths.map((p) => [...p, ...path]);
  for (const g of [...host.groups].reverse()) candidates.push(["groups", g, ...path]);
  candidates.push(["defaults", ...path]);
  for (const candidate of candidates) if (issues.doc.has(candidate)) return candidate;
  return entry.paths[0] ?? [];
}

function isEmpty(value: Record<string, unknown>): boolean {
  for (const _ in value) return false;
  return true;
}
