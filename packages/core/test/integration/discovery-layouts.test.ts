// Discovery against real installs: @patchbay/core packed with `pnpm pack`, plugin packages packed as
// tarballs, installed into temporary host projects by pnpm (strict layout) and npm (flat layout).
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listInstalledPlugins, resetDiscovery, setDiscoveryRoot } from "../../src/discovery.ts";
import { PatchbayError, PluginLoadError } from "../../src/errors.ts";
import {
  clearRegistry,
  listRegisteredPlugins,
  registerConnectionPlugin,
  restoreRegistry,
  snapshotRegistry,
} from "../../src/registry.ts";

const run = promisify(execFile);
const coreDir = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

let work: string;
let coreTarball: string;
const tarballs: Record<string, string> = {};

async function write(file: string, content: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, content);
}

/** A plugin package folder; `index` is its index.js. Packed into a tarball like a published package. */
async function pluginPackage(
  name: string,
  platforms: string[],
  index: string,
  apiVersion = 1,
): Promise<string> {
  const dir = join(work, "src", name.replace("/", "+"));
  await write(
    join(dir, "package.json"),
    JSON.stringify({
      name,
      version: "1.0.0",
      type: "module",
      exports: { ".": "./index.js", "./package.json": "./package.json" },
      peerDependencies: { "@patchbay/core": "^0.1.0" },
      patchbay: { apiVersion, platforms },
    }),
  );
  await write(join(dir, "index.js"), index);
  const { stdout } = await run("npm", ["pack", "--silent", "--pack-destination", join(work, "tarballs")], {
    cwd: dir,
  });
  return join(work, "tarballs", stdout.trim().split("\n").pop() as string);
}

const pluginIndex = (name: string, platform: string): string => `
import { definePlugin } from "@patchbay/core";
globalThis.__layoutImports ??= [];
globalThis.__layoutImports.push(${JSON.stringify(name)});
const plugin = definePlugin({
  platform: ${JSON.stringify(platform)},
  connectionType: "ssh",
  connectionLibrary: "fake",
  capabilities: [],
  packageName: ${JSON.stringify(name)},
  create() { throw new Error("not used in discovery tests"); },
});
export const plugins = [{ plugin, defaultForPlatform: true }];
`;

// Run inside the host project, with plain node and the installed dist of core: what a user's app does.
const SCRIPT = `
import { discoverPlatform, listInstalledPlugins, listRegisteredPlugins, PluginLoadError } from "@patchbay/core";
const out = { listed: await listInstalledPlugins(), importedByListing: globalThis.__layoutImports ?? [], discovered: {} };
for (const platform of process.argv.slice(2)) {
  try {
    const r = await discoverPlatform(platform);
    out.discovered[platform] = { packageName: r.packageName, path: r.path, packagesTried: r.packagesTried,
      registered: r.registered.map((p) => ({ name: p.definition.name, origin: p.origin })) };
  } catch (err) {
    out.discovered[platform] = { error: { name: err.name, code: err.code, message: err.message,
      packageName: err.packageName, path: err.path, cause: err.cause?.message,
      isPluginLoadError: err instanceof PluginLoadError } };
  }
}
out.registry = listRegisteredPlugins().map((p) => p.definition.name);
out.imported = globalThis.__layoutImports ?? [];
console.log(JSON.stringify(out));
`;

async function hostProject(name: string): Promise<string> {
  const root = join(work, name);
  await write(
    join(root, "package.json"),
    JSON.stringify({
      name,
      version: "0.0.0",
      private: true,
      type: "module",
      dependencies: {
        "@patchbay/core": `file:${coreTarball}`,
        "patchbay-platform-acme": `file:${tarballs.acme}`,
        "patchbay-platform-boom": `file:${tarballs.boom}`,
        "patchbay-platform-future": `file:${tarballs.future}`,
      },
      devDependencies: { "@acme/patchbay-platform-widget": `file:${tarballs.widget}` },
    }),
  );
  await write(join(root, "run.mjs"), SCRIPT);
  return root;
}

interface ScriptOutput {
  listed: {
    packageName: string;
    compatible: boolean;
    declared: boolean;
    apiVersion?: number;
    problem?: string;
  }[];
  importedByListing: string[];
  discovered: Record<string, Record<string, unknown> & { error?: Record<string, unknown> }>;
  registry: string[];
  imported: string[];
}

async function runScript(root: string): Promise<ScriptOutput> {
  const { stdout } = await run(process.execPath, ["run.mjs", "acme", "widget", "boom", "future", "nothing"], {
    cwd: root,
  });
  return JSON.parse(stdout) as ScriptOutput;
}

function expectLayoutBehaviour(out: ScriptOutput, root: string): void {
  expect(out.listed.map((p) => [p.packageName, p.compatible, p.declared])).toEqual([
    ["@acme/patchbay-platform-widget", true, true],
    ["patchbay-platform-acme", true, true],
    ["patchbay-platform-boom", true, true],
    ["patchbay-platform-future", false, true],
  ]);
  expect(out.listed.find((p) => p.packageName === "patchbay-platform-future")?.problem).toContain(
    "plugin api version 99",
  );
  // Listing imported nothing, not even the package whose import throws.
  expect(out.importedByListing).toEqual([]);

  expect(out.discovered.acme).toMatchObject({
    packageName: "patchbay-platform-acme",
    path: join(root, "node_modules", "patchbay-platform-acme"),
    registered: [{ name: "acme/ssh/fake", origin: "user" }],
  });
  expect(out.discovered.widget).toMatchObject({
    packageName: "@acme/patchbay-platform-widget",
    registered: [{ name: "widget/ssh/fake", origin: "user" }],
  });
  expect(out.discovered.boom?.error).toMatchObject({
    code: "PLUGIN_LOAD",
    isPluginLoadError: true,
    packageName: "patchbay-platform-boom",
    path: join(root, "node_modules", "patchbay-platform-boom"),
    cause: "boom: this package throws on import",
  });
  expect(out.discovered.boom?.error?.message).toContain(
    `plugin package "patchbay-platform-boom" at ${join(root, "node_modules", "patchbay-platform-boom")} failed to load`,
  );
  expect(out.discovered.future?.error).toMatchObject({
    code: "PLUGIN_LOAD",
    packageName: "patchbay-platform-future",
  });
  expect(out.discovered.future?.error?.message).toContain(
    "declares plugin api version 99 but this @patchbay/core speaks version 1",
  );
  expect(out.discovered.nothing).toEqual({
    packagesTried: ["@patchbay/platform-nothing", "patchbay-platform-nothing"],
    registered: [],
  });
  expect(out.registry).toEqual(["acme/ssh/fake", "widget/ssh/fake"]);
  // Only the packages of the platforms asked for were imported (boom's import was attempted and threw).
  expect(out.imported.sort()).toEqual(["@acme/patchbay-platform-widget", "boom", "patchbay-platform-acme"]);
}

/**
 * Builds core and packs it as it would be published. `PATCHBAY_CORE_TARBALL` (a path to a tarball made
 * by `pnpm pack`) skips both, for a pipeline that packs once for every test run.
 */
async function packCore(dest: string): Promise<string> {
  await run("pnpm", ["run", "build"], { cwd: coreDir }).catch((err: { stdout?: string; stderr?: string }) => {
    throw new Error(`building @patchbay/core failed:\n${err.stdout ?? ""}${err.stderr ?? ""}`);
  });
  await run("pnpm", ["pack", "--pack-destination", dest], { cwd: coreDir });
  const packed = (await readdir(dest)).find((f) => f.startsWith("patchbay-core-") && f.endsWith(".tgz"));
  if (packed === undefined) throw new Error(`pnpm pack left no patchbay-core tarball in ${dest}`);
  return join(dest, packed);
}

let pnpmRoot: string;
let npmRoot: string;

beforeAll(async () => {
  work = await realpath(await mkdtemp(join(tmpdir(), "patchbay-layouts-")));
  await mkdir(join(work, "tarballs"), { recursive: true });
  coreTarball = process.env.PATCHBAY_CORE_TARBALL ?? (await packCore(join(work, "tarballs")));
  tarballs.acme = await pluginPackage(
    "patchbay-platform-acme",
    ["acme"],
    pluginIndex("patchbay-platform-acme", "acme"),
  );
  tarballs.widget = await pluginPackage(
    "@acme/patchbay-platform-widget",
    ["widget"],
    pluginIndex("@acme/patchbay-platform-widget", "widget"),
  );
  tarballs.boom = await pluginPackage(
    "patchbay-platform-boom",
    ["boom"],
    'globalThis.__layoutImports ??= []; globalThis.__layoutImports.push("boom");\nthrow new Error("boom: this package throws on import");\n',
  );
  tarballs.future = await pluginPackage(
    "patchbay-platform-future",
    ["future"],
    pluginIndex("patchbay-platform-future", "future"),
    99,
  );
  pnpmRoot = await hostProject("host-pnpm");
  npmRoot = await hostProject("host-npm");
  // zod (core's only dependency) is in the local store; fall back to the registry when it is not.
  const args = ["install", "--config.confirmModulesPurge=false", "--ignore-workspace"];
  await Promise.all([
    run("pnpm", [...args, "--offline"], { cwd: pnpmRoot }).catch(() => run("pnpm", args, { cwd: pnpmRoot })),
    run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: npmRoot,
    }),
  ]);
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe("discovery with real installs", () => {
  it("pnpm (strict layout): discovers and lists plugins from the host project", async () => {
    // The strict layout: the plugin is a symlink into .pnpm, and core is not beside it in the host's tree.
    const real = await realpath(join(pnpmRoot, "node_modules", "patchbay-platform-acme"));
    expect(real).toContain(`${join(pnpmRoot, "node_modules", ".pnpm")}`);
    expectLayoutBehaviour(await runScript(pnpmRoot), pnpmRoot);
  });

  it("npm (flat layout): discovers and lists plugins from the host project", async () => {
    // The flat layout: real folders, core hoisted beside the plugins.
    expect(await realpath(join(npmRoot, "node_modules", "patchbay-platform-acme"))).toBe(
      join(npmRoot, "node_modules", "patchbay-platform-acme"),
    );
    expectLayoutBehaviour(await runScript(npmRoot), npmRoot);
  });

  it("two installed copies of core in one Node process share the registry, the discovery cache and error identity", async () => {
    // Copy A: the pnpm project's core (the plugins import it). Copy B: the npm project's core.
    const copyB = pathToFileURL(join(npmRoot, "node_modules", "@patchbay", "core", "dist", "index.js")).href;
    await write(
      join(pnpmRoot, "two-copies.mjs"),
      `
import * as a from "@patchbay/core";
const b = await import(${JSON.stringify(copyB)});
const found = await b.discoverPlatform("acme");
const again = await a.discoverPlatform("acme");
const err = await b.discoverPlatform("future").catch((e) => e);
console.log(JSON.stringify({
  distinctCopies: a.discoverPlatform !== b.discoverPlatform,
  foundBy: found.packageName,
  seenByA: a.listRegisteredPlugins().map((p) => p.definition.name),
  sameRegistration: again.registered[0] === found.registered[0],
  imports: globalThis.__layoutImports,
  errorIsA: err instanceof a.PluginLoadError,
  errorIsPatchbayErrorA: err instanceof a.PatchbayError,
  errorIsOtherKind: err instanceof a.PluginNotFoundError,
  errorProtoIsA: Object.getPrototypeOf(err) === a.PluginLoadError.prototype,
}));
`,
    );
    const { stdout } = await run(process.execPath, ["two-copies.mjs"], { cwd: pnpmRoot });
    expect(JSON.parse(stdout)).toEqual({
      distinctCopies: true,
      foundBy: "patchbay-platform-acme",
      seenByA: ["acme/ssh/fake"],
      sameRegistration: true,
      imports: ["patchbay-platform-acme"],
      errorIsA: true,
      errorIsPatchbayErrorA: true,
      errorIsOtherKind: false,
      errorProtoIsA: false,
    });
  });

  it("the installed copy and this workspace copy of core share the registry, the discovery root and error identity", async () => {
    const snapshot = snapshotRegistry();
    clearRegistry();
    try {
      const installedEntry = await realpath(
        join(pnpmRoot, "node_modules", "@patchbay", "core", "dist", "index.js"),
      );
      const other = (await import(pathToFileURL(installedEntry).href)) as typeof import("../../src/index.ts");
      expect(other.registerConnectionPlugin).not.toBe(registerConnectionPlugin);

      const plugin = other.definePlugin({
        platform: "shared",
        connectionType: "ssh",
        connectionLibrary: "fake",
        capabilities: [],
        create: () => {
          throw new Error("not used");
        },
      });
      other.registerConnectionPlugin(plugin);
      expect(listRegisteredPlugins().map((p) => p.definition.name)).toEqual(["shared/ssh/fake"]);

      setDiscoveryRoot(pnpmRoot);
      expect((await other.listInstalledPlugins()).map((p) => p.packageName)).toEqual(
        (await listInstalledPlugins()).map((p) => p.packageName),
      );

      const err = await other.discoverPlatform("future").catch((e: unknown) => e);
      expect(Object.getPrototypeOf(err)).not.toBe(PluginLoadError.prototype);
      expect(err).toBeInstanceOf(PluginLoadError);
      expect(err).toBeInstanceOf(PatchbayError);
      expect(new PluginLoadError("x", { packageName: "p" })).toBeInstanceOf(other.PluginLoadError);
      expect(new PluginLoadError("x", { packageName: "p" })).not.toBeInstanceOf(other.PluginNotFoundError);
    } finally {
      setDiscoveryRoot(undefined);
      restoreRegistry(snapshot);
      resetDiscovery();
    }
  });
});
