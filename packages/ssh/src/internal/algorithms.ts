import type { AlgorithmOverride, SshAlgorithms } from "../options.ts";

type Ssh2AlgorithmList = string[] | { append?: string[]; prepend?: string[]; remove?: string[] };

/**
 * Converts Patchbay's algorithm overrides to ssh2's shape: an array replaces the defaults, an
 * object with `replace` too, and `append`/`prepend`/`remove` pass through.
 */
export function toSsh2Algorithms(
  algorithms: SshAlgorithms | undefined,
): Record<string, Ssh2AlgorithmList> | undefined {
  if (algorithms === undefined) return undefined;
  const out: Record<string, Ssh2AlgorithmList> = {};
  for (const [name, value] of Object.entries(algorithms) as [string, AlgorithmOverride | undefined][]) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      out[name] = [...(value as readonly string[])];
      continue;
    }
    const o = value as Exclude<AlgorithmOverride, readonly string[]>;
    if (o.replace !== undefined) {
      out[name] = [...o.replace];
      continue;
    }
    const list: { append?: string[]; prepend?: string[]; remove?: string[] } = {};
    if (o.append) list.append = [...o.append];
    if (o.prepend) list.prepend = [...o.prepend];
    if (o.remove) list.remove = [...o.remove];
    out[name] = list;
  }
  return out;
}
