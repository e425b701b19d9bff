import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { maskSecrets } from "@patchbay/core";
import { InventoryError } from "./errors.ts";
import { buildHosts, whereSet } from "./internal/build-hosts.ts";
import { declare } from "./internal/declare.ts";
import { readFleetDocument } from "./internal/document.ts";
import { IssueList } from "./internal/issues.ts";
import { isPlainObject } from "./internal/merge.ts";
import { plan } from "./internal/plan.ts";
import { runSources } from "./internal/run-sources.ts";
import { ReferenceReader } from "./internal/secrets.ts";
import { selectNames } from "./internal/select.ts";
import { unknownPlatformMessage } from "./platforms.ts";
import type { Inventory, InventoryHost, InventoryOptions } from "./types.ts";

export type { ConnectorSchema, Inventory, InventoryHost, InventoryOptions } from "./types.ts";

/** Reads and checks a fleet file. Throws `InventoryError` with every problem at once. */
export async function loadInventory(path: string, options: InventoryOptions = {}): Promise<Inventory> {
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new InventoryError({
      issues: [{ file, key: "(file)", message: `cannot read the fleet file: ${code}` }],
    });
  }
  return parseInventory(text, { ...options, file });
}

/**
 * Parses fleet-file text (`file` names it in messages; relative paths start at its folder), in the
 * merge order's phases: read the YAML, declare (defaults, groups, hosts), run the sources, plan
 * (names, groups), select (`limit`), merge and resolve, then check connector data and platforms.
 */
export async function parseInventory(
  text: string,
  options: InventoryOptions & { file: string },
): Promise<Inventory> {
  const file = options.file;
  const baseDir = dirname(resolve(file));
  const doc = readFleetDocument(text, file);
  const root = doc.root;
  if (!isPlainObject(root)) {
    const message = "a fleet file is a mapping with hosts, groups, defaults, sources, parallelism";
    throw new InventoryError({ issues: [{ file, line: 1, column: 1, key: "(root)", message }] });
  }
  const issues = new IssueList(file, doc);
  const reader = new ReferenceReader(options.env ?? process.env, baseDir, issues);
  const declared = declare(root, file, issues);
  await runSources(root.sources, declared, issues, reader, {
    sources: options.sources,
    baseDir,
    timeoutMs: options.sourceTimeoutMs ?? 30_000,
    signal: options.signal,
  });
  const planned = plan(declared, options.expanders, issues);
  const groupLists = new Map([...declared.groups].map(([name, g]) => [name, g.members]));
  const selected = selectNames(
    options.limit,
    planned.map((p) => p.name),
    groupLists,
    file,
  );
  const built = await buildHosts(planned, selected, declared, reader, issues, {
    defaultPlatforms: options.defaultPlatforms ?? { local: "linux" },
    portKeys: options.portKeys ?? {},
  });
  const platforms = [...built.platforms.keys()];
  const schemas =
    typeof options.connectors === "function"
      ? await options.connectors(platforms)
      : (options.connectors ?? []);
  for (const { planned: host, data } of built.connectorChecks) {
    for (const schema of schemas) {
      if (data[schema.name] === undefined) continue;
      const result = schema.safeParse(data[schema.name]);
      if (result.ok) continue;
      for (const problem of result.issues) {
        // Issue keys are dotted from the settings' name (`ssh.port`), as are suggestions.
        const path = ["data", ...problem.key.split(".").filter(Boolean)];
        const prefix = `${schema.name}.`;
        const suggested = problem.suggestion;
        issues.add(whereSet(issues, host, path), problem.message, {
          host: host.name,
          key: path.join("."),
          suggestion: suggested?.startsWith(prefix) ? suggested.slice(prefix.length) : suggested,
        });
      }
    }
  }
  if (options.knownPlatforms !== undefined) {
    const known =
      typeof options.knownPlatforms === "function"
        ? await options.knownPlatforms(platforms)
        : options.knownPlatforms;
    for (const [platform, users] of built.platforms) {
      if (known.includes(platform)) continue;
      const first = planned.find((p) => p.name === users[0]);
      const { message, suggestion } = unknownPlatformMessage(platform, known);
      const more = users.length > 1 ? ` (${users.length} hosts use it)` : "";
      issues.add(first ? whereSet(issues, first, ["platform"]) : [], `${message}${more}`, {
        host: users[0],
        key: "platform",
        suggestion,
      });
    }
  }
  issues.throwIfAny();
  return inventoryOf(file, declared.parallelism, built.hosts, groupLists, built.secrets);
}

function inventoryOf(
  file: string,
  parallelism: number,
  hosts: InventoryHost[],
  groupLists: ReadonlyMap<string, readonly string[]>,
  secretSet: ReadonlySet<string>,
): Inventory {
  const present = new Set(hosts.map((h) => h.name));
  const groups: Record<string, string[]> = {};
  for (const [name, members] of groupLists) groups[name] = members.filter((m) => present.has(m));
  const groupMap = new Map(Object.entries(groups));
  const names = hosts.map((h) => h.name);
  const secrets = [...secretSet].sort((a, b) => b.length - a.length);
  return {
    file,
    parallelism,
    hosts,
    groups,
    secrets,
    redact: (value: string) => maskSecrets(value, secrets),
    select(limit?: string | readonly string[]): InventoryHost[] {
      const chosen = selectNames(limit, names, groupMap, file);
      return chosen === undefined ? [...hosts] : hosts.filter((h) => chosen.has(h.name));
    },
  };
}
