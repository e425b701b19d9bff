import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { generatePluginPackage, optionProblems, packageNameFor } from "./generate.ts";

const made: string[] = [];
async function temp(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "pb-create-"));
  made.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe("generatePluginPackage", () => {
  it("names packages the way discovery looks for them", () => {
    expect(packageNameFor("acme")).toBe("patchbay-platform-acme");
    expect(packageNameFor("acme_os", "@acme")).toBe("@acme/patchbay-platform-acme-os");
  });

  it("writes a package with the patchbay field, a plugin, a conformance test and a README", async () => {
    const dir = join(await temp(), "out");
    const created = await generatePluginPackage({ platform: "acme_os", directory: dir, like: "arista_eos" });
    expect(created.name).toBe("patchbay-platform-acme-os");
    const manifest = JSON.parse(await readFile(join(dir, "package.json"), "utf8"));
    expect(manifest.patchbay).toEqual({
      apiVersion: 1,
      platforms: ["acme_os"],
      plugins: [
        {
          name: "acme_os/ssh",
          platform: "acme_os",
          connectionType: "ssh",
          connectionLibrary: "ssh2",
          capabilities: [
            "patchbay.DeviceInfo",
            "patchbay.Commands",
            "patchbay.ConfigRead",
            "patchbay.ConfigWrite",
          ],
          defaultForPlatform: true,
        },
      ],
    });
    expect(await readFile(join(dir, "test/manifest.test.ts"), "utf8")).toContain("pluginManifest(plugins)");
    expect(manifest.peerDependencies["@patchbay/core"]).toBe("^0.1.0");
    const source = await readFile(join(dir, "src/index.ts"), "utf8");
    expect(source).toContain('driverPlatform = "arista_eos"');
    expect(source).toContain("class AcmeOsCliPlugin extends SshCliPlugin");
    expect(source).toContain("export const plugins");
    expect(await readFile(join(dir, "test/conformance.test.ts"), "utf8")).toContain("describeConformance");
    expect(await readFile(join(dir, "README.md"), "utf8")).toContain('platform: "acme_os"');
  });

  it("uses the given dependency specifiers", async () => {
    const dir = join(await temp(), "out");
    await generatePluginPackage({
      platform: "acme",
      directory: dir,
      versions: { "@patchbay/ssh": "file:/x/ssh.tgz" },
    });
    const manifest = JSON.parse(await readFile(join(dir, "package.json"), "utf8"));
    expect(manifest.dependencies["@patchbay/ssh"]).toBe("file:/x/ssh.tgz");
  });

  it("reports every bad option at once, and refuses a non-empty folder without --force", async () => {
    expect(optionProblems({ platform: "Acme OS", scope: "acme", like: "windows" })).toHaveLength(3);
    await expect(generatePluginPackage({ platform: "9x" })).rejects.toThrow(/platform "9x"/);
    const dir = await temp();
    await writeFile(join(dir, "keep.txt"), "mine");
    await expect(generatePluginPackage({ platform: "acme", directory: dir })).rejects.toThrow(/not empty/);
    await generatePluginPackage({ platform: "acme", directory: dir, force: true });
    expect(await readFile(join(dir, "keep.txt"), "utf8")).toBe("mine");
  });
});
