// Plain JavaScript so Node 20 runs it directly. Checks published packages with publint and attw.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { publint } from "publint";
import { formatMessage } from "publint/utils";

const require = createRequire(import.meta.url);

/** Resolutions the esm-only profile ignores: attw still lists their problems in its JSON. */
const IGNORED_RESOLUTIONS = new Set(["node10", "node16-cjs"]);

/** A child process may not take longer than this (packing plus analysis). */
const CHILD_TIMEOUT_MS = 180_000;

/**
 * @typedef {{ dir: string, name: string, version: string | undefined }} PackageInfo
 * @typedef {{ level: "error" | "warning" | "suggestion", text: string }} Finding
 * @typedef {{ tool: "publint" | "attw", ok: boolean, findings: Finding[] }} ToolResult
 * @typedef {{ pkg: PackageInfo, ok: boolean, results: ToolResult[] }} PackageResult
 */

/**
 * Every non-private package directly under `packages/` and `apps/` of `root`, sorted by directory.
 * @param {string} root
 * @param {readonly string[]} [groups]
 * @returns {Promise<PackageInfo[]>}
 */
export async function findPackages(root, groups = ["packages", "apps"]) {
  /** @type {PackageInfo[]} */
  const found = [];
  for (const group of groups) {
    const base = path.join(root, group);
    if (!existsSync(base)) continue;
    for (const entry of await readdir(base, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const dir = path.join(base, entry.name);
      const manifest = path.join(dir, "package.json");
      if (!existsSync(manifest)) continue;
      const pkg = JSON.parse(await readFile(manifest, "utf8"));
      if (pkg.private === true) continue;
      found.push({ dir, name: pkg.name ?? entry.name, version: pkg.version });
    }
  }
  return found.sort((a, b) => a.dir.localeCompare(b.dir));
}

/**
 * `publint --strict`, packing with pnpm so files left out of `files` are told apart from missing ones.
 * @param {string} dir
 * @returns {Promise<ToolResult>}
 */
export async function runPublint(dir) {
  try {
    const { messages, pkg } = await publint({ pkgDir: dir, strict: true, pack: "pnpm" });
    const findings = messages.map((m) => ({
      level: m.type,
      text: formatMessage(m, pkg, { color: false }) ?? m.code,
    }));
    return { tool: "publint", ok: !findings.some((f) => f.level === "error"), findings };
  } catch (error) {
    return {
      tool: "publint",
      ok: false,
      findings: [{ level: "error", text: `publint failed to run: ${messageOf(error)}` }],
    };
  }
}

/**
 * `attw --pack <dir> --profile esm-only`. Passes when attw exits 0 and the package ships types.
 * @param {string} dir
 * @returns {Promise<ToolResult>}
 */
export async function runAttw(dir) {
  const cli = require.resolve("@arethetypeswrong/cli/package.json");
  const bin = path.join(path.dirname(cli), require(cli).bin.attw);
  const args = [bin, "--pack", dir, "--profile", "esm-only", "--format", "json", "--no-color"];
  const { code, stdout, stderr } = await run(process.execPath, args, dir);
  /** @type {any} */
  let report;
  try {
    report = JSON.parse(stdout);
  } catch {
    const text = `attw failed to run (exit ${code}): ${(stderr || stdout).trim().split("\n").slice(-5).join(" ")}`;
    return { tool: "attw", ok: false, findings: [{ level: "error", text }] };
  }
  /** @type {Finding[]} */
  const findings = [];
  if (report.analysis?.types === false) {
    findings.push({ level: "error", text: "the package ships no type declarations" });
  }
  for (const list of Object.values(report.problems ?? {})) {
    for (const p of /** @type {any[]} */ (list)) {
      if (p.resolutionKind !== undefined && IGNORED_RESOLUTIONS.has(p.resolutionKind)) continue;
      const where = [
        p.entrypoint !== undefined ? `entrypoint "${p.entrypoint}"` : undefined,
        p.resolutionKind,
        p.typesFileName ? `types ${p.typesFileName.replace(/^\/node_modules\//, "")}` : undefined,
      ].filter(Boolean);
      findings.push({ level: "error", text: `${p.kind}${where.length ? ` (${where.join(", ")})` : ""}` });
    }
  }
  if (code !== 0 && findings.length === 0) {
    findings.push({ level: "error", text: `attw exited with ${code}` });
  }
  return { tool: "attw", ok: code === 0 && findings.length === 0, findings };
}

/**
 * Checks one package with both tools.
 * @param {PackageInfo} pkg
 * @returns {Promise<PackageResult>}
 */
export async function checkPackage(pkg) {
  const results = [await runPublint(pkg.dir), await runAttw(pkg.dir)];
  return { pkg, ok: results.every((r) => r.ok), results };
}

/**
 * Checks packages, at most `concurrency` at a time; results keep the order of `packages`.
 * `onResult` sees each result as soon as it is ready.
 * @param {readonly PackageInfo[]} packages
 * @param {{ concurrency?: number, onResult?: (r: PackageResult) => void }} [options]
 * @returns {Promise<PackageResult[]>}
 */
export async function checkPackages(packages, options = {}) {
  const concurrency = Math.max(1, options.concurrency ?? 2);
  /** @type {PackageResult[]} */
  const results = new Array(packages.length);
  let next = 0;
  const worker = async () => {
    while (next < packages.length) {
      const i = next++;
      const result = await checkPackage(/** @type {PackageInfo} */ (packages[i]));
      results[i] = result;
      options.onResult?.(result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, packages.length) }, worker));
  return results;
}

/**
 * One line per package, then the findings of failed tools indented under it.
 * @param {PackageResult} result
 * @param {string} root
 * @returns {string}
 */
export function formatResult(result, root) {
  const where = path.relative(root, result.pkg.dir) || ".";
  const label = `${result.pkg.name}@${result.pkg.version ?? "?"} (${where})`;
  const lines = [];
  if (result.ok) {
    const notes = result.results.flatMap((r) => r.findings.map((f) => `${r.tool} ${f.level}: ${f.text}`));
    lines.push(`ok    ${label}: publint, attw${notes.length ? ` (${notes.length} note(s))` : ""}`);
    for (const n of notes) lines.push(`        ${n}`);
  } else {
    const failed = result.results.filter((r) => !r.ok).map((r) => r.tool);
    lines.push(`FAIL  ${label}: ${failed.join(", ")}`);
    for (const r of result.results) {
      for (const f of r.findings)
        lines.push(`        ${r.tool} ${f.level}: ${f.text.replace(/\n/g, "\n          ")}`);
    }
    if (!existsSync(path.join(result.pkg.dir, "dist"))) {
      lines.push("        hint: dist/ is missing; build first (`pnpm run check:packages` does).");
    }
  }
  return lines.join("\n");
}

/**
 * @param {string} file
 * @param {string[]} args
 * @param {string} cwd
 * @returns {Promise<{ code: number, stdout: string, stderr: string }>}
 */
function run(file, args, cwd) {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      {
        cwd,
        timeout: CHILD_TIMEOUT_MS,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, FORCE_COLOR: "0" },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({
          code,
          stdout: String(stdout),
          stderr: String(stderr) || (error && !stdout ? error.message : ""),
        });
      },
    );
  });
}

/** @param {unknown} error */
function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}
