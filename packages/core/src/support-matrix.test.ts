import { describe, expect, it } from "vitest";
import { z } from "zod";
import { type Capability, defineCapability } from "./capability.ts";
import { defineConnectorSettings } from "./connector-data.ts";
import { definePlugin, type PluginDefinition } from "./plugin.ts";
import {
  pluginManifest,
  readPluginManifest,
  renderSupportMatrix,
  replaceSupportMatrix,
} from "./support-matrix.ts";

interface Facts {
  getFacts(): Promise<string>;
}
interface Cli {
  send(): Promise<string>;
}
const FactsCap: Capability<Facts> = defineCapability<Facts>()("matrix.Facts", ["getFacts"]);
const CliCap: Capability<Cli> = defineCapability<Cli>()("matrix.Cli", ["send"]);
const settings = defineConnectorSettings("acme", {
  retries: { schema: z.number(), default: 2, description: "How many times." },
});
const never = (): never => {
  throw new Error("not created in this test");
};
const ssh: PluginDefinition = definePlugin({
  platform: "acme_os",
  connectionType: "ssh",
  connectionLibrary: "ssh2",
  capabilities: [FactsCap, CliCap],
  settings,
  limitations: ["Cli: paging cannot be turned off."],
  create: never,
});
const api: PluginDefinition = definePlugin({
  platform: "acme_os",
  connectionType: "api",
  connectionLibrary: "undici",
  capabilities: [FactsCap],
  create: never,
});
const registrations = [{ plugin: ssh, defaultForPlatform: true }, { plugin: api }];

describe("support matrix", () => {
  it("describes each plugin for package.json, and reads it back", () => {
    const manifest = pluginManifest(registrations);
    expect(manifest).toEqual([
      {
        name: "acme_os/ssh/ssh2",
        platform: "acme_os",
        connectionType: "ssh",
        connectionLibrary: "ssh2",
        capabilities: ["matrix.Facts", "matrix.Cli"],
        defaultForPlatform: true,
        settings: "acme",
        limitations: ["Cli: paging cannot be turned off."],
      },
      {
        name: "acme_os/api/undici",
        platform: "acme_os",
        connectionType: "api",
        connectionLibrary: "undici",
        capabilities: ["matrix.Facts"],
        defaultForPlatform: false,
      },
    ]);
    expect(readPluginManifest(JSON.parse(JSON.stringify(manifest)))).toEqual(manifest);
    expect(readPluginManifest([{ name: "x" }, "junk", null])).toEqual([]);
    expect(readPluginManifest(undefined)).toEqual([]);
  });

  it("renders a capability-by-plugin table and the settings tables", () => {
    const text = renderSupportMatrix(registrations);
    expect(text).toContain("| `matrix.Cli` (`send`) | yes | no |");
    expect(text).toContain("| `matrix.Facts` (`getFacts`) | yes | yes |");
    expect(text).toContain("| `acme_os/ssh/ssh2` | `acme_os` | `ssh` | `ssh2` | yes |");
    expect(text).toContain("device.data.acme");
    expect(text).toContain("- `acme_os/ssh/ssh2`: Cli: paging cannot be turned off.");
    expect(text).toContain("retries");
  });

  it("replaces only the generated block of a README, or appends one", () => {
    const first = replaceSupportMatrix("# pkg\n\nIntro.\n", "TABLE 1");
    expect(first).toContain("## Support matrix");
    expect(first).toContain("TABLE 1");
    const second = replaceSupportMatrix(`${first}\n## After\n`, "TABLE 2");
    expect(second).not.toContain("TABLE 1");
    expect(second).toContain("TABLE 2");
    expect(second).toContain("## After");
    expect(second.startsWith("# pkg\n\nIntro.")).toBe(true);
  });

  it("refuses limitations that are not sentences", () => {
    expect(() =>
      definePlugin({
        platform: "acme_os",
        connectionType: "ssh",
        connectionLibrary: "ssh2",
        capabilities: [FactsCap],
        limitations: [""],
        create: never,
      }),
    ).toThrow(/limitations must be a list of sentences/);
  });
});
