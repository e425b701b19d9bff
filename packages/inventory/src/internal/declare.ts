import { suggestKey } from "@patchbay/core";
import { groupNameProblem, hostNameProblem } from "../names.ts";
import type { IssueList, Path } from "./issues.ts";
import { deepMerge, isPlainObject } from "./merge.ts";

export const TOP_KEYS: readonly string[] = ["parallelism", "defaults", "groups", "hosts", "sources"];
export const HOST_FIELDS: readonly string[] = [
  "host",
  "port",
  "username",
  "password",
  "platform",
  "connector",
  "data",
];
const GROUP_KEYS = [...HOST_FIELDS, "hosts"];
const HOST_ENTRY_KEYS = [...HOST_FIELDS, "groups"];

/** One host as declared: by the fleet file (in one or more places) and by sources. */
export interface Entry {
  name: string;
  /** Fields written in the fleet file: the only place `{ env }` and `{ file }` are resolved. */
  fields: Record<string, unknown>;
  /** Fields sources returned: data, never resolved; they apply over `fields`. */
  sourceFields: Record<string, unknown>;
  /** Groups in the order the host joined them (unique). */
  groups: string[];
  /** YAML paths of the host's definitions, most specific first (for error positions). */
  paths: Path[];
  origin: string;
}

export interface Group {
  /** The group's own host fields (without `hosts`). */
  fields: Record<string, unknown>;
  /** Member names in file order, and the same as a set (a group may hold 100,000 hosts). */
  members: string[];
  memberSet: Set<string>;
}

/** What the fleet file declares, before sources add hosts. */
export interface Declared {
  parallelism: number;
  defaults: Record<string, unknown>;
  /** Groups in file order (sources may add more). */
  groups: Map<string, Group>;
  entries: Map<string, Entry>;
}

export function newGroup(fields: Record<string, unknown> = {}): Group {
  return { fields, members: [], memberSet: new Set() };
}

/** Adds an entry, or merges it into the one of the same name (the later definition wins). */
export function addEntry(declared: Declared, entry: Entry): void {
  const existing = declared.entries.get(entry.name);
  if (existing === undefined) {
    declared.entries.set(entry.name, entry);
    return;
  }
  existing.fields = deepMerge(existing.fields, entry.fields);
  existing.sourceFields = deepMerge(existing.sourceFields, entry.sourceFields);
  for (const g of entry.groups) if (!existing.groups.includes(g)) existing.groups.push(g);
  existing.paths.unshift(...entry.paths);
}

/** Phase 1, declare: parallelism, `defaults`, `groups` (file order) and `hosts`, checked as written. */
export function declare(root: Record<string, unknown>, file: string, issues: IssueList): Declared {
  for (const key of Object.keys(root)) {
    if (!TOP_KEYS.includes(key))
      issues.add([key], "is not a fleet-file key", { suggestion: suggestKey(key, TOP_KEYS) }, true);
  }
  let parallelism = 20;
  if (root.parallelism !== undefined) {
    if (typeof root.parallelism === "number" && Number.isInteger(root.parallelism) && root.parallelism > 0)
      parallelism = root.parallelism;
    else issues.add(["parallelism"], "must be a positive integer");
  }
  const declared: Declared = {
    parallelism,
    defaults: fieldsAt(root.defaults, ["defaults"], HOST_FIELDS, issues),
    groups: new Map(),
    entries: new Map(),
  };
  if (root.groups !== undefined && !isPlainObject(root.groups))
    issues.add(["groups"], "must be a mapping of group names");
  for (const [group, value] of Object.entries(isPlainObject(root.groups) ? root.groups : {})) {
    const bad = groupNameProblem(group);
    if (bad !== undefined) issues.add(["groups", group], bad, {}, true);
    const { hosts: members, ...fields } = fieldsAt(value ?? {}, ["groups", group], GROUP_KEYS, issues);
    declared.groups.set(group, newGroup(fields));
    if (members === undefined) continue;
    if (!Array.isArray(members)) {
      issues.add(["groups", group, "hosts"], "must be a list of host names or host entries");
      continue;
    }
    members.forEach((member, i) => {
      const path = ["groups", group, "hosts", i];
      const entry = hostEntry(member, path, issues);
      if (entry !== undefined)
        addEntry(declared, { ...entry, groups: [group, ...entry.groups], paths: [path], origin: file });
    });
  }
  if (Array.isArray(root.hosts)) {
    root.hosts.forEach((item, i) => {
      const entry = hostEntry(item, ["hosts", i], issues);
      if (entry !== undefined) addEntry(declared, { ...entry, paths: [["hosts", i]], origin: file });
    });
  } else if (isPlainObject(root.hosts)) {
    for (const [name, value] of Object.entries(root.hosts)) {
      const path = ["hosts", name];
      if (value !== undefined && value !== null && !isPlainObject(value)) {
        issues.add(path, "must be a mapping of host fields (or empty)");
        continue;
      }
      const entry = hostEntry({ ...(value ?? {}), name }, path, issues, true);
      if (entry !== undefined) addEntry(declared, { ...entry, paths: [path], origin: file });
    }
  } else if (root.hosts !== undefined) issues.add(["hosts"], "must be a mapping of host names, or a list");
  return declared;
}

/** The host fields of a mapping at `path`, reporting unknown keys. */
function fieldsAt(
  value: unknown,
  path: Path,
  allowed: readonly string[],
  issues: IssueList,
): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) {
    issues.add(path, "must be a mapping");
    return {};
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key))
      issues.add([...path, key], "is not a host field", { suggestion: suggestKey(key, allowed) }, true);
  }
  return value;
}

/** A host entry: a name string, or `{ name, groups?, ...fields }`. */
function hostEntry(
  item: unknown,
  path: Path,
  issues: IssueList,
  nameIsKey = false,
): Omit<Entry, "paths" | "origin"> | undefined {
  const named = typeof item === "string" ? { name: item } : item;
  if (!isPlainObject(named) || typeof named.name !== "string") {
    issues.add(path, "must be a host name or a mapping with a name");
    return undefined;
  }
  const { name, groups, ...rest } = named;
  const bad = hostNameProblem(name);
  if (bad !== undefined) {
    issues.add(path, `${JSON.stringify(name)} ${bad}`, { host: name }, nameIsKey);
    return undefined;
  }
  const fields = fieldsAt(rest, path, HOST_ENTRY_KEYS, issues);
  let groupList: string[] = [];
  if (groups !== undefined) {
    if (Array.isArray(groups) && groups.every((g) => typeof g === "string")) groupList = [...new Set(groups)];
    else issues.add([...path, "groups"], "must be a list of group names");
  }
  return { name, fields, sourceFields: {}, groups: groupList };
}
