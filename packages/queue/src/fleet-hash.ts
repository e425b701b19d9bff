import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";

/** sha256 (hex) of fleet file text: controller and workers compare it before a job runs. */
export function hashFleetText(text: string | Uint8Array): string {
  return createHash("sha256").update(text).digest("hex");
}

/** sha256 (hex) of a fleet file's bytes. */
export async function hashFleetFile(path: string): Promise<string> {
  return hashFleetText(await readFile(path));
}
