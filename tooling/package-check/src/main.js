#!/usr/bin/env node
// Every published package passes `publint --strict` and `attw --pack --profile esm-only`.
// Usage: node tooling/package-check/src/main.js [--root <dir>] [--concurrency <n>] [<package-dir>...]
// Without package dirs it checks every non-private package under packages/* and apps/* of the root.
// Exits 1 when a package fails, 2 when there is nothing to check or the arguments are wrong.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { checkPackages, findPackages, formatResult } from "./check.js";

const defaultRoot = fileURLToPath(new URL("../../..", import.meta.url));

async function main() {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { root: { type: "string" }, concurrency: { type: "string" } },
    });
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}`);
    return 2;
  }
  const root = path.resolve(parsed.values.root ?? defaultRoot);
  const concurrency = Number(parsed.values.concurrency ?? 2);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    console.error(`--concurrency must be a positive integer, got "${parsed.values.concurrency}"`);
    return 2;
  }
  const packages =
    parsed.positionals.length > 0
      ? parsed.positionals.map((p) => describe(path.resolve(p)))
      : await findPackages(root);
  if (packages.length === 0) {
    console.error(`no published packages found under ${root} (packages/*, apps/*)`);
    return 2;
  }
  console.log(`Checking ${packages.length} package(s) with publint --strict and attw --profile esm-only...`);
  const results = await checkPackages(packages, {
    concurrency,
    onResult: (r) => console.log(formatResult(r, root)),
  });
  const failed = results.filter((r) => !r.ok);
  console.log(
    failed.length === 0
      ? `All ${results.length} package(s) pass.`
      : `${failed.length} of ${results.length} package(s) failed: ${failed.map((r) => r.pkg.name).join(", ")}`,
  );
  return failed.length === 0 ? 0 : 1;
}

/** @param {string} dir */
function describe(dir) {
  const manifest = path.join(dir, "package.json");
  if (!existsSync(manifest)) throw new Error(`${dir} has no package.json`);
  const pkg = JSON.parse(readFileSync(manifest, "utf8"));
  return { dir, name: pkg.name ?? path.basename(dir), version: pkg.version };
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error);
    process.exitCode = 2;
  },
);
