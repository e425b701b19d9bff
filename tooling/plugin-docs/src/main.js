#!/usr/bin/env node
// Plain JavaScript: runs on the built packages (dist), which Node 20 can import without a TypeScript loader.
//
//   node tooling/plugin-docs/src/main.js [--check] [package folder...]
//
// For every platform package (packages/platform-* by default): imports its built entry, takes its
// `plugins` export, and writes `patchbay.plugins` into package.json and the support matrix into
// README.md. With --check nothing is written; it exits 1 listing the packages whose files are stale.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const root = resolve(import.meta.dirname, "../../..");
const args = process.argv.slice(2);
const check = args.includes("--check");
const folders = args.filter((a) => !a.startsWith("--"));
const packages =
  folders.length > 0
    ? folders.map((f) => resolve(f))
    : readdirSync(join(root, "packages"))
        .filter((name) => name.startsWith("platform-"))
        .map((name) => join(root, "packages", name));

const stale = [];
for (const dir of packages) {
  const manifestPath = join(dir, "package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  if (manifest.patchbay === undefined) continue;
  const entry = join(dir, "dist", "index.js");
  if (!existsSync(entry)) {
    console.error(`plugin-docs: ${manifest.name} is not built (${entry} is missing); run the build first.`);
    process.exit(2);
  }
  // The package's own copy of core, so the rendering matches what its users get.
  const require = createRequire(manifestPath);
  const core = await import(pathToFileURL(require.resolve("@patchbay/core/tooling")).href);
  const module = await import(pathToFileURL(entry).href);
  if (!Array.isArray(module.plugins)) {
    console.error(`plugin-docs: ${manifest.name} has no \`plugins\` export (an array of registrations).`);
    process.exit(2);
  }
  const plugins = core.pluginManifest(module.plugins);
  const nextManifest = { ...manifest, patchbay: { ...manifest.patchbay, plugins } };
  const manifestText = `${JSON.stringify(nextManifest, null, 2)}\n`;
  const readmePath = join(dir, "README.md");
  const readme = existsSync(readmePath)
    ? readFileSync(readmePath, "utf8")
    : `# ${manifest.name}\n\n${manifest.description ?? ""}\n`;
  const readmeText = core.replaceSupportMatrix(readme, core.renderSupportMatrix(module.plugins));
  const changed = [];
  if (readFileSync(manifestPath, "utf8") !== manifestText) changed.push("package.json");
  if (!existsSync(readmePath) || readFileSync(readmePath, "utf8") !== readmeText) changed.push("README.md");
  if (changed.length === 0) continue;
  if (check) stale.push(`${manifest.name}: ${changed.join(", ")}`);
  else {
    writeFileSync(manifestPath, manifestText);
    writeFileSync(readmePath, readmeText);
    console.log(`plugin-docs: updated ${manifest.name} (${changed.join(", ")})`);
  }
}
if (stale.length > 0) {
  console.error(
    `plugin-docs: generated files are stale; run \`pnpm docs:plugins\` and commit:\n  ${stale.join("\n  ")}`,
  );
  process.exit(1);
}
if (check) console.log(`plugin-docs: ${packages.length} platform package(s) up to date.`);
