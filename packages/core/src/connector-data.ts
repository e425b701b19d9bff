/**
 * Connector data: the settings a base or plugin reads from a host's `data`, declared once with a
 * description, a zod schema and a default per key (pyinfra's `ConnectorData` + `DataMeta`).
 *
 * The settings of a connector named `ssh` live under `device.data.ssh`. `parse` merges defaults,
 * checks types, and reports every wrong, missing or unknown key at once; issue keys are dotted paths
 * from `device.data` (`ssh.keepalive.intervalMs`) so they point at the line to fix in an inventory.
 */
import { z } from "zod";
import {
  isPlainObject,
  knownKeysAt,
  schemaAt,
  strippedKeys,
  typeName,
  valueAt,
} from "./connector-data-schema.ts";
import {
  ConnectorDataError,
  type ConnectorDataIssue,
  type ErrorContext,
  PluginRegistrationError,
} from "./errors.ts";
import { REDACTED } from "./logger.ts";

/** One key of connector settings. */
export interface SettingSpec<T extends z.ZodType = z.ZodType> {
  /** Validates the value (and may transform it). */
  schema: T;
  /** One sentence for docs and error messages. */
  description: string;
  /** Used when the host's data does not set the key. A plain-object default is deep-merged under the given value. */
  default?: z.output<T>;
  /** The host must set the key (ignored when there is a default). @default false */
  required?: boolean;
  /** The value is a secret: never echoed in errors, docs or JSON Schema defaults. @default false */
  secret?: boolean;
}

/** The parsed settings: keys with a default or `required: true` are always set. */
export type ConnectorDataValue<Shape extends Record<string, SettingSpec>> = {
  -readonly [K in keyof Shape]: Shape[K] extends { default: unknown } | { required: true }
    ? z.output<Shape[K]["schema"]>
    : z.output<Shape[K]["schema"]> | undefined;
};

/** The outcome of `safeParse`. */
export type ConnectorDataResult<Value> =
  | { ok: true; value: Value }
  | { ok: false; issues: ConnectorDataIssue[] };

/** One row of the settings' documentation. */
export interface SettingDescription {
  key: string;
  /** Human type, for example `number`, `string[]`, `'strict' | 'accept-new' | 'off'`. */
  type: string;
  /** The default (`[redacted]` for secrets), or undefined when there is none. */
  default: unknown;
  description: string;
  required: boolean;
  secret: boolean;
}

/** Declared connector settings; create with `defineConnectorSettings`. */
export interface ConnectorSettings<Shape extends Record<string, SettingSpec> = Record<string, SettingSpec>> {
  /** The connector's name and the key of its settings in `device.data`, for example `ssh`. */
  readonly name: string;
  readonly keys: Shape;
  /** The settings with defaults merged. Throws `ConnectorDataError` listing every issue. */
  parse(data: unknown, context?: ErrorContext): ConnectorDataValue<Shape>;
  /** Like `parse`, but returns the issues instead of throwing. */
  safeParse(data: unknown): ConnectorDataResult<ConnectorDataValue<Shape>>;
  /** One row per key, in declaration order. */
  describe(): SettingDescription[];
  /** A JSON Schema (draft 2020-12) of the input, with descriptions and defaults. */
  toJsonSchema(): Record<string, unknown>;
  /** A Markdown table: `| Key | Type | Default | Description |`. */
  toMarkdownTable(): string;
}

/**
 * Declares connector settings. Throws `PluginRegistrationError` when a key has no schema or
 * description, or a default its own schema rejects.
 */
export function defineConnectorSettings<const Shape extends Record<string, SettingSpec>>(
  name: string,
  keys: Shape & { [K in keyof Shape]: SettingSpec<Shape[K]["schema"]> },
): ConnectorSettings<Shape> {
  const problems = definitionProblems(name, keys);
  if (problems.length > 0) {
    throw new PluginRegistrationError(
      `invalid connector settings "${String(name)}": ${problems.join("; ")}.`,
    );
  }
  const specs = Object.freeze({ ...keys }) as Shape;
  const safeParse = (data: unknown): ConnectorDataResult<ConnectorDataValue<Shape>> =>
    parseSettings(name, specs, data) as ConnectorDataResult<ConnectorDataValue<Shape>>;
  return Object.freeze({
    name,
    keys: specs,
    safeParse,
    parse(data: unknown, context: ErrorContext = {}): ConnectorDataValue<Shape> {
      const result = safeParse(data);
      if (!result.ok) throw new ConnectorDataError({ ...context, settings: name, issues: result.issues });
      return result.value;
    },
    describe: (): SettingDescription[] => describeSettings(specs),
    toJsonSchema: (): Record<string, unknown> => jsonSchema(name, specs),
    toMarkdownTable: (): string => markdownTable(describeSettings(specs)),
  });
}

function definitionProblems(name: unknown, keys: unknown): string[] {
  if (typeof name !== "string" || name === "") return ["the name must be a non-empty string"];
  if (!isPlainObject(keys)) return ["keys must be an object"];
  const problems: string[] = [];
  for (const [key, spec] of Object.entries(keys as Record<string, Partial<SettingSpec>>)) {
    if (typeof spec?.schema?.safeParse !== "function") {
      problems.push(`key "${key}" has no zod schema`);
      continue;
    }
    if (typeof spec.description !== "string" || spec.description === "")
      problems.push(`key "${key}" has no description`);
    if (spec.default !== undefined && !spec.schema.safeParse(spec.default).success) {
      problems.push(`the default of key "${key}" does not match its schema (${typeName(spec.schema)})`);
    }
  }
  return problems;
}

function parseSettings(
  name: string,
  specs: Record<string, SettingSpec>,
  data: unknown,
): ConnectorDataResult<Record<string, unknown>> {
  const input = data ?? {};
  if (!isPlainObject(input)) {
    return {
      ok: false,
      issues: [{ key: name, message: `expected an object of settings, received ${received(input)}` }],
    };
  }
  const issues: ConnectorDataIssue[] = [];
  const known = Object.keys(specs);
  const dotted = (path: readonly PropertyKey[]): string => [name, ...path.map(String)].join(".");
  const unknownKey = (path: readonly PropertyKey[], knownHere: readonly string[]): ConnectorDataIssue => {
    const suggestion = suggestKey(String(path.at(-1)), knownHere);
    const issue: ConnectorDataIssue = { key: dotted(path), message: "unknown key" };
    if (suggestion !== undefined) issue.suggestion = dotted([...path.slice(0, -1), suggestion]);
    return issue;
  };

  for (const key of Object.keys(input)) {
    if (!Object.hasOwn(specs, key)) issues.push(unknownKey([key], known));
  }

  const value: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(specs)) {
    let raw = input[key];
    if (raw === undefined) {
      if (spec.default !== undefined) raw = spec.default;
      else if (spec.required) {
        issues.push({
          key: dotted([key]),
          message: `missing; expected ${typeName(spec.schema)} (${spec.description})`,
        });
        continue;
      } else {
        // A zod `.default()` inside the schema still applies; otherwise the key stays unset.
        const r = spec.schema.safeParse(undefined);
        if (r.success && r.data !== undefined) value[key] = r.data;
        continue;
      }
    } else if (isPlainObject(spec.default) && isPlainObject(raw)) {
      raw = mergeConnectorData(spec.default, raw);
    }
    const r = spec.schema.safeParse(raw);
    if (r.success) {
      value[key] = r.data;
      for (const path of strippedKeys(spec.schema, raw, [key])) {
        issues.push(unknownKey(path, knownKeysAt(spec.schema, path.slice(1, -1))));
      }
      continue;
    }
    for (const zi of r.error.issues) {
      const path = [key, ...zi.path];
      if (zi.code === "unrecognized_keys") {
        const knownHere = knownKeysAt(spec.schema, zi.path);
        for (const extra of zi.keys) issues.push(unknownKey([...path, extra], knownHere));
        continue;
      }
      const got = valueAt(raw, zi.path);
      const shown = spec.secret ? REDACTED : received(got);
      const sub = schemaAt(spec.schema, zi.path);
      const expected = sub ? typeName(sub) : "a valid value";
      let message: string;
      if (zi.code === "invalid_type" || zi.code === "invalid_value" || zi.code === "invalid_union") {
        message =
          got === undefined ? `missing; expected ${expected}` : `expected ${expected}, received ${shown}`;
      } else {
        message = `${zi.message}, received ${shown}`;
      }
      issues.push({ key: dotted(path), message });
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value };
}

/** How a received value is shown in a message: its type and a short rendering. */
function received(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return `an array of ${v.length}`;
  switch (typeof v) {
    case "string":
      return `string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
    case "number":
    case "boolean":
    case "bigint":
      return `${typeof v} ${String(v)}`;
    case "object":
      return "an object";
    default:
      return typeof v;
  }
}

function describeSettings(specs: Record<string, SettingSpec>): SettingDescription[] {
  return Object.entries(specs).map(([key, spec]) => ({
    key,
    type: typeName(spec.schema),
    default: spec.default !== undefined && spec.secret ? REDACTED : spec.default,
    description: spec.description,
    required: spec.required === true && spec.default === undefined,
    secret: spec.secret === true,
  }));
}

function jsonSchema(name: string, specs: Record<string, SettingSpec>): Record<string, unknown> {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, spec] of Object.entries(specs)) {
    shape[key] = spec.required && spec.default === undefined ? spec.schema : spec.schema.optional();
  }
  const json = z.toJSONSchema(z.strictObject(shape), { io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  const properties = (json.properties ?? {}) as Record<string, Record<string, unknown>>;
  for (const [key, spec] of Object.entries(specs)) {
    const prop = properties[key];
    if (prop === undefined) continue;
    prop.description = spec.description;
    if (spec.secret) {
      prop.writeOnly = true;
      delete prop.default;
    } else if (spec.default !== undefined) prop.default = spec.default;
  }
  return { $schema: json.$schema, title: `${name} connector settings`, ...json };
}

function cell(text: string): string {
  return text.replaceAll("|", "\\|").replace(/\r?\n/g, " ");
}

function markdownTable(rows: readonly SettingDescription[]): string {
  const lines = ["| Key | Type | Default | Description |", "| --- | --- | --- | --- |"];
  for (const row of rows) {
    const dflt =
      row.default !== undefined
        ? `\`${cell(row.secret ? REDACTED : JSON.stringify(row.default))}\``
        : row.required
          ? "required"
          : "—";
    const description = row.secret
      ? `${row.description} Secret: never shown in errors or logs.`
      : row.description;
    lines.push(`| \`${cell(row.key)}\` | \`${cell(row.type)}\` | ${dflt} | ${cell(description)} |`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Deep-merges layers of connector data (for example defaults, group data, host data); later layers
 * win. Plain objects merge key by key; everything else, arrays included, is replaced whole (a host
 * that lists `algorithms.kex` means exactly that list). `undefined` layers and `undefined` values are
 * skipped, so they never erase an earlier value. Inputs are not modified.
 */
export function mergeConnectorData(
  ...layers: Array<Record<string, unknown> | undefined>
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const layer of layers) {
    if (layer === undefined) continue;
    for (const [key, value] of Object.entries(layer)) {
      if (value === undefined || key === "__proto__") continue;
      const prev = out[key];
      out[key] = isPlainObject(value)
        ? mergeConnectorData(isPlainObject(prev) ? prev : undefined, value)
        : Array.isArray(value)
          ? [...value]
          : value;
    }
  }
  return out;
}

/**
 * The known key closest to `unknownKey` by edit distance (case-insensitive; a swap of two adjacent
 * letters counts as one edit), when it is close enough to be a likely typo: at most one edit per
 * three characters, and at least one.
 */
export function suggestKey(unknownKey: string, known: readonly string[]): string | undefined {
  const wanted = unknownKey.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const d = editDistance(wanted, candidate.toLowerCase());
    const limit = Math.max(1, Math.floor(Math.max(wanted.length, candidate.length) / 3));
    if (d <= limit && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [
    i,
    ...new Array<number>(b.length).fill(0),
  ]);
  const first = rows[0] as number[];
  for (let j = 0; j <= b.length; j++) first[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const up = rows[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, (rows[i - 2]?.[j - 2] as number) + 1);
      }
      row[j] = d;
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}
