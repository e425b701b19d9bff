import { isAbsolute, relative, resolve } from "node:path";
import { PatchbayError } from "@patchbay/core";

/** A path built from a host or file name that would leave its folder (`..`, `/etc/passwd`). */
export class PathOutsideFolderError extends PatchbayError {
  static override readonly code: string = "PATH_OUTSIDE_FOLDER";
}

/**
 * A name safe as one path segment: characters other than letters, digits, `.`, `_` and `-` become
 * `_`, a leading `@` is dropped, and `.` and `..` get a `_` prefix, so no name means "this folder"
 * or "the parent" (dotfiles keep their names: inside a host's folder they are harmless).
 */
export function safeName(name: string): string {
  const cleaned = name.replace(/^@/, "").replace(/[^A-Za-z0-9._-]+/g, "_");
  return cleaned === "" ? "_" : cleaned === "." || cleaned === ".." ? `_${cleaned}` : cleaned;
}

/**
 * `root` joined with `segments`, proven to stay inside `root` after resolution; throws
 * `PathOutsideFolderError` otherwise. Every file written per host goes through it.
 */
export function fileInside(root: string, ...segments: string[]): string {
  const base = resolve(root);
  const target = resolve(base, ...segments);
  const rel = relative(base, target);
  if (rel === "" || rel === ".." || rel.startsWith(`..${"/"}`) || rel.startsWith("..\\") || isAbsolute(rel)) {
    throw new PathOutsideFolderError(
      `the path ${JSON.stringify(segments.join("/"))} would be written outside ${base}; refusing.`,
    );
  }
  return target;
}
