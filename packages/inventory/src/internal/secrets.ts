import { constants } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import type { InventoryIssue } from "../errors.ts";
import type { IssueList, Path } from "./issues.ts";
import { isPlainObject } from "./merge.ts";

/**
 * Largest secret file read (64 KiB): passwords, tokens and private keys fit many times over; a
 * device such as /dev/zero or a runaway file does not get read into memory.
 */
export const MAX_SECRET_FILE_BYTES: number = 64 * 1024;

/** `{ env: NAME }` or `{ file: path }`, nothing else in the object. */
export function referenceOf(value: unknown): { env: string } | { file: string } | undefined {
  if (!isPlainObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  if (keys[0] === "env" && typeof value.env === "string") return { env: value.env };
  if (keys[0] === "file" && typeof value.file === "string") return { file: value.file };
  return undefined;
}

/** A value with its references replaced, and the secrets that were read. */
export interface Resolved {
  value: unknown;
  secrets: string[];
  ok: boolean;
}

type Read = { ok: true; text: string } | { ok: false; message: string };

/**
 * Resolves `{ env }` and `{ file }` references written in the fleet file (and only there). Each
 * variable and file is read once, however many hosts use it, and a missing one is reported once,
 * at the first place that needs it, with how many other places do.
 */
export class ReferenceReader {
  readonly #env: NodeJS.ProcessEnv;
  readonly #baseDir: string;
  readonly #issues: IssueList;
  readonly #files = new Map<string, Promise<Read>>();
  readonly #reported = new Map<string, { issue: InventoryIssue; base: string; more: number }>();

  constructor(env: NodeJS.ProcessEnv, baseDir: string, issues: IssueList) {
    this.#env = env;
    this.#baseDir = baseDir;
    this.#issues = issues;
  }

  /**
   * `value` with its references resolved. A problem is reported at `at` followed by the path inside
   * the value, or at what `at` returns for that inner path.
   */
  async resolve(value: unknown, at: Path | ((inner: Path) => Path), host?: string): Promise<Resolved> {
    const out: Resolved = { value, secrets: [], ok: true };
    if (!containsReference(value)) return out;
    const place = typeof at === "function" ? at : (inner: Path) => [...at, ...inner];
    out.value = await this.#walk(value, [], place, host, out);
    return out;
  }

  async #walk(
    value: unknown,
    path: Path,
    place: (inner: Path) => Path,
    host: string | undefined,
    out: Resolved,
  ): Promise<unknown> {
    const ref = referenceOf(value);
    if (ref !== undefined) {
      const read: Read =
        "env" in ref
          ? this.#env[ref.env] === undefined
            ? { ok: false, message: `environment variable ${ref.env} is not set` }
            : { ok: true, text: this.#env[ref.env] as string }
          : await this.#file(ref.file);
      if (read.ok) {
        if (read.text !== "") out.secrets.push(read.text);
        return read.text;
      }
      out.ok = false;
      this.#report(
        "env" in ref ? `env:${ref.env}` : `file:${this.#path(ref.file)}`,
        place(path),
        host,
        read.message,
      );
      return value;
    }
    if (Array.isArray(value)) {
      const items: unknown[] = [];
      for (const [i, item] of value.entries())
        items.push(await this.#walk(item, [...path, i], place, host, out));
      return items;
    }
    if (isPlainObject(value)) {
      const obj: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value))
        obj[key] = await this.#walk(item, [...path, key], place, host, out);
      return obj;
    }
    return value;
  }

  #report(id: string, path: Path, host: string | undefined, message: string): void {
    const seen = this.#reported.get(id);
    if (seen !== undefined) {
      seen.more += 1;
      seen.issue.message = `${seen.base} (also needed in ${seen.more} more place${seen.more === 1 ? "" : "s"})`;
      return;
    }
    this.#issues.add(path, message, host !== undefined ? { host } : {});
    const issue = this.#issues.items.at(-1) as InventoryIssue;
    this.#reported.set(id, { issue, base: message, more: 0 });
  }

  #path(file: string): string {
    return isAbsolute(file) ? file : resolve(this.#baseDir, file);
  }

  #file(file: string): Promise<Read> {
    const path = this.#path(file);
    let read = this.#files.get(path);
    if (read === undefined) {
      read = readSecretFile(path).then(
        (text): Read => ({ ok: true, text }),
        (error: unknown): Read => ({
          ok: false,
          message: error instanceof Error ? error.message : String(error),
        }),
      );
      this.#files.set(path, read);
    }
    return read;
  }
}

/**
 * Reads a secret file: a regular file of at most {@link MAX_SECRET_FILE_BYTES}, without its final
 * newline. Opened without blocking (a FIFO would wait for a writer forever) and checked on the open
 * handle, so a device, FIFO or folder is refused before any byte is read.
 */
export async function readSecretFile(path: string): Promise<string> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "does not exist"
        : code === "EACCES" || code === "EPERM"
          ? "is not readable (permission denied)"
          : `cannot be opened (${code ?? String(error)})`;
    throw new Error(`secret file ${path} ${why}`);
  }
  try {
    const stat = await handle.stat();
    const kind = stat.isDirectory()
      ? "a folder"
      : stat.isFIFO()
        ? "a FIFO (named pipe)"
        : stat.isCharacterDevice() || stat.isBlockDevice()
          ? "a device"
          : stat.isSocket()
            ? "a socket"
            : undefined;
    if (kind !== undefined || !stat.isFile())
      throw new Error(
        `secret file ${path} is ${kind ?? "not a regular file"}; a secret file must be a regular file`,
      );
    const limit = MAX_SECRET_FILE_BYTES;
    if (stat.size > limit)
      throw new Error(
        `secret file ${path} holds ${stat.size} bytes, more than the ${limit / 1024} KiB allowed`,
      );
    const buffer = Buffer.alloc(limit + 1);
    let total = 0;
    while (total < buffer.length) {
      const { bytesRead } = await handle.read(buffer, total, buffer.length - total, total);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    if (total > limit) throw new Error(`secret file ${path} grew past ${limit / 1024} KiB while being read`);
    return buffer
      .subarray(0, total)
      .toString("utf8")
      .replace(/\r?\n$/, "");
  } finally {
    await handle.close();
  }
}

/** Whether `value` holds a reference anywhere (fleet-file values nest at most MAX_NESTING deep). */
export function containsReference(value: unknown): boolean {
  if (referenceOf(value) !== undefined) return true;
  if (Array.isArray(value)) return value.some(containsReference);
  if (isPlainObject(value)) {
    for (const key in value) if (containsReference(value[key])) return true;
  }
  return false;
}

/** A copy of `value` without the references in it (for checking hosts whose secrets are not read). */
export function withoutReferences(value: unknown): unknown {
  if (!containsReference(value)) return value;
  if (Array.isArray(value)) return value.filter((v) => referenceOf(v) === undefined).map(withoutReferences);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value))
      if (referenceOf(item) === undefined) out[key] = withoutReferences(item);
    return out;
  }
  return value;
}
