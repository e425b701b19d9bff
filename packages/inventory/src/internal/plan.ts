import { suggestKey } from "@patchbay/core";
import { hostNameProblem, type NameExpander, parseHostName } from "../names.ts";
import type { Declared, Entry } from "./declare.ts";
import type { IssueList } from "./issues.ts";

/** One host to build: a declared entry, or one of the hosts an expander made of it. */
export interface Planned {
  name: string;
  entry: Entry;
  /** The connector the name says (`ssh` for plain names). */
  connector: string;
  address: string;
  /** Fields an expander gave this host; undefined when the name was not expanded. */
  extra: Record<string, unknown> | undefined;
  /** The host's groups in file order (the merge order). */
  groups: string[];
}

/**
 * Phase 3, plan: expands names, checks group references and group conflicts, and fills the
 * groups' member lists. Nothing is merged or read yet, so a `--limit` can choose before secrets are.
 */
export function plan(
  declared: Declared,
  expanders: Readonly<Record<string, NameExpander>> | undefined,
  issues: IssueList,
): Planned[] {
  const order = new Map([...declared.groups.keys()].map((g, i) => [g, i]));
  const planned: Planned[] = [];
  for (const entry of declared.entries.values()) {
    const groups = entry.groups.filter((g) => {
      if (order.has(g)) return true;
      const listed = entry.paths.map((p) => [...p, "groups"]).find((p) => issues.doc.has(p));
      issues.add(listed ?? entry.paths[0] ?? ["hosts"], `is in group "${g}", which is not defined`, {
        host: entry.name,
        suggestion: suggestKey(g, [...order.keys()]),
      });
      return false;
    });
    groups.sort((a, b) => (order.get(a) as number) - (order.get(b) as number));
    conflicts(entry, groups, declared, issues);
    const parsed = parseHostName(entry.name);
    if (parsed === undefined) continue; // reported when the entry was declared
    const expander = expanders?.[parsed.connector];
    const made =
      expander === undefined
        ? [{ name: entry.name, extra: undefined }]
        : expander(parsed.address).map((e) => ({ name: e.name, extra: e.fields }));
    for (const one of made) {
      const bad = one.name === entry.name ? undefined : hostNameProblem(one.name);
      if (bad !== undefined) {
        issues.add(entry.paths[0] ?? ["hosts"], `expands to ${JSON.stringify(one.name)}, which ${bad}`, {
          host: entry.name,
        });
        continue;
      }
      planned.push({
        name: one.name,
        entry,
        connector: parsed.connector,
        address: parsed.address,
        extra: one.extra,
        groups,
      });
      for (const g of groups) {
        const group = declared.groups.get(g);
        if (group !== undefined && !group.memberSet.has(one.name)) {
          group.memberSet.add(one.name);
          group.members.push(one.name);
        }
      }
    }
  }
  return planned;
}

/**
 * A host in two groups that set different platforms (or connectors), and that does not set its own,
 * would silently take the last group's: that is reported instead.
 */
function conflicts(entry: Entry, groups: readonly string[], declared: Declared, issues: IssueList): void {
  if (groups.length < 2) return;
  for (const field of ["platform", "connector"]) {
    if (entry.fields[field] !== undefined || entry.sourceFields[field] !== undefined) continue;
    const setters = groups
      .map((g) => ({ g, value: declared.groups.get(g)?.fields[field] }))
      .filter((s) => s.value !== undefined);
    const values = new Set(setters.map((s) => JSON.stringify(s.value)));
    if (values.size < 2) continue;
    const list = setters.map((s) => `"${s.g}" (${field} ${JSON.stringify(s.value)})`).join(", ");
    issues.add(
      entry.paths[0] ?? ["hosts"],
      `is in groups ${list}, which set different ${field}s: set ${field} on the host itself`,
      { host: entry.name, key: field },
    );
  }
}
