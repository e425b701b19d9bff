import { stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { isMissing } from "./plugin-package.ts";

/** The nearest folder at or above `start` that holds a package.json; `start` itself when none does. */
export async function nearestPackageRoot(start: string): Promise<string> {
  for (let dir = start; ; dir = dirname(dir)) {
    if (await exists(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) return start;
  }
}

/** The node_modules folders Node searches from `root`: its own, then each parent's. */
export function nodeModulesChain(root: string): string[] {
  const chain: string[] = [];
  for (let dir = root; ; dir = dirname(dir)) {
    if (!dir.endsWith("/node_modules") && !dir.endsWith("\\node_modules"))
      chain.push(join(dir, "node_modules"));
    if (dirname(dir) === dir) return chain;
  }
}

/** The folder of package `name` as Node would find it from `root` (first match up the chain). */
export async function locatePackage(root: string, name: string): Promise<string | undefined> {
  for (const nm of nodeModulesChain(root)) {
    const dir = join(nm, ...name.split("/"));
    if (await exists(join(dir, "package.json"))) return dir;
  }
  return undefined;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (err) {
    if (isMissing(err)) return false;
    throw err;
  }
}
