import { mkdir, readdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";

/** The simulator platforms a new plugin can start from (their CLI conventions and driver definition). */
export const BASE_PLATFORMS: readonly string[] = [
  "cisco_iosxe",
  "cisco_nxos",
  "cisco_iosxr",
  "arista_eos",
  "juniper_junos",
  "frr",
];

/** Options of {@link generatePluginPackage}. */
export interface GenerateOptions {
  /** The platform id the package serves: lowercase letters, digits and `_` (`acme_os`). */
  platform: string;
  /** Where to create the package folder. @default `./<package name without scope>` */
  directory?: string;
  /** An npm scope (`@acme`): the package becomes `@acme/patchbay-platform-<id>`. */
  scope?: string;
  /** The platform whose CLI conventions and simulator the plugin starts from. @default "cisco_iosxe" */
  like?: string;
  /** Version ranges (or `file:` specifiers) of the Patchbay packages it depends on. @default `^<this version>` */
  versions?: Partial<Record<PatchbayDependency, string>>;
  /** Write into an existing, non-empty folder. @default false */
  force?: boolean;
}

export type PatchbayDependency =
  | "@patchbay/core"
  | "@patchbay/capabilities"
  | "@patchbay/ssh"
  | "@patchbay/driver"
  | "@patchbay/testkit"
  | "@patchbay/devsim";

/** What was generated. */
export interface GeneratedPackage {
  name: string;
  directory: string;
  files: string[];
}

const PLATFORM = /^[a-z][a-z0-9_]*$/;
const SCOPE = /^@[a-z0-9][a-z0-9._-]*$/;
const DEFAULT_RANGE = "^0.1.0";

/** Checks the options; returns every problem at once (empty when they are fine). */
export function optionProblems(options: GenerateOptions): string[] {
  const problems: string[] = [];
  if (!PLATFORM.test(options.platform ?? "")) {
    problems.push(
      `platform "${options.platform}" must be lowercase letters, digits and "_", starting with a letter (for example acme_os)`,
    );
  }
  if (options.scope !== undefined && !SCOPE.test(options.scope))
    problems.push(`scope "${options.scope}" must look like @acme`);
  const like = options.like ?? "cisco_iosxe";
  if (!BASE_PLATFORMS.includes(like))
    problems.push(`--like "${like}" must be one of ${BASE_PLATFORMS.join(", ")}`);
  return problems;
}

/** The package name for a platform id: `acme_os` gives `patchbay-platform-acme-os`. */
export function packageNameFor(platform: string, scope?: string): string {
  const base = `patchbay-platform-${platform.replace(/_/g, "-")}`;
  return scope === undefined ? base : `${scope}/${base}`;
}

/**
 * Writes a new platform plugin package: an SSH CLI plugin built on `@patchbay/driver/ssh` with
 * DeviceInfo, Commands, ConfigRead and ConfigWrite, the `patchbay` field discovery reads, a
 * conformance test against `@patchbay/devsim`, and a README.
 */
export async function generatePluginPackage(options: GenerateOptions): Promise<GeneratedPackage> {
  const problems = optionProblems(options);
  if (problems.length > 0) throw new TypeError(`create-plugin: ${problems.join("; ")}.`);
  const name = packageNameFor(options.platform, options.scope);
  const directory = resolve(options.directory ?? name.split("/").pop()!);
  const existing = await readdir(directory).catch(() => [] as string[]);
  if (existing.length > 0 && !options.force) {
    throw new Error(
      `create-plugin: ${directory} exists and is not empty; choose another --dir or pass --force.`,
    );
  }
  const like = options.like ?? "cisco_iosxe";
  const range = (dep: PatchbayDependency): string => options.versions?.[dep] ?? DEFAULT_RANGE;
  const files: Record<string, string> = {
    "package.json": `${JSON.stringify(manifest(name, options.platform, range), null, 2)}\n`,
    "tsconfig.json": TSCONFIG,
    "src/index.ts": pluginSource(name, options.platform, like),
    "test/conformance.test.ts": testSource(options.platform, like),
    "test/manifest.test.ts": MANIFEST_TEST,
    "README.md": readme(name, options.platform, like),
    ".gitignore": "node_modules\ndist\n",
  };
  for (const [file, content] of Object.entries(files)) {
    await mkdir(dirname(join(directory, file)), { recursive: true });
    await writeFile(join(directory, file), content);
  }
  return { name, directory, files: Object.keys(files) };
}

function manifest(
  name: string,
  platform: string,
  range: (dep: PatchbayDependency) => string,
): Record<string, unknown> {
  return {
    name,
    version: "0.1.0",
    description: `Patchbay platform plugin for ${platform} devices.`,
    license: "MIT",
    type: "module",
    sideEffects: false,
    engines: { node: ">=20.19" },
    exports: {
      ".": { types: "./dist/index.d.ts", default: "./dist/index.js" },
      "./package.json": "./package.json",
    },
    files: ["dist"],
    // Discovery reads this without importing the package: a device whose platform is listed here
    // finds the package at run time because it is installed.
    // `plugins` lets `patchbay plugins` show what the package offers without importing it;
    // test/manifest.test.ts fails when it no longer matches the `plugins` export.
    patchbay: {
      apiVersion: 1,
      platforms: [platform],
      plugins: [
        {
          name: `${platform}/ssh`,
          platform,
          connectionType: "ssh",
          connectionLibrary: "ssh2",
          capabilities: CAPABILITIES.map((c) => `patchbay.${c}`),
          defaultForPlatform: true,
        },
      ],
    },
    scripts: { build: "tsc -p tsconfig.json", test: "vitest run", prepack: "tsc -p tsconfig.json" },
    peerDependencies: { "@patchbay/core": range("@patchbay/core") },
    dependencies: {
      "@patchbay/capabilities": range("@patchbay/capabilities"),
      "@patchbay/driver": range("@patchbay/driver"),
      "@patchbay/ssh": range("@patchbay/ssh"),
    },
    devDependencies: {
      "@patchbay/core": range("@patchbay/core"),
      "@patchbay/devsim": range("@patchbay/devsim"),
      "@patchbay/testkit": range("@patchbay/testkit"),
      "@types/node": "^20.19.0",
      typescript: "~6.0.3",
      vitest: "~4.1.12",
    },
  };
}

/** The capabilities of the generated plugin, in the order of its `definePlugin` call. */
const CAPABILITIES = ["DeviceInfo", "Commands", "ConfigRead", "ConfigWrite"] as const;

const TSCONFIG = `${JSON.stringify(
  {
    compilerOptions: {
      target: "ES2023",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      declaration: true,
      sourceMap: true,
      outDir: "dist",
      rootDir: "src",
      skipLibCheck: true,
      types: ["node"],
    },
    include: ["src"],
  },
  null,
  2,
)}\n`;

function className(platform: string): string {
  return `${platform
    .split("_")
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join("")}CliPlugin`;
}

function pluginSource(name: string, platform: string, like: string): string {
  const cls = className(platform);
  return `import { Commands, ConfigRead, ConfigWrite, DeviceInfo, type Facts } from "@patchbay/capabilities";
import { definePlugin, type OperationOptions, type PluginDefinition, type PluginRegistration } from "@patchbay/core";
import { SshCliPlugin } from "@patchbay/driver/ssh";

/**
 * ${platform} over SSH: the CLI driver with ${like}'s prompts and privilege levels. Commands,
 * ConfigRead and ConfigWrite come from SshCliPlugin; getFacts is this platform's own.
 */
export class ${cls} extends SshCliPlugin {
  protected readonly driverPlatform = ${JSON.stringify(like)};

  async getFacts(options: OperationOptions = {}): Promise<Facts> {
    const response = await this.driver.sendCommand("show version", options);
    const text = response.result;
    const version = /[Vv]ersion[:\\s]+([\\w.()-]+)/.exec(text)?.[1] ?? "";
    return {
      hostname: this.driver.hostname ?? "",
      vendor: ${JSON.stringify(platform)},
      model: /^[Mm]odel(?: [Nn]umber)?\\s*:\\s*(\\S+)/m.exec(text)?.[1] ?? "",
      serial: /[Ss]erial [Nn]umber\\s*:?\\s*(\\S+)/.exec(text)?.[1] ?? "",
      osVersion: version,
      uptimeSeconds: null,
      raw: { "show version": text },
    };
  }
}

/** The plugin: ${platform} over SSH. */
export const cliPlugin: PluginDefinition = definePlugin({
  name: ${JSON.stringify(`${platform}/ssh`)},
  platform: ${JSON.stringify(platform)},
  connectionType: "ssh",
  connectionLibrary: "ssh2",
  capabilities: [DeviceInfo, Commands, ConfigRead, ConfigWrite],
  packageName: ${JSON.stringify(name)},
  create: (device, context) => new ${cls}(device, context),
});

/** What Patchbay registers when it discovers this package for a ${platform} device. */
export const plugins: PluginRegistration[] = [{ plugin: cliPlugin, defaultForPlatform: true }];
`;
}

function testSource(platform: string, like: string): string {
  return `import { startDevice } from "@patchbay/devsim";
import { describeConformance } from "@patchbay/testkit";
import { plugins } from "../src/index.ts";

// The simulator plays a ${like} device; replace it with your device's own simulator or lab.
describeConformance({
  plugins,
  connectTimeoutMs: 20_000,
  targets: {
    ${JSON.stringify(`${platform}/ssh`)}: async () => {
      const sim = await startDevice({ platform: ${JSON.stringify(like)}, username: "admin", password: "admin-pw" });
      return {
        device: {
          id: "sim1",
          host: sim.host,
          port: sim.port,
          username: "admin",
          password: "admin-pw",
          platform: ${JSON.stringify(platform)},
          data: { enableSecret: "admin-pw", ssh: { hostKeyPolicy: "off" } },
        },
        close: () => sim.close(),
      };
    },
  },
  invalidDevices: {
    ${JSON.stringify(`${platform}/ssh`)}: [
      {
        name: "no credentials",
        device: { id: "bare", host: "192.0.2.1", platform: ${JSON.stringify(platform)} },
        code: "CONNECTION_VALIDATION",
        messageContains: ["bare"],
      },
    ],
  },
});
`;
}

const MANIFEST_TEST = `import { readFileSync } from "node:fs";
import { pluginManifest } from "@patchbay/core/tooling";
import { expect, it } from "vitest";
import { plugins } from "../src/index.ts";

it("package.json declares the plugins the package exports (patchbay plugins reads the declaration)", () => {
  const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  expect(manifest.patchbay.plugins).toEqual(pluginManifest(plugins));
});
`;

function readme(name: string, platform: string, like: string): string {
  return `# ${name}

A [Patchbay](https://github.com/patchbay-dev/patchbay) platform plugin for \`${platform}\` devices.

Install it next to \`@patchbay/core\`; a device whose platform is \`${platform}\` finds it at run time,
with no registration code:

\`\`\`ts
import { connect } from "@patchbay/core";
import { DeviceInfo } from "@patchbay/capabilities";

await using device = await connect(
  { host: "10.0.0.1", platform: "${platform}", username: "admin", password: process.env.PW },
  { capabilities: [DeviceInfo] },
);
console.log(await device.getFacts());
\`\`\`

It starts from ${like}'s CLI conventions (prompts, privilege levels, configuration mode) through
\`SshCliPlugin\` from \`@patchbay/driver/ssh\`. Adapt \`getFacts\` in \`src/index.ts\` to your device's
\`show version\`.

- \`npm run build\` compiles \`src\` to \`dist\`.
- \`npm test\` runs the Patchbay conformance suite (\`@patchbay/testkit\`) against the simulator.
- The \`patchbay\` field in \`package.json\` (\`apiVersion\`, \`platforms\`) is how discovery finds the package;
  its \`plugins\` list is what \`patchbay plugins\` shows (read without importing the package). When you
  change the \`plugins\` export (capabilities, connection types), update it: \`test/manifest.test.ts\`
  fails until it matches \`pluginManifest(plugins)\` from \`@patchbay/core/tooling\`.
`;
}
