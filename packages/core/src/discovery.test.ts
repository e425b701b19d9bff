import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  discoverPlatform,
  listInstalledPlugins,
  PLUGIN_API_VERSION,
  platformPackageNames,
  resetDiscovery,
  setDiscoveryRoot,
} from "./discovery.ts";
import { isPatchbayError, PluginLoadError } from "./errors.ts";
import { selectEntry } from "./internal/plugin-package.ts";
import { createMemoryLogger } from "./logger.ts";
import { definePlugin } from "./plugin.ts";
import {
  clearRegistry,
  getDefaultPlugin,
  pluginsForPlatform,
  type RegistrySnapshot,
  registerConnectionPlugin,
  restoreRegistry,
  snapshotRegistry,
} from "./registry.ts";

// ------------------------------------------------------------------ temp projects on disk

const created: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "patchbay-discovery-"));
  created.push(dir);
  return dir;
}

async function write(file: string, content: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, content);
}

/** A host project: package.json declaring `deps`. */
async function hostProject(
  deps: Record<string, string> = {},
  devDeps: Record<string, string> = {},
): Promise<string> {
  const root = await tempDir();
  await write(
    join(root, "package.json"),
    JSON.stringify({ name: "host", version: "1.0.0", dependencies: deps, devDependencies: devDeps }),
  );
  return root;
}

interface PkgSpec {
  version?: string;
  patchbay?: unknown;
  /** Extra package.json fields (exports, main...). */
  manifest?: Record<string, unknown>;
  /** Files relative to the package folder; default: index.js exporting one plugin per platform. */
  files?: Record<string, string>;
  /** Raw package.json text (overrides everything else). */
  rawManifest?: string;
}

/** A plugin module that needs nothing installed: plain plugin objects, and an import counter. */
function pluginModule(packageName: string, platforms: string[]): string {
  const regs = platforms.map(
    (p) =>
      `{ plugin: { name: ${JSON.stringify(`${packageName}:${p}`)}, platform: ${JSON.stringify(p)}, connectionType: "ssh", connectionLibrary: "fake", capabilities: [], packageName: ${JSON.stringify(packageName)}, create() { throw new Error("unused"); } }, defaultForPlatform: true }`,
  );
  return `globalThis.__patchbayImports ??= {};
globalThis.__patchbayImports[${JSON.stringify(packageName)}] = (globalThis.__patchbayImports[${JSON.stringify(packageName)}] ?? 0) + 1;
export const plugins = [${regs.join(", ")}];
`;
}

async function installPackage(nodeModules: string, name: string, spec: PkgSpec = {}): Promise<string> {
  const dir = join(nodeModules, ...name.split("/"));
  const patchbay = "patchbay" in spec ? spec.patchbay : { apiVersion: 1, platforms: ["acme"] };
  const manifest = { name, version: spec.version ?? "1.2.3", type: "module", ...spec.manifest, patchbay };
  await write(join(dir, "package.json"), spec.rawManifest ?? JSON.stringify(manifest));
  const platforms =
    typeof patchbay === "object" &&
    patchbay !== null &&
    Array.isArray((patchbay as { platforms?: unknown }).platforms)
      ? ((patchbay as { platforms: string[] }).platforms as string[])
      : ["acme"];
  const files = spec.files ?? { "index.js": pluginModule(name, platforms) };
  for (const [file, content] of Object.entries(files)) await write(join(dir, file), content);
  return dir;
}

const importCount = (name: string): number =>
  (globalThis as { __patchbayImports?: Record<string, number> }).__patchbayImports?.[name] ?? 0;

let snapshot: RegistrySnapshot;
beforeEach(() => {
  // Import counters are per test: several tests install a package of the same name in their own project.
  (globalThis as { __patchbayImports?: Record<string, number> }).__patchbayImports = {};
  snapshot = snapshotRegistry();
  clearRegistry();
  resetDiscovery();
});
afterEach(() => {
  restoreRegistry(snapshot);
  resetDiscovery();
  setDiscoveryRoot(undefined);
});
afterAll(async () => {
  delete (globalThis as { __patchbayImports?: unknown }).__patchbayImports;
  await Promise.all(created.map((d) => rm(d, { recursive: true, force: true })));
});

// ------------------------------------------------------------------ names and entries

describe("platformPackageNames", () => {
  it("turns a platform id into the @patchbay and unscoped package names, _ becoming -", () => {
    expect(platformPackageNames("cisco_ios")).toEqual([
      "@patchbay/platform-cisco-ios",
      "patchbay-platform-cisco-ios",
    ]);
  });

  it("normalises the platform first (case, spaces and dashes)", () => {
    expect(platformPackageNames("Cisco-IOS")).toEqual(platformPackageNames("cisco_ios"));
    expect(platformPackageNames(" juniper junos ")).toEqual([
      "@patchbay/platform-juniper-junos",
      "patchbay-platform-juniper-junos",
    ]);
  });
});

describe("entry selection", () => {
  it("prefers patchbay.entry over everything", () => {
    expect(selectEntry({ exports: "./a.js", main: "b.js" }, "./plugin.js")).toBe("./plugin.js");
  });

  it("takes a string exports", () => {
    expect(selectEntry({ exports: "./a.js", main: "b.js" })).toBe("./a.js");
  });

  it('chooses import, then node, then default in exports["."], ignoring @patchbay/source and types', () => {
    const exports = {
      ".": { "@patchbay/source": "./src/index.ts", types: "./dist/index.d.ts", default: "./dist/index.js" },
      "./package.json": "./package.json",
    };
    expect(selectEntry({ exports })).toBe("./dist/index.js");
    expect(selectEntry({ exports: { ".": { require: "./c.cjs", node: "./n.js", import: "./i.js" } } })).toBe(
      "./i.js",
    );
    expect(selectEntry({ exports: { ".": { require: "./c.cjs", default: "./d.js", node: "./n.js" } } })).toBe(
      "./n.js",
    );
  });

  it("reads a conditions object without subpaths as the root export, and nested conditions", () => {
    expect(selectEntry({ exports: { require: "./c.cjs", import: "./i.js" } })).toBe("./i.js");
    expect(selectEntry({ exports: { ".": { node: { require: "./c.cjs", import: "./ni.js" } } } })).toBe(
      "./ni.js",
    );
    expect(selectEntry({ exports: { ".": [{ require: "./c.cjs" }, "./fallback.js"] } })).toBe(
      "./fallback.js",
    );
  });

  it("falls back to module, then main, then index.js", () => {
    expect(selectEntry({ exports: { ".": { require: "./c.cjs" } }, module: "m.js", main: "x.js" })).toBe(
      "m.js",
    );
    expect(selectEntry({ main: "x.js" })).toBe("x.js");
    expect(selectEntry({})).toBe("index.js");
  });

  it("imports the published dist entry of a package whose exports start with @patchbay/source", async () => {
    const root = await hostProject({ "patchbay-platform-acme": "1.0.0" });
    await installPackage(join(root, "node_modules"), "patchbay-platform-acme", {
      manifest: {
        exports: {
          ".": {
            "@patchbay/source": "./src/index.ts",
            types: "./dist/index.d.ts",
            default: "./dist/index.js",
          },
        },
      },
      files: {
        "src/index.ts": 'throw new Error("the source entry must not be imported");',
        "dist/index.js": pluginModule("patchbay-platform-acme", ["acme"]),
      },
    });
    const result = await discoverPlatform("acme", { projectRoot: root });
    expect(result.registered.map((r) => r.definition.name)).toEqual(["patchbay-platform-acme:acme"]);
  });
});

// ------------------------------------------------------------------ discoverPlatform

describe("discoverPlatform", () => {
  it("finds patchbay-platform-<id> in the host's node_modules and registers its plugins as user plugins", async () => {
    const root = await hostProject({ "patchbay-platform-acme": "1.0.0" });
    const dir = await installPackage(join(root, "node_modules"), "patchbay-platform-acme");
    const result = await discoverPlatform("acme", { projectRoot: root });
    expect(result.packageName).toBe("patchbay-platform-acme");
    expect(result.path).toBe(dir);
    expect(result.packagesTried).toEqual(["@patchbay/platform-acme", "patchbay-platform-acme"]);
    expect(pluginsForPlatform("acme").map((p) => [p.definition.name, p.origin])).toEqual([
      ["patchbay-platform-acme:acme", "user"],
    ]);
    expect(getDefaultPlugin("acme")?.definition.name).toBe("patchbay-platform-acme:acme");
  });

  it("tries @patchbay/platform-<id> first; its plugins get the sdk origin", async () => {
    const root = await hostProject();
    await installPackage(join(root, "node_modules"), "patchbay-platform-cisco-ios", {
      patchbay: { apiVersion: 1, platforms: ["cisco_ios"] },
    });
    await installPackage(join(root, "node_modules"), "@patchbay/platform-cisco-ios", {
      patchbay: { apiVersion: 1, platforms: ["cisco_ios"] },
    });
    const result = await discoverPlatform("Cisco-IOS", { projectRoot: root });
    expect(result.packageName).toBe("@patchbay/platform-cisco-ios");
    expect(result.registered.map((r) => r.origin)).toEqual(["sdk"]);
    expect(importCount("patchbay-platform-cisco-ios")).toBe(0);
  });

  it("falls back to an installed package that declares the platform when none is named after it", async () => {
    const root = await hostProject({
      "@patchbay/platform-cisco-ios": "1.0.0",
      "patchbay-platform-other": "1.0.0",
    });
    await installPackage(join(root, "node_modules"), "@patchbay/platform-cisco-ios", {
      patchbay: { apiVersion: 1, platforms: ["cisco_ios", "cisco_iosxe"] },
    });
    await installPackage(join(root, "node_modules"), "patchbay-platform-other", {
      patchbay: { apiVersion: 1, platforms: ["other", "cisco_iosxe"] },
    });
    const result = await discoverPlatform("cisco_iosxe", { projectRoot: root });
    expect(result.packageName).toBe("@patchbay/platform-cisco-ios");
    expect(result.packagesTried).toEqual([
      "@patchbay/platform-cisco-iosxe",
      "patchbay-platform-cisco-iosxe",
      "@patchbay/platform-cisco-ios",
    ]);
    expect(pluginsForPlatform("cisco_iosxe")).toHaveLength(1);
    expect(importCount("patchbay-platform-other")).toBe(0);
    expect((await discoverPlatform("nobody_serves_this", { projectRoot: root })).registered).toEqual([]);
  });

  it("finds a package in a parent's node_modules, as Node resolution does (hoisted workspaces)", async () => {
    const top = await tempDir();
    await installPackage(join(top, "node_modules"), "patchbay-platform-acme");
    const app = join(top, "apps", "app");
    await write(join(app, "package.json"), JSON.stringify({ name: "app", version: "0.0.0" }));
    const result = await discoverPlatform("acme", { projectRoot: app });
    expect(result.path).toBe(join(top, "node_modules", "patchbay-platform-acme"));
  });

  it("finds a declared @<scope>/patchbay-platform-<id>, but not an undeclared one", async () => {
    const root = await hostProject({}, { "@acme/patchbay-platform-widget": "^1.0.0" });
    await installPackage(join(root, "node_modules"), "@acme/patchbay-platform-widget", {
      patchbay: { apiVersion: 1, platforms: ["widget"] },
    });
    await installPackage(join(root, "node_modules"), "@other/patchbay-platform-gadget", {
      patchbay: { apiVersion: 1, platforms: ["gadget"] },
    });
    const widget = await discoverPlatform("widget", { projectRoot: root });
    expect(widget.packageName).toBe("@acme/patchbay-platform-widget");
    expect(widget.packagesTried).toEqual([
      "@patchbay/platform-widget",
      "patchbay-platform-widget",
      "@acme/patchbay-platform-widget",
    ]);
    const gadget = await discoverPlatform("gadget", { projectRoot: root });
    expect(gadget).toEqual({
      registered: [],
      packagesTried: ["@patchbay/platform-gadget", "patchbay-platform-gadget"],
    });
  });

  it("skips, with a debug log, a package found by name that does not declare the platform", async () => {
    const root = await hostProject();
    await installPackage(join(root, "node_modules"), "patchbay-platform-acme", {
      patchbay: { apiVersion: 1, platforms: ["acme_os"] },
    });
    const logger = createMemoryLogger();
    const result = await discoverPlatform("acme", { projectRoot: root, logger });
    expect(result.registered).toEqual([]);
    expect(result.packageName).toBeUndefined();
    expect(importCount("patchbay-platform-acme")).toBe(0);
    const skip = logger.entries.find((e) => e.level === "debug" && e.msg?.includes("skipping"));
    expect(skip?.data).toMatchObject({ packageName: "patchbay-platform-acme", platform: "acme" });
  });

  it("returns nothing, without error, when no package is installed", async () => {
    const root = await hostProject();
    expect(await discoverPlatform("acme", { projectRoot: root })).toEqual({
      registered: [],
      packagesTried: ["@patchbay/platform-acme", "patchbay-platform-acme"],
    });
  });

  it("rejects an incompatible api version with a message naming the package, the path and what to do", async () => {
    const root = await hostProject();
    const dir = await installPackage(join(root, "node_modules"), "patchbay-platform-acme", {
      patchbay: { apiVersion: 99, platforms: ["acme"] },
    });
    const err = await discoverPlatform("acme", { projectRoot: root }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PluginLoadError);
    expect(err).toMatchObject({
      code: "PLUGIN_LOAD",
      packageName: "patchbay-platform-acme",
      path: dir,
      platform: "acme",
    });
    const message = (err as Error).message;
    expect(message).toContain(`"patchbay-platform-acme" at ${dir} is incompatible`);
    expect(message).toContain(
      `plugin api version 99 but this @patchbay/core speaks version ${PLUGIN_API_VERSION}`,
    );
    expect(message).toContain("upgrade @patchbay/core");
    expect(importCount("patchbay-platform-acme")).toBe(0);
  });

  it("tells the user to upgrade the package when it speaks an older api version", async () => {
    const root = await hostProject();
    await installPackage(join(root, "node_modules"), "patchbay-platform-acme", {
      patchbay: { apiVersion: 0, platforms: ["acme"] },
    });
    await expect(discoverPlatform("acme", { projectRoot: root })).rejects.toThrow(
      /api version 0 .* upgrade the package to a version built for this @patchbay\/core/,
    );
  });

  it("reports a package whose import throws, with the cause", async () => {
    const root = await hostProject();
    const dir = await installPackage(join(root, "node_modules"), "patchbay-platform-acme", {
      files: { "index.js": 'throw new Error("boom at import");' },
    });
    const err = (await discoverPlatform("acme", { projectRoot: root }).catch(
      (e: unknown) => e,
    )) as PluginLoadError;
    expect(isPatchbayError(err, "PLUGIN_LOAD")).toBe(true);
    expect(err.packageName).toBe("patchbay-platform-acme");
    expect(err.path).toBe(dir);
    expect(err.message).toContain("failed to load");
    expect(err.message).toContain("boom at import");
    expect((err.cause as Error).message).toBe("boom at import");
  });

  it("reports a missing or invalid `plugins` export", async () => {
    const root = await hostProject();
    await installPackage(join(root, "node_modules"), "patchbay-platform-acme", {
      files: { "index.js": "export const plugin = {};" },
    });
    await expect(discoverPlatform("acme", { projectRoot: root })).rejects.toThrow(/has no `plugins` export/);
    await installPackage(join(root, "node_modules"), "patchbay-platform-beta", {
      patchbay: { apiVersion: 1, platforms: ["beta"] },
      files: {
        "index.js": "export const plugins = [{ plugin: { platform: 'beta' }, defaultForPlatform: 'yes' }];",
      },
    });
    await expect(discoverPlatform("beta", { projectRoot: root })).rejects.toThrow(
      /plugins\[0\]\.plugin: missing connectionType.*plugins\[0\]\.defaultForPlatform must be a boolean/,
    );
  });

  it("reports an entry file that does not exist (an unbuilt package)", async () => {
    const root = await hostProject();
    await installPackage(join(root, "node_modules"), "patchbay-platform-acme", {
      manifest: { exports: { ".": { default: "./dist/index.js" } } },
      files: {},
    });
    await expect(discoverPlatform("acme", { projectRoot: root })).rejects.toThrow(
      /entry file .*dist\/index\.js does not exist/,
    );
  });

  it("reports a package named by convention that has no patchbay field, unless another package serves the platform", async () => {
    const root = await hostProject({ "@acme/patchbay-platform-acme": "1.0.0" });
    await installPackage(join(root, "node_modules"), "patchbay-platform-acme", { patchbay: undefined });
    await expect(discoverPlatform("acme", { projectRoot: root })).rejects.toThrow(
      /"patchbay-platform-acme" at .* cannot serve platform "acme": package.json has no "patchbay" field/,
    );
    await installPackage(join(root, "node_modules"), "@acme/patchbay-platform-acme");
    const result = await discoverPlatform("acme", { projectRoot: root });
    expect(result.packageName).toBe("@acme/patchbay-platform-acme");
  });

  it("imports a platform's package once, even for concurrent calls", async () => {
    const root = await hostProject();
    await installPackage(join(root, "node_modules"), "patchbay-platform-once", {
      patchbay: { apiVersion: 1, platforms: ["once"] },
    });
    await installPackage(join(root, "node_modules"), "patchbay-platform-other", {
      patchbay: { apiVersion: 1, platforms: ["other"] },
    });
    const [a, b] = await Promise.all([
      discoverPlatform("once", { projectRoot: root }),
      discoverPlatform("once", { projectRoot: root }),
    ]);
    const c = await discoverPlatform("once", { projectRoot: root });
    expect(importCount("patchbay-platform-once")).toBe(1);
    expect(a.registered).toEqual(b.registered);
    expect(c.registered).toEqual(a.registered);
    expect(importCount("patchbay-platform-other")).toBe(0);
  });

  it("registers the imported plugins again, without importing, after the registry was cleared", async () => {
    const root = await hostProject();
    await installPackage(join(root, "node_modules"), "patchbay-platform-again", {
      patchbay: { apiVersion: 1, platforms: ["again"] },
    });
    await discoverPlatform("again", { projectRoot: root });
    clearRegistry();
    expect(pluginsForPlatform("again")).toEqual([]);
    const result = await discoverPlatform("again", { projectRoot: root });
    expect(pluginsForPlatform("again")).toEqual(result.registered);
    expect(result.registered).toHaveLength(1);
    expect(importCount("patchbay-platform-again")).toBe(1);
  });

  it("keeps a user's explicit default when the discovered sdk package also declares one", async () => {
    const root = await hostProject();
    await installPackage(join(root, "node_modules"), "@patchbay/platform-acme");
    const mine = definePlugin({
      name: "my-acme",
      platform: "acme",
      connectionType: "ssh",
      connectionLibrary: "mine",
      capabilities: [],
      create: () => {
        throw new Error("unused");
      },
    });
    registerConnectionPlugin(mine, { defaultForPlatform: true });
    const result = await discoverPlatform("acme", { projectRoot: root });
    expect(result.registered.map((r) => r.origin)).toEqual(["sdk"]);
    expect(getDefaultPlugin("acme")?.definition.name).toBe("my-acme");
  });

  it("searches the folder given to setDiscoveryRoot when no projectRoot is passed", async () => {
    const root = await hostProject();
    await installPackage(join(root, "node_modules"), "patchbay-platform-rooted", {
      patchbay: { apiVersion: 1, platforms: ["rooted"] },
    });
    setDiscoveryRoot(root);
    expect((await discoverPlatform("rooted")).packageName).toBe("patchbay-platform-rooted");
  });
});

// ------------------------------------------------------------------ listInstalledPlugins

describe("listInstalledPlugins", () => {
  it("lists declared and present plugin packages from package.json only, sorted, with compatibility", async () => {
    const root = await hostProject(
      { "patchbay-platform-acme": "1.0.0", "@acme/patchbay-platform-widget": "1.0.0", "left-pad": "1.0.0" },
      { "@patchbay/platform-old": "1.0.0", "patchbay-platform-missing": "1.0.0" },
    );
    const nm = join(root, "node_modules");
    await installPackage(nm, "patchbay-platform-acme", {
      version: "2.0.0",
      files: { "index.js": 'throw new Error("listing must never import");' },
    });
    const declaredPlugins = [
      {
        name: "widget/ssh",
        platform: "widget_os",
        connectionType: "ssh",
        connectionLibrary: "ssh2",
        capabilities: ["patchbay.DeviceInfo"],
        defaultForPlatform: true,
      },
    ];
    await installPackage(nm, "@acme/patchbay-platform-widget", {
      patchbay: { apiVersion: 1, platforms: ["Widget-OS"], plugins: declaredPlugins },
    });
    await installPackage(nm, "@patchbay/platform-old", { patchbay: { apiVersion: 99, platforms: ["old"] } });
    await installPackage(nm, "patchbay-platform-hoisted", { patchbay: undefined });
    await installPackage(nm, "left-pad", { patchbay: undefined });
    await installPackage(nm, "@patchbay/platform-broken", { rawManifest: "{ not json" });

    const list = await listInstalledPlugins({ projectRoot: root });
    expect(list.map((p) => p.packageName)).toEqual([
      "@acme/patchbay-platform-widget",
      "@patchbay/platform-broken",
      "@patchbay/platform-old",
      "patchbay-platform-acme",
      "patchbay-platform-hoisted",
    ]);
    const byName = Object.fromEntries(list.map((p) => [p.packageName, p]));
    expect(byName["patchbay-platform-acme"]).toEqual({
      packageName: "patchbay-platform-acme",
      version: "2.0.0",
      path: join(nm, "patchbay-platform-acme"),
      platforms: ["acme"],
      plugins: [],
      apiVersion: 1,
      origin: "user",
      compatible: true,
      declared: true,
    });
    expect(byName["@acme/patchbay-platform-widget"]).toMatchObject({
      platforms: ["widget_os"],
      plugins: declaredPlugins,
      compatible: true,
    });
    expect(byName["@patchbay/platform-old"]).toMatchObject({
      origin: "sdk",
      apiVersion: 99,
      compatible: false,
      problem: expect.stringContaining("plugin api version 99"),
    });
    expect(byName["patchbay-platform-hoisted"]).toMatchObject({
      declared: false,
      compatible: false,
      problem: 'package.json has no "patchbay" field',
    });
    expect(byName["@patchbay/platform-broken"]).toMatchObject({
      declared: false,
      compatible: false,
      problem: expect.stringMatching(/^cannot read package.json/),
    });
    expect(importCount("patchbay-platform-acme")).toBe(0);
  });

  it("reports a malformed patchbay field", async () => {
    const root = await hostProject({ "patchbay-platform-acme": "1.0.0" });
    await installPackage(join(root, "node_modules"), "patchbay-platform-acme", {
      patchbay: { apiVersion: "1", platforms: [] },
    });
    const [only] = await listInstalledPlugins({ projectRoot: root });
    expect(only?.compatible).toBe(false);
    expect(only?.problem).toBe(
      '"patchbay.apiVersion" must be an integer; "patchbay.platforms" must be a non-empty array of platform ids',
    );
  });

  it("follows pnpm-style symlinks and finds declared packages in a parent's node_modules", async () => {
    const top = await tempDir();
    const store = join(top, "node_modules", ".pnpm", "patchbay-platform-linked@1.0.0", "node_modules");
    const real = await installPackage(store, "patchbay-platform-linked", {
      patchbay: { apiVersion: 1, platforms: ["linked"] },
    });
    await installPackage(join(top, "node_modules"), "patchbay-platform-up", {
      patchbay: { apiVersion: 1, platforms: ["up"] },
    });
    const app = join(top, "app");
    await write(
      join(app, "package.json"),
      JSON.stringify({
        name: "app",
        version: "0.0.0",
        dependencies: { "patchbay-platform-linked": "1", "patchbay-platform-up": "1" },
      }),
    );
    await mkdir(join(app, "node_modules"), { recursive: true });
    await symlink(real, join(app, "node_modules", "patchbay-platform-linked"), "dir");
    const list = await listInstalledPlugins({ projectRoot: app });
    expect(list.map((p) => [p.packageName, p.path, p.compatible])).toEqual([
      ["patchbay-platform-linked", join(app, "node_modules", "patchbay-platform-linked"), true],
      ["patchbay-platform-up", join(top, "node_modules", "patchbay-platform-up"), true],
    ]);
    const linked = await discoverPlatform("linked", { projectRoot: app });
    expect(linked.registered).toHaveLength(1);
  });

  it("returns an empty list for a project without node_modules", async () => {
    const root = await hostProject();
    expect(await listInstalledPlugins({ projectRoot: root })).toEqual([]);
  });
});
