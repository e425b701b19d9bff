import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import {
  ConnectionValidationError,
  type ConnectorDataResult,
  createDevice,
  type Device,
  deviceSecrets,
  maskSecrets,
  suggestKey,
} from "@patchbay/core";
import { isMap, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { InventoryError, type InventoryIssue } from "./errors.ts";
import { deepMerge, isPlainObject } from "./internal/merge.ts";
import { resolveReferences } from "./internal/secrets.ts";
import { type NameExpander, parseHostName } from "./names.ts";
import { BUILTIN_SOURCES, type InventorySource, type SourceHost } from "./sources.ts";

/** Connector settings to check a host's `data[name]` against (core's `ConnectorSettings` fits). */
export interface ConnectorSchema {
  readonly name: string;
  safeParse(data: unknown): ConnectorDataResult<unknown>;
}

/** Options of {@link loadInventory} and {@link parseInventory}. */
export interface InventoryOptions {
  /** Where `{ env: NAME }` values come from. @default process.env */
  env?: NodeJS.ProcessEnv;
  /**
   * Connector settings that validate `data.<name>` of every host that sets it; or a function given
   * the fleet's platforms that returns them (a caller that finds plugins per platform), called once
   * every host is built, so the file and its sources are read only once.
   */
  connectors?:
    | readonly ConnectorSchema[]
    | ((platforms: readonly string[]) => Promise<readonly ConnectorSchema[]>);
  /** Source types besides json, csv, http and exec. */
  sources?: readonly InventorySource[];
  /** Connectors that expand one name into several hosts, by connector name. */
  expanders?: Readonly<Record<string, NameExpander>>;
  /** Platform of hosts that set none, by connector. @default { local: "linux" } */
  defaultPlatforms?: Readonly<Record<string, string>>;
  /** Time limit of each dynamic source. @default 30000 */
  sourceTimeoutMs?: number;
  signal?: AbortSignal;
}

/** One host of the fleet, ready to connect. */
export interface InventoryHost {
  /** The name as written (`@ssh/r1.lab`, `@local`, `r1.lab`). */
  name: string;
  /** How to reach it: `ssh`, `local`, `netconf`, `api`... (the plugin connection type). */
  connector: string;
  groups: string[];
  /** The device: id is the name; defaults, groups and host data merged in that order. */
  device: Device;
  /** Where it was defined: the fleet file or a source. */
  origin: string;
}

/** A loaded fleet. */
export interface Inventory {
  file: string;
  /** How many hosts to work on at once. */
  parallelism: number;
  hosts: InventoryHost[];
  /** Group name -> host names, in file order. */
  groups: Record<string, string[]>;
  /**
   * The hosts matching `limit`: group names, host names, or `*` globs, comma-separated or as a list.
   * Every host when empty. An entry that matches nothing is an `InventoryError`.
   */
  select(limit?: string | readonly string[]): InventoryHost[];
  /** Every secret the fleet holds (passwords, values read from the environment or files). */
  readonly secrets: readonly string[];
  /** `text` with every secret of the fleet replaced by `[redacted]`. */
  redact(text: string): string;
}

const TOP_KEYS = ["parallelism", "defaults", "groups", "hosts", "sources"];
const HOST_FIELDS = ["host", "port", "username", "password", "platform", "connector", "data"];
const GROUP_KEYS = [...HOST_FIELDS, "hosts"];
const HOST_ENTRY_KEYS = [...HOST_FIELDS, "groups"];
const NAME = /^[A-Za-z0-9_.-]+$/;

/** Reads and checks a fleet file. Throws `InventoryError` with every problem at once. */
export async function loadInventory(path: string, options: InventoryOptions = {}): Promise<Inventory> {
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new InventoryError({
      issues: [
        {
          file,
          key: "(file)",
          message: `cannot read the fleet file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        },
      ],
    });
  }
  return parseInventory(text, { ...options, file });
}

interface Entry {
  name: string;
  fields: Record<string, unknown>;
  groups: string[];
  /** YAML paths of the host's own definitions (for error positions), most specific first. */
  paths: (string | number)[][];
  origin: string;
}

/** Parses fleet-file text (`file` names it in messages; relative paths start at its folder). */
export async function parseInventory(
  text: string,
  options: InventoryOptions & { file: string },
): Promise<Inventory> {
  const file = options.file;
  const baseDir = dirname(resolve(file));
  const env = options.env ?? process.env;
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  const issues: InventoryIssue[] = [];
  const at = (path: (string | number)[], atKey = false): { line?: number; column?: number } => {
    const node = locate(doc.contents as Node | null, path, atKey);
    if (node?.range === undefined || node.range === null) return {};
    const pos = lines.linePos(node.range[0]);
    return { line: pos.line, column: pos.col };
  };
  const issue = (
    path: (string | number)[],
    message: string,
    extra: Partial<InventoryIssue> = {},
    atKey = false,
  ): void => {
    issues.push({ file, ...at(path, atKey), key: path.join("."), message, ...extra });
  };
  for (const error of doc.errors) {
    issues.push({
      file,
      line: error.linePos?.[0]?.line,
      column: error.linePos?.[0]?.col,
      key: "(yaml)",
      message: error.message.split("\n")[0] ?? error.message,
    });
  }
  if (issues.length > 0) throw new InventoryError({ issues });
  const root = doc.toJS() as unknown;
  if (!isPlainObject(root)) {
    throw new InventoryError({
      issues: [
        {
          file,
          line: 1,
          column: 1,
          key: "(root)",
          message: "a fleet file is a mapping with hosts, groups, defaults, sources, parallelism",
        },
      ],
    });
  }

  for (const key of Object.keys(root)) {
    if (!TOP_KEYS.includes(key))
      issue([key], "is not a fleet-file key", { suggestion: suggestKey(key, TOP_KEYS) }, true);
  }
  let parallelism = 20;
  if (root.parallelism !== undefined) {
    if (typeof root.parallelism === "number" && Number.isInteger(root.parallelism) && root.parallelism > 0)
      parallelism = root.parallelism;
    else issue(["parallelism"], "must be a positive integer");
  }
  const defaults = fieldsAt(root.defaults, ["defaults"], HOST_FIELDS, issue);

  // Groups, in file order, with their own fields and member entries.
  const groupFields = new Map<string, Record<string, unknown>>();
  const groupMembers: Record<string, string[]> = {};
  const entries = new Map<string, Entry>();
  const addEntry = (entry: Entry): void => {
    const existing = entries.get(entry.name);
    if (existing === undefined) entries.set(entry.name, entry);
    else {
      existing.fields = deepMerge(existing.fields, entry.fields);
      existing.groups.push(...entry.groups.filter((g) => !existing.groups.includes(g)));
      existing.paths.unshift(...entry.paths);
    }
  };
  if (root.groups !== undefined && !isPlainObject(root.groups))
    issue(["groups"], "must be a mapping of group names");
  for (const [group, value] of Object.entries(isPlainObject(root.groups) ? root.groups : {})) {
    if (!NAME.test(group))
      issue(["groups", group], "is not a valid group name (letters, digits, . _ -)", {}, true);
    const own = fieldsAt(value ?? {}, ["groups", group], GROUP_KEYS, issue);
    const { hosts: members, ...fields } = own;
    groupFields.set(group, fields);
    groupMembers[group] = [];
    if (members === undefined) continue;
    if (!Array.isArray(members)) {
      issue(["groups", group, "hosts"], "must be a list of host names or host entries");
      continue;
    }
    members.forEach((member, i) => {
      const path = ["groups", group, "hosts", i];
      const entry = hostEntry(member, path, issue);
      if (entry === undefined) return;
      addEntry({ ...entry, groups: [group, ...entry.groups], paths: [path], origin: file });
    });
  }

  // The hosts section: a mapping of name -> fields, or a list of names and entries.
  if (Array.isArray(root.hosts)) {
    root.hosts.forEach((item, i) => {
      const entry = hostEntry(item, ["hosts", i], issue);
      if (entry !== undefined) addEntry({ ...entry, paths: [["hosts", i]], origin: file });
    });
  } else if (isPlainObject(root.hosts)) {
    for (const [name, value] of Object.entries(root.hosts)) {
      const entry = hostEntry(
        { name, ...(isPlainObject(value) ? value : {}) },
        ["hosts", name],
        issue,
        value,
      );
      if (entry !== undefined) addEntry({ ...entry, paths: [["hosts", name]], origin: file });
    }
  } else if (root.hosts !== undefined) issue(["hosts"], "must be a mapping of host names, or a list");

  // Dynamic sources.
  const sourceTypes = new Map([...BUILTIN_SOURCES, ...(options.sources ?? [])].map((s) => [s.type, s]));
  const sourceList = root.sources === undefined ? [] : Array.isArray(root.sources) ? root.sources : undefined;
  if (sourceList === undefined) issue(["sources"], "must be a list of sources");
  const pending: {
    index: number;
    source: InventorySource;
    settings: Record<string, unknown>;
    group?: string;
  }[] = [];
  (sourceList ?? []).forEach((item, index) => {
    if (!isPlainObject(item) || typeof item.type !== "string") {
      issue(["sources", index], 'must be a mapping with a "type"');
      return;
    }
    const source = sourceTypes.get(item.type);
    if (source === undefined) {
      issue(
        ["sources", index, "type"],
        `"${item.type}" is not a known source type (${[...sourceTypes.keys()].join(", ")})`,
        {
          suggestion: suggestKey(item.type, [...sourceTypes.keys()]),
        },
      );
      return;
    }
    const { type: _type, group, ...settings } = item;
    if (group !== undefined && (typeof group !== "string" || !NAME.test(group)))
      issue(["sources", index, "group"], "must be a group name");
    for (const problem of source.check(settings)) issue(["sources", index], problem);
    pending.push({ index, source, settings, ...(typeof group === "string" ? { group } : {}) });
  });
  if (issues.length === 0) {
    const results = await Promise.allSettled(
      pending.map((p) =>
        p.source.hosts(p.settings, {
          baseDir,
          timeoutMs: options.sourceTimeoutMs ?? 30_000,
          signal: options.signal,
        }),
      ),
    );
    results.forEach((result, i) => {
      const p = pending[i]!;
      if (result.status === "rejected") {
        issue(
          ["sources", p.index],
          `the ${p.source.type} source failed: ${(result.reason as Error)?.message ?? String(result.reason)}`,
        );
        return;
      }
      for (const host of result.value as SourceHost[]) {
        const groups = [...(host.groups ?? []), ...(p.group !== undefined ? [p.group] : [])];
        for (const g of groups) {
          groupMembers[g] ??= [];
          if (!groupFields.has(g)) groupFields.set(g, {});
        }
        addEntry({
          name: host.name,
          fields: host.fields,
          groups,
          paths: [["sources", p.index]],
          origin: `${p.source.type} source #${p.index + 1}`,
        });
      }
    });
  }

  // Build the hosts: expand names, merge defaults <- groups (file order) <- host, resolve secrets.
  const hosts: InventoryHost[] = [];
  const secrets = new Set<string>();
  const platforms = new Set<string>();
  // Connector data is checked once every host is built: the schemas may depend on the platforms.
  const connectorChecks: { entry: Entry; host: string; data: Record<string, unknown> }[] = [];
  const groupOrder = [...groupFields.keys()];
  for (const entry of entries.values()) {
    for (const g of entry.groups) {
      if (!groupFields.has(g)) {
        const listed = entry.paths.map((p) => [...p, "groups"]).find((p) => doc.hasIn(p));
        issue(listed ?? entry.paths[0] ?? ["hosts"], `is in group "${g}", which is not defined`, {
          host: entry.name,
          suggestion: suggestKey(g, groupOrder),
        });
      }
    }
    const parsed = parseHostName(entry.name);
    if (parsed === undefined) {
      issue(
        entry.paths[0] ?? ["hosts"],
        `"${entry.name}" is not a host name (use name, @connector/name or @local)`,
        { host: entry.name },
      );
      continue;
    }
    const expander = options.expanders?.[parsed.connector];
    const expanded =
      expander !== undefined
        ? expander(parsed.address).map((e) => ({ name: e.name, extra: e.fields }))
        : [{ name: entry.name, extra: {} }];
    for (const one of expanded) {
      let merged = deepMerge({}, defaults);
      for (const g of groupOrder)
        if (entry.groups.includes(g)) merged = deepMerge(merged, groupFields.get(g) ?? {});
      merged = deepMerge(deepMerge(merged, one.extra), entry.fields);
      const resolved = resolveReferences(merged, env, baseDir);
      for (const s of resolved.secrets) secrets.add(s);
      for (const problem of resolved.problems) {
        issue(whereSet(doc, entry, groupOrder, problem.path), problem.message, { host: one.name });
      }
      const fields = resolved.value as Record<string, unknown>;
      const connector =
        typeof fields.connector === "string" && !entry.name.startsWith("@")
          ? fields.connector
          : parsed.connector;
      const checked = checkFields(fields, (path, message, extra) =>
        issue(whereSet(doc, entry, groupOrder, path), message, { host: one.name, ...extra }),
      );
      if (!checked) continue;
      const data = isPlainObject(fields.data) ? fields.data : {};
      const platform =
        (fields.platform as string | undefined) ??
        (options.defaultPlatforms ?? { local: "linux" })[connector];
      if (platform !== undefined) platforms.add(platform);
      connectorChecks.push({ entry, host: one.name, data });
      try {
        const device = createDevice({
          id: one.name,
          host: (fields.host as string | undefined) ?? (expander !== undefined ? one.name : parsed.address),
          ...(fields.port !== undefined ? { port: fields.port as number } : {}),
          ...(fields.username !== undefined ? { username: fields.username as string } : {}),
          ...(fields.password !== undefined ? { password: fields.password as string } : {}),
          ...(platform !== undefined ? { platform } : {}),
          data,
        });
        for (const s of deviceSecrets(device)) secrets.add(s);
        hosts.push({ name: one.name, connector, groups: [...entry.groups], device, origin: entry.origin });
        for (const g of entry.groups)
          if (groupMembers[g] && !groupMembers[g].includes(one.name)) groupMembers[g].push(one.name);
      } catch (error) {
        if (!(error instanceof ConnectionValidationError)) throw error;
        for (const field of error.missingFields) {
          issue(entry.paths[0] ?? ["hosts"], `has no ${field} (set it on the host, a group or defaults)`, {
            host: one.name,
            key: field,
          });
        }
        for (const field of error.invalidFields)
          issue(whereSet(doc, entry, groupOrder, [field.field]), field.reason, {
            host: one.name,
            key: field.field,
          });
      }
    }
  }
  const schemas =
    typeof options.connectors === "function"
      ? await options.connectors([...platforms])
      : (options.connectors ?? []);
  for (const { entry, host, data } of connectorChecks) {
    for (const schema of schemas) {
      if (data[schema.name] === undefined) continue;
      const result = schema.safeParse(data[schema.name]);
      if (result.ok) continue;
      for (const problem of result.issues) {
        // Issue keys are dotted from the settings' name (`ssh.port`), as are suggestions.
        const path = ["data", ...problem.key.split(".").filter(Boolean)];
        const prefix = `${schema.name}.`;
        const suggested = problem.suggestion;
        issue(whereSet(doc, entry, groupOrder, path), problem.message, {
          host,
          key: path.join("."),
          suggestion: suggested?.startsWith(prefix) ? suggested.slice(prefix.length) : suggested,
        });
      }
    }
  }
  if (issues.length > 0) throw new InventoryError({ issues });

  const secretList = [...secrets].sort((a, b) => b.length - a.length);
  return {
    file,
    parallelism,
    hosts,
    groups: groupMembers,
    secrets: secretList,
    redact: (value: string) => maskSecrets(value, secretList),
    select(limit?: string | readonly string[]): InventoryHost[] {
      const tokens = (typeof limit === "string" ? [limit] : (limit ?? []))
        .flatMap((t) => t.split(","))
        .map((t) => t.trim())
        .filter(Boolean);
      if (tokens.length === 0) return [...hosts];
      const chosen = new Set<string>();
      const unmatched: InventoryIssue[] = [];
      for (const token of tokens) {
        const glob = new RegExp(`^${token.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
        const before = chosen.size;
        const inGroup = groupMembers[token];
        if (inGroup !== undefined) for (const h of inGroup) chosen.add(h);
        for (const h of hosts) if (glob.test(h.name)) chosen.add(h.name);
        if (chosen.size === before && inGroup === undefined && !hosts.some((h) => glob.test(h.name))) {
          unmatched.push({
            file,
            key: "limit",
            message: `"${token}" matches no host or group`,
            suggestion: suggestKey(token, [...Object.keys(groupMembers), ...hosts.map((h) => h.name)]),
          });
        }
      }
      if (unmatched.length > 0) throw new InventoryError({ issues: unmatched });
      return hosts.filter((h) => chosen.has(h.name));
    },
  };
}

type IssueFn = (
  path: (string | number)[],
  message: string,
  extra?: Partial<InventoryIssue>,
  atKey?: boolean,
) => void;

/** The host fields of a mapping at `path`, reporting unknown keys. */
function fieldsAt(
  value: unknown,
  path: (string | number)[],
  allowed: readonly string[],
  issue: IssueFn,
): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) {
    issue(path, "must be a mapping");
    return {};
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key))
      issue([...path, key], "is not a host field", { suggestion: suggestKey(key, allowed) }, true);
  }
  return value;
}

/** A host entry: a name string, or `{ name, groups?, ...fields }`. */
function hostEntry(
  item: unknown,
  path: (string | number)[],
  issue: IssueFn,
  rawValue?: unknown,
): Omit<Entry, "paths" | "origin"> | undefined {
  if (typeof item === "string") return { name: item, fields: {}, groups: [] };
  if (!isPlainObject(item) || typeof item.name !== "string" || item.name === "") {
    issue(path, "must be a host name or a mapping with a name");
    return undefined;
  }
  if (rawValue !== undefined && rawValue !== null && !isPlainObject(rawValue)) {
    issue(path, "must be a mapping of host fields (or empty)");
    return undefined;
  }
  const { name, groups, ...rest } = item;
  const fields = fieldsAt(rest, path, HOST_ENTRY_KEYS, issue);
  let groupList: string[] = [];
  if (groups !== undefined) {
    if (Array.isArray(groups) && groups.every((g) => typeof g === "string")) groupList = groups as string[];
    else issue([...path, "groups"], "must be a list of group names");
  }
  return { name, fields, groups: groupList };
}

/** Checks the merged host fields' types; false when something is wrong (reported through `report`). */
function checkFields(
  fields: Record<string, unknown>,
  report: (path: string[], message: string, extra?: Partial<InventoryIssue>) => void,
): boolean {
  let ok = true;
  for (const key of ["host", "username", "password", "platform", "connector"]) {
    if (fields[key] !== undefined && (typeof fields[key] !== "string" || fields[key] === "")) {
      report([key], "must be a non-empty string");
      ok = false;
    }
  }
  if (
    fields.port !== undefined &&
    !(Number.isInteger(fields.port) && (fields.port as number) > 0 && (fields.port as number) < 65536)
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
 * Where a merged host field was set: the host's own entry first, then its groups from the last
 * applied, then defaults. Falls back to the host's entry (values from sources and expanders).
 */
function whereSet(
  doc: ReturnType<typeof parseDocument>,
  entry: Entry,
  groupOrder: readonly string[],
  path: (string | number)[],
): (string | number)[] {
  const candidates: (string | number)[][] = [...entry.paths.map((p) => [...p, ...path])];
  for (const g of [...groupOrder].reverse())
    if (entry.groups.includes(g)) candidates.push(["groups", g, ...path]);
  candidates.push(["defaults", ...path]);
  for (const candidate of candidates) if (doc.hasIn(candidate)) return candidate;
  return entry.paths[0] ?? [];
}

/** The node at `path` (the key node with `atKey`). */
function locate(root: Node | null, path: readonly (string | number)[], atKey: boolean): Node | undefined {
  let node: Node | null | undefined = root;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    if (isMap(node)) {
      const pair = node.items.find((p) => {
        const k = p.key as { value?: unknown } | null;
        return (k !== null && typeof k === "object" && "value" in k ? k.value : p.key) === segment;
      });
      if (pair === undefined) return node;
      if (i === path.length - 1 && atKey) return pair.key as Node;
      node = pair.value as Node | null;
      if (node === null) return pair.key as Node;
    } else if (isSeq(node) && typeof segment === "number") {
      node = node.items[segment] as Node | undefined;
      if (node === undefined) return undefined;
    } else return node ?? undefined;
  }
  return node ?? undefined;
}
