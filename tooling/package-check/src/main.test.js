import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPackages } from "./check.js";

const main = fileURLToPath(new URL("./main.js", import.meta.url));

/** A tiny ESM package; `manifest` overrides fields, `files` adds or replaces files. */
async function fixture(root, dir, manifest, files = {}) {
  const base = path.join(root, dir);
  await mkdir(path.join(base, "dist"), { recursive: true });
  const pkg = {
    name: path.basename(dir),
    version: "1.0.0",
    type: "module",
    exports: { ".": { types: "./dist/index.d.ts", default: "./dist/index.js" } },
    files: ["dist"],
    ...manifest,
  };
  const all = {
    "package.json": JSON.stringify(pkg, null, 2),
    "dist/index.js": "export const answer = 42;\n",
    "dist/index.d.ts": "export declare const answer: number;\n",
    ...files,
  };
  for (const [name, text] of Object.entries(all)) await writeFile(path.join(base, name), text);
  return base;
}

function runMain(args) {
  return new Promise((resolve) => {
    execFile(process.execPath, [main, ...args], { timeout: 170_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? error.code : 0, stdout, stderr });
    });
  });
}

let root;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "package-check-"));
  await fixture(root, "packages/good", {});
  // publint: conditions are order-sensitive, `types` must come first.
  await fixture(root, "packages/types-last", {
    exports: { ".": { default: "./dist/index.js", types: "./dist/index.d.ts" } },
  });
  // attw: CommonJS declarations for an ES module ("masquerading as CJS").
  await fixture(
    root,
    "packages/cjs-types",
    { exports: { ".": { types: "./dist/index.d.cts", default: "./dist/index.js" } } },
    { "dist/index.d.cts": "declare const answer: number;\nexport = answer;\n" },
  );
  await fixture(root, "packages/internal", { private: true, exports: "./missing.js" });
  await fixture(root, "apps/tool", {});
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe("package-check", () => {
  it("finds the published packages under packages/* and apps/*, skipping private ones", async () => {
    const found = await findPackages(root);
    expect(found.map((p) => path.relative(root, p.dir))).toEqual([
      path.join("apps", "tool"),
      path.join("packages", "cjs-types"),
      path.join("packages", "good"),
      path.join("packages", "types-last"),
    ]);
  });

  it("fails when a package breaks publint or attw, naming the package and the problem", async () => {
    const { code, stdout } = await runMain(["--root", root]);
    expect(code).toBe(1);
    const lines = stdout.split("\n");
    expect(lines).toContain("ok    good@1.0.0 (packages/good): publint, attw");
    expect(lines).toContain("ok    tool@1.0.0 (apps/tool): publint, attw");
    expect(lines).toContain("FAIL  types-last@1.0.0 (packages/types-last): publint");
    expect(stdout).toMatch(/publint error: pkg\.exports\["\."\]\.types should be the first/);
    expect(lines).toContain("FAIL  cjs-types@1.0.0 (packages/cjs-types): attw");
    expect(stdout).toMatch(/attw error: FalseCJS/);
    expect(stdout).not.toContain("internal");
    expect(stdout).toContain("2 of 4 package(s) failed: cjs-types, types-last");
  });

  it("exits 0 when every given package passes", async () => {
    const { code, stdout } = await runMain(["--root", root, path.join(root, "packages/good")]);
    expect(stdout).toContain("All 1 package(s) pass.");
    expect(code).toBe(0);
  });

  it("exits 2 when there is nothing to check", async () => {
    const empty = await mkdtemp(path.join(tmpdir(), "package-check-empty-"));
    try {
      const { code, stderr } = await runMain(["--root", empty]);
      expect(code).toBe(2);
      expect(stderr).toContain("no published packages found");
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
