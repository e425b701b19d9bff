import { readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { isPlainObject } from "./merge.ts";

/** What resolving references found: the values, and every secret read, for redaction. */
export interface ResolvedValue {
  value: unknown;
  secrets: string[];
  problems: { path: string[]; message: string }[];
}

/** `{ env: NAME }` or `{ file: path }`, nothing else in the object. */
export function referenceOf(value: unknown): { env: string } | { file: string } | undefined {
  if (!isPlainObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  if (keys[0] === "env" && typeof value.env === "string") return { env: value.env };
  if (keys[0] === "file" && typeof value.file === "string") return { file: value.file };
  return undefined;
}

/**
 * Replaces every `{ env: NAME }` and `{ file: path }` in `value` by what it points to. Values read
 * this way are secrets: they are collected for redaction, whatever key holds them. Files are read
 * relative to `baseDir`, without their final newline.
 */
export function resolveReferences(
  value: unknown,
  env: NodeJS.ProcessEnv,
  baseDir: string,
  path: string[] = [],
): ResolvedValue {
  const out: ResolvedValue = { value, secrets: [], problems: [] };
  const ref = referenceOf(value);
  if (ref !== undefined) {
    if ("env" in ref) {
      const found = env[ref.env];
      if (found === undefined)
        out.problems.push({ path, message: `environment variable ${ref.env} is not set` });
      else {
        out.value = found;
        if (found !== "") out.secrets.push(found);
      }
      return out;
    }
    const file = isAbsolute(ref.file) ? ref.file : resolve(baseDir, ref.file);
    try {
      const text = readFileSync(file, "utf8").replace(/\r?\n$/, "");
      out.value = text;
      if (text !== "") out.secrets.push(text);
    } catch (error) {
      out.problems.push({
        path,
        message: `cannot read secret file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      });
    }
    return out;
  }
  if (Array.isArray(value)) {
    out.value = value.map((item, i) => {
      const r = resolveReferences(item, env, baseDir, [...path, String(i)]);
      out.secrets.push(...r.secrets);
      out.problems.push(...r.problems);
      return r.value;
    });
    return out;
  }
  if (isPlainObject(value)) {
    const obj: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const r = resolveReferences(item, env, baseDir, [...path, key]);
      out.secrets.push(...r.secrets);
      out.problems.push(...r.problems);
      obj[key] = r.value;
    }
    out.value = obj;
  }
  return out;
}
