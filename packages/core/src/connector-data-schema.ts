// Reading zod 4 schemas for connector data: human type names, the sub-schema at a path, and the
// keys a non-strict object would strip silently. Internal to connector-data.ts; not exported.
import type { z } from "zod";

/** The parts of zod 4's internal definitions we read; every field is optional because kinds differ. */
interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  options?: readonly z.ZodType[];
  entries?: Record<string, string | number>;
  values?: readonly unknown[];
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  items?: readonly z.ZodType[];
  rest?: z.ZodType | null;
  left?: z.ZodType;
  right?: z.ZodType;
  getter?: () => z.ZodType;
}

const MAX_DEPTH = 8;

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** Wrappers that do not change the shape of what a user writes. */
const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional"]);

/** The schema under optional/default/readonly/pipe wrappers (the input side of a pipe). */
export function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let i = 0; i < MAX_DEPTH * 4; i++) {
    const def = defOf(s);
    if (WRAPPERS.has(def.type) && def.innerType) s = def.innerType;
    else if (def.type === "pipe" && def.in) s = def.in;
    else if (def.type === "lazy" && def.getter) s = def.getter();
    else break;
  }
  return s;
}

/** True when an object field may be left out (optional, or has a zod default). */
function isOptionalField(schema: z.ZodType): boolean {
  const opt = (schema as unknown as { _zod: { optin?: string } })._zod.optin;
  return opt === "optional";
}

function literal(v: unknown): string {
  return typeof v === "string" ? `'${v}'` : String(v);
}

/** Parenthesises a union when it becomes the element of an array. */
function asElement(type: string): string {
  return type.includes(" | ") || type.includes(" & ") ? `(${type})` : type;
}

/**
 * A short, TypeScript-like name of the values a schema accepts: `number`, `string[]`,
 * `'strict' | 'accept-new' | 'off'`, `{ kex?: string[] }`.
 */
export function typeName(schema: z.ZodType, depth = 0): string {
  if (depth > MAX_DEPTH) return "unknown";
  const next = (s: z.ZodType | undefined): string => (s ? typeName(s, depth + 1) : "unknown");
  const def = defOf(schema);
  switch (def.type) {
    case "enum":
      return Object.values(def.entries ?? {})
        .map(literal)
        .join(" | ");
    case "literal":
      return (def.values ?? []).map(literal).join(" | ");
    case "array":
      return `${asElement(next(def.element))}[]`;
    case "set":
      return `Set<${next(def.valueType)}>`;
    case "object": {
      const fields = Object.entries(def.shape ?? {}).map(
        ([k, v]) => `${k}${isOptionalField(v) ? "?" : ""}: ${next(v)}`,
      );
      return fields.length === 0 ? "object" : `{ ${fields.join("; ")} }`;
    }
    case "record":
      return `Record<${next(def.keyType)}, ${next(def.valueType)}>`;
    case "map":
      return `Map<${next(def.keyType)}, ${next(def.valueType)}>`;
    case "tuple": {
      const items = (def.items ?? []).map(next);
      if (def.rest) items.push(`...${asElement(next(def.rest))}[]`);
      return `[${items.join(", ")}]`;
    }
    case "union":
      return (def.options ?? []).map(next).join(" | ");
    case "intersection":
      return `${next(def.left)} & ${next(def.right)}`;
    case "nullable":
      return `${next(def.innerType)} | null`;
    case "optional":
    case "default":
    case "prefault":
    case "readonly":
    case "catch":
    case "nonoptional":
      return next(def.innerType);
    case "pipe":
      return next(def.in);
    case "lazy":
      return def.getter ? next(def.getter()) : "unknown";
    case "date":
      return "Date";
    case "template_literal":
      return "string";
    default:
      return def.type;
  }
}

/** The sub-schema that validates the value at `path`, or undefined when it cannot be told. */
export function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let s: z.ZodType | undefined = schema;
  for (const seg of path) {
    if (s === undefined) return undefined;
    const def = defOf(unwrap(s));
    if (def.type === "object") s = def.shape?.[String(seg)] ?? def.catchall;
    else if (def.type === "array") s = def.element;
    else if (def.type === "record") s = def.valueType;
    else if (def.type === "tuple") s = def.items?.[Number(seg)] ?? def.rest ?? undefined;
    else return undefined;
  }
  return s;
}

/** The field names of the object schema at `path` (for "did you mean"). */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const s = schemaAt(schema, path);
  if (s === undefined) return [];
  const def = defOf(unwrap(s));
  return def.type === "object" ? Object.keys(def.shape ?? {}) : [];
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Paths of keys in `value` that a non-strict zod object would drop without a word. Strict objects
 * are left out: zod reports their extra keys itself (`unrecognized_keys`).
 */
export function strippedKeys(
  schema: z.ZodType,
  value: unknown,
  path: PropertyKey[] = [],
  depth = 0,
): PropertyKey[][] {
  if (depth > MAX_DEPTH) return [];
  const def = defOf(unwrap(schema));
  const out: PropertyKey[][] = [];
  if (def.type === "object" && isPlainObject(value)) {
    const shape = def.shape ?? {};
    for (const [k, v] of Object.entries(value)) {
      const field = shape[k];
      if (field) out.push(...strippedKeys(field, v, [...path, k], depth + 1));
      else if (def.catchall === undefined) out.push([...path, k]);
      else out.push(...strippedKeys(def.catchall, v, [...path, k], depth + 1));
    }
  } else if (def.type === "array" && def.element && Array.isArray(value)) {
    const element = def.element;
    value.forEach((v, i) => {
      out.push(...strippedKeys(element, v, [...path, i], depth + 1));
    });
  } else if (def.type === "record" && def.valueType && isPlainObject(value)) {
    for (const [k, v] of Object.entries(value))
      out.push(...strippedKeys(def.valueType, v, [...path, k], depth + 1));
  }
  return out;
}

/** The value at `path` inside `value`, or undefined. */
export function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let v = value;
  for (const seg of path) {
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return v;
}
