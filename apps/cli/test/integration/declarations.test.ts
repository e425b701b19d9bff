// The published declarations of @patchbay/core and @patchbay/capabilities (their built dist/*.d.ts),
// compiled by tsc in a strict NodeNext project that lists no `types` (no `"types": ["node"]`) and
// checks every declaration file (skipLibCheck off). @types/node is installed, as in any Node project.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const packageDir = (name: string): string => dirname(require.resolve(`${name}/package.json`));

const TSCONFIG = {
  compilerOptions: {
    strict: true,
    module: "NodeNext",
    moduleResolution: "NodeNext",
    target: "ES2023",
    lib: ["ES2023", "ESNext.Disposable"],
    types: [],
    noEmit: true,
    skipLibCheck: false,
  },
  include: ["index.ts"],
};

// The README's examples, typed: `await using` and `withConnection()`.
const SOURCE = `import { connect, type DeviceProxy, withConnection } from "@patchbay/core";
import { ConfigRead, DeviceInfo, type ShellCommandResult } from "@patchbay/capabilities";

await using leaf1 = await connect(
  { host: "leaf1.lab", platform: "arista_eos", username: "ops", password: "pw" },
  { capabilities: [DeviceInfo, ConfigRead], fallbackToDefault: true },
);
export const facts: { hostname: string } = await leaf1.getFacts();
export const size: number = (await leaf1.getConfig()).config.length;
export const viaWith: string = await withConnection(
  { host: "leaf1.lab", platform: "arista_eos", username: "ops", password: "pw" },
  { capabilities: [DeviceInfo], fallbackToDefault: true },
  async (leaf: DeviceProxy<[typeof DeviceInfo]>) => (await leaf.getFacts()).hostname,
);
export type Shell = ShellCommandResult;
`;

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "pb-dts-"));
  await mkdir(join(work, "node_modules", "@patchbay"), { recursive: true });
  await mkdir(join(work, "node_modules", "@types"), { recursive: true });
  for (const name of ["@patchbay/core", "@patchbay/capabilities", "@types/node"])
    await symlink(packageDir(name), join(work, "node_modules", name), "dir");
  await writeFile(
    join(work, "package.json"),
    JSON.stringify({ name: "dts-consumer", private: true, type: "module" }),
  );
  await writeFile(join(work, "tsconfig.json"), JSON.stringify(TSCONFIG));
  await writeFile(join(work, "index.ts"), SOURCE);
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("published declarations", () => {
  it('compile in a strict NodeNext project without "types": ["node"]', async () => {
    const tsc = require.resolve("typescript/bin/tsc");
    const result = await promisify(execFile)(process.execPath, [tsc, "-p", work], { cwd: work }).then(
      (r) => ({ code: 0, out: r.stdout + r.stderr }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({
        code: e.code ?? 1,
        out: `${e.stdout ?? ""}${e.stderr ?? ""}`,
      }),
    );
    expect(result.out).toBe("");
    expect(result.code).toBe(0);
  }, 120_000);
});
