import { maskSecrets, OperationAbortedError, suggestKey } from "@patchbay/core";
import { groupNameProblem, hostNameProblem } from "../names.ts";
import { BUILTIN_SOURCES, type InventorySource, type SourceHost } from "../sources.ts";
import { addEntry, type Declared, newGroup } from "./declare.ts";
import { MAX_NESTING } from "./document.ts";
import type { IssueList, Path } from "./issues.ts";
import { isPlainObject } from "./merge.ts";
import type { ReferenceReader } from "./secrets.ts";
import { sourceLabel, sourceSecrets } from "./source-label.ts";

export interface SourceRunOptions {
  sources?: readonly InventorySource[] | undefined;
  baseDir: string;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

interface Pending {
  index: number;
  source: InventorySource;
  settings: Record<string, unknown>;
  group?: string;
  label: string;
  secrets: string[];
}

/**
 * Phase 2, sources: checks each source's settings (which, being in the fleet file, may use
 * `{ env }` and `{ file }`), runs the sources at once, and adds their hosts. What a source returns
 * is data: a reference in it is a problem naming the source and the host, never resolved, and
 * names follow the same rule as in the file. Credentials never appear in a source's messages.
 */
export async function runSources(
  list: unknown,
  declared: Declared,
  issues: IssueList,
  reader: ReferenceReader,
  options: SourceRunOptions,
): Promise<void> {
  const types = new Map([...BUILTIN_SOURCES, ...(options.sources ?? [])].map((s) => [s.type, s]));
  if (list !== undefined && !Array.isArray(list)) issues.add(["sources"], "must be a list of sources");
  const pending: Pending[] = [];
  for (const [index, item] of (Array.isArray(list) ? list : []).entries()) {
    if (!isPlainObject(item) || typeof item.type !== "string") {
      issues.add(["sources", index], 'must be a mapping with a "type"');
      continue;
    }
    const source = types.get(item.type);
    if (source === undefined) {
      issues.add(
        ["sources", index, "type"],
        `"${item.type}" is not a known source type (${[...types.keys()].join(", ")})`,
        { suggestion: suggestKey(item.type, [...types.keys()]) },
      );
      continue;
    }
    const { type: _type, group, ...written } = item;
    if (group !== undefined && (typeof group !== "string" || groupNameProblem(group) !== undefined))
      issues.add(["sources", index, "group"], "must be a group name");
    const resolved = await reader.resolve(written, ["sources", index]);
    const settings = resolved.value as Record<string, unknown>;
    const secrets = [...resolved.secrets, ...sourceSecrets(source.type, settings)];
    for (const problem of source.check(settings))
      issues.add(["sources", index], maskSecrets(problem, secrets));
    pending.push({
      index,
      source,
      settings,
      label: sourceLabel(source.type, settings, index),
      secrets,
      ...(typeof group === "string" ? { group } : {}),
    });
  }
  if (issues.size > 0) return;
  const results = await Promise.allSettled(
    pending.map((p) =>
      p.source.hosts(p.settings, {
        baseDir: options.baseDir,
        timeoutMs: options.timeoutMs,
        signal: options.signal,
      }),
    ),
  );
  if (options.signal?.aborted)
    throw new OperationAbortedError("loading the inventory was aborted", { cause: options.signal.reason });
  results.forEach((result, i) => {
    const p = pending[i] as Pending;
    const at: Path = ["sources", p.index];
    if (result.status === "rejected") {
      const reason = result.reason instanceof Error ? result.reason.message : String(result.reason);
      issues.add(at, maskSecrets(`the ${p.label} failed: ${reason}`, p.secrets));
      return;
    }
    const origin = `${p.label} (sources.${p.index})`;
    for (const host of result.value as SourceHost[]) addSourceHost(host, p, origin, declared, issues);
  });
}

function addSourceHost(
  host: SourceHost,
  p: Pending,
  origin: string,
  declared: Declared,
  issues: IssueList,
): void {
  const at: Path = ["sources", p.index];
  const bad = typeof host.name === "string" ? hostNameProblem(host.name) : "is not a string";
  if (bad !== undefined) {
    issues.add(at, `the ${p.label} returned a host whose name ${JSON.stringify(host.name)} ${bad}`, {
      host: String(host.name),
    });
    return;
  }
  const { references, tooDeep } = inspect(host.fields);
  if (tooDeep) {
    issues.add(at, `the ${p.label} returned host data nested more than ${MAX_NESTING} levels deep`, {
      host: host.name,
    });
    return;
  }
  for (const path of references) {
    issues.add(
      at,
      `the ${p.label} returned a secret reference at ${path.join(".")}: data from a source is never resolved; ` +
        "set secrets in the fleet file (defaults, a group or the host's entry)",
      { host: host.name, key: path.join(".") },
    );
  }
  const groups = [...(host.groups ?? []), ...(p.group !== undefined ? [p.group] : [])];
  const badGroups = groups.filter((g) => groupNameProblem(g) !== undefined);
  for (const g of badGroups)
    issues.add(
      at,
      `the ${p.label} put the host in group ${JSON.stringify(g)}, which ${groupNameProblem(g)}`,
      {
        host: host.name,
      },
    );
  if (references.length > 0 || badGroups.length > 0) return;
  for (const g of groups) if (!declared.groups.has(g)) declared.groups.set(g, newGroup());
  addEntry(declared, {
    name: host.name,
    fields: {},
    sourceFields: host.fields,
    groups: [...new Set(groups)],
    paths: [at],
    origin,
  });
}

/**
 * Paths of every `{ env }` or `{ file }` in `value` (any object with only an `env` or `file` key), and
 * whether it nests deeper than the fleet file may; found without recursion (the data is hostile).
 */
function inspect(value: unknown): { references: string[][]; tooDeep: boolean } {
  const references: string[][] = [];
  const stack: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: v, path } = stack.pop() as { value: unknown; path: string[] };
    if (path.length > MAX_NESTING) return { references, tooDeep: true };
    if (isPlainObject(v) && Object.keys(v).length === 1 && ("env" in v || "file" in v)) {
      references.push(path);
      continue;
    }
    if (Array.isArray(v)) {
      for (const [i, item] of v.entries()) stack.push({ value: item, path: [...path, String(i)] });
    } else if (isPlainObject(v))
      for (const [k, item] of Object.entries(v)) stack.push({ value: item, path: [...path, k] });
  }
  return { references, tooDeep: false };
}
