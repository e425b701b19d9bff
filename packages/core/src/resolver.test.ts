import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Commands, ConfigRead, DeviceInfo, memoryPlugin } from "../test/fixtures/plugins.ts";
import { AmbiguousPluginError, PluginNotFoundError } from "./errors.ts";
import { createMemoryLogger } from "./logger.ts";
import { clearRegistry, registerConnectionPlugin } from "./registry.ts";
import { explainResolution, formatExplanation, resolvePlugin } from "./resolver.ts";

const name = (o: { plugin: { definition: { name: string } } }) => o.plugin.definition.name;

describe("resolution", () => {
  beforeEach(() => clearRegistry());
  afterEach(() => clearRegistry());

  describe("step 1: platform, type, library filters", () => {
    it("throws PluginNotFoundError naming platform, type, library and the packages tried", () => {
      registerConnectionPlugin(memoryPlugin({ name: "ssh", connectionType: "ssh" }));
      let caught: unknown;
      try {
        resolvePlugin({
          platform: "acme_os",
          connectionType: "netconf",
          connectionLibrary: "netconf-lib",
          packagesTried: ["@patchbay/platform-acme-os", "patchbay-platform-acme-os"],
        });
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(PluginNotFoundError);
      const e = caught as PluginNotFoundError;
      expect(e.platform).toBe("acme_os");
      expect(e.connectionType).toBe("netconf");
      expect(e.connectionLibrary).toBe("netconf-lib");
      expect(e.message).toContain("@patchbay/platform-acme-os");
      expect(e.message).toContain('library "netconf-lib"');
    });

    it("throws PluginNotFoundError for a platform with no plugins", () => {
      expect(() => resolvePlugin({ platform: "nothing_here" })).toThrow(PluginNotFoundError);
    });

    it("filters by type, then by library", () => {
      registerConnectionPlugin(memoryPlugin({ name: "a", connectionType: "ssh", connectionLibrary: "ssh2" }));
      registerConnectionPlugin(
        memoryPlugin({ name: "b", connectionType: "ssh", connectionLibrary: "other" }),
      );
      registerConnectionPlugin(
        memoryPlugin({ name: "c", connectionType: "netconf", connectionLibrary: "ssh2" }),
      );
      expect(
        name(resolvePlugin({ platform: "acme_os", connectionType: "ssh", connectionLibrary: "other" })),
      ).toBe("b");
      expect(name(resolvePlugin({ platform: "acme_os", connectionType: "netconf" }))).toBe("c");
    });
  });

  describe("step 2: capabilities", () => {
    it("keeps only the plugins implementing all required capabilities when any do", () => {
      registerConnectionPlugin(memoryPlugin({ name: "info", capabilities: [DeviceInfo] }));
      registerConnectionPlugin(memoryPlugin({ name: "both", capabilities: [DeviceInfo, Commands] }));
      expect(name(resolvePlugin({ platform: "acme_os", capabilities: [DeviceInfo, Commands] }))).toBe("both");
    });

    it("picks the single highest-scoring plugin when none has all, and warns naming what it lacks", () => {
      const log = createMemoryLogger();
      registerConnectionPlugin(memoryPlugin({ name: "one", capabilities: [DeviceInfo] }));
      registerConnectionPlugin(memoryPlugin({ name: "two", capabilities: [DeviceInfo, Commands] }));
      const r = resolvePlugin({
        platform: "acme_os",
        capabilities: [DeviceInfo, Commands, ConfigRead],
        logger: log,
      });
      expect(name(r)).toBe("two");
      expect(r.explanation.missingCapabilities).toEqual(["test.ConfigRead"]);
      const warn = log.entries.find((e) => e.level === "warn");
      expect(warn?.msg).toContain("test.ConfigRead");
    });

    it("throws AmbiguousPluginError at once on a tie for the top score, never consulting defaults", () => {
      registerConnectionPlugin(memoryPlugin({ name: "x", capabilities: [DeviceInfo] }), {
        defaultForPlatform: true,
      });
      registerConnectionPlugin(memoryPlugin({ name: "y", capabilities: [Commands] }));
      expect(() =>
        resolvePlugin({ platform: "acme_os", capabilities: [DeviceInfo, Commands], fallbackToDefault: true }),
      ).toThrow(AmbiguousPluginError);
    });
  });

  describe("step 3: a single candidate", () => {
    it("returns the only candidate without fallbackToDefault", () => {
      registerConnectionPlugin(memoryPlugin({ name: "only" }));
      expect(name(resolvePlugin({ platform: "acme_os" }))).toBe("only");
    });
  });

  describe("step 4: several candidates", () => {
    it("is ambiguous without fallbackToDefault, listing each candidate with its capabilities", () => {
      registerConnectionPlugin(memoryPlugin({ name: "p1", capabilities: [DeviceInfo] }), {
        defaultForPlatform: true,
      });
      registerConnectionPlugin(
        memoryPlugin({ name: "p2", capabilities: [DeviceInfo], connectionType: "api" }),
      );
      let caught: unknown;
      try {
        resolvePlugin({ platform: "acme_os", capabilities: [DeviceInfo] });
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(AmbiguousPluginError);
      const e = caught as AmbiguousPluginError;
      expect(e.candidates.map((c) => c.name)).toEqual(["p1", "p2"]);
      expect(e.message).toContain('p1 (type "ssh"');
      expect(e.message).toContain("test.DeviceInfo");
      expect(e.message).toMatch(/connectionLibrary/);
      expect(e.message).toMatch(/default/);
    });

    it("prefers the (platform, type) default over the platform default when a type is given", () => {
      const a = memoryPlugin({ name: "a", connectionType: "ssh", connectionLibrary: "lib-a" });
      const b = memoryPlugin({ name: "b", connectionType: "ssh", connectionLibrary: "lib-b" });
      registerConnectionPlugin(a, { defaultForPlatform: true });
      registerConnectionPlugin(b, { defaultForConnectionType: true });
      expect(
        name(resolvePlugin({ platform: "acme_os", connectionType: "ssh", fallbackToDefault: true })),
      ).toBe("b");
    });

    it("ignores the (platform, type) default when no type was given and uses the platform default", () => {
      const a = memoryPlugin({ name: "a", connectionLibrary: "lib-a" });
      const b = memoryPlugin({ name: "b", connectionLibrary: "lib-b" });
      registerConnectionPlugin(a, { defaultForPlatform: true });
      registerConnectionPlugin(b, { defaultForConnectionType: true });
      expect(name(resolvePlugin({ platform: "acme_os", fallbackToDefault: true }))).toBe("a");
    });

    it("counts a default only if it is among the remaining candidates", () => {
      const info = memoryPlugin({ name: "info-only", capabilities: [DeviceInfo] });
      registerConnectionPlugin(info, { defaultForPlatform: true });
      registerConnectionPlugin(
        memoryPlugin({ name: "c1", capabilities: [DeviceInfo, Commands], connectionLibrary: "l1" }),
      );
      registerConnectionPlugin(
        memoryPlugin({ name: "c2", capabilities: [DeviceInfo, Commands], connectionLibrary: "l2" }),
      );
      expect(() =>
        resolvePlugin({ platform: "acme_os", capabilities: [Commands], fallbackToDefault: true }),
      ).toThrow(/no registered default is among them/);
    });

    it("falls back from a (platform, type) default that was filtered out to the platform default", () => {
      const typeDefault = memoryPlugin({ name: "td", connectionLibrary: "lib-a" });
      const platDefault = memoryPlugin({
        name: "pd",
        connectionLibrary: "lib-b",
        capabilities: [DeviceInfo],
      });
      const other = memoryPlugin({ name: "o", connectionLibrary: "lib-c", capabilities: [DeviceInfo] });
      registerConnectionPlugin(typeDefault, { defaultForConnectionType: true });
      registerConnectionPlugin(platDefault, { defaultForPlatform: true });
      registerConnectionPlugin(other);
      const r = resolvePlugin({
        platform: "acme_os",
        connectionType: "ssh",
        capabilities: [DeviceInfo],
        fallbackToDefault: true,
      });
      expect(name(r)).toBe("pd");
    });
  });

  describe("explain", () => {
    it("records what each filter kept and dropped, and the outcome, without throwing", () => {
      registerConnectionPlugin(memoryPlugin({ name: "ssh-info", capabilities: [DeviceInfo] }));
      registerConnectionPlugin(
        memoryPlugin({ name: "api-info", connectionType: "api", capabilities: [DeviceInfo] }),
      );
      registerConnectionPlugin(memoryPlugin({ name: "ssh-bare" }));
      const e = explainResolution({ platform: "acme_os", connectionType: "ssh", capabilities: [DeviceInfo] });
      expect(e.steps.map((s) => s.step)).toEqual(["platform", "connectionType", "capabilities", "single"]);
      expect(e.steps[1]?.dropped).toEqual([{ name: "api-info", reason: 'connection type is "api"' }]);
      expect(e.steps[2]?.dropped).toEqual([{ name: "ssh-bare", reason: "lacks test.DeviceInfo" }]);
      expect(e.chosen).toBe("ssh-info");
      expect(formatExplanation(e)).toContain("chosen: ssh-info");

      const failed = explainResolution({ platform: "acme_os" });
      expect(failed.chosen).toBeUndefined();
      expect(failed.error?.code).toBe("AMBIGUOUS_PLUGIN");
    });
  });

  it("resolves among 10,000 plugins of one platform", () => {
    for (let i = 0; i < 10_000; i++) {
      registerConnectionPlugin(
        memoryPlugin({
          name: `p${i}`,
          connectionLibrary: `lib${i}`,
          capabilities: i === 4242 ? [DeviceInfo, Commands] : [DeviceInfo],
        }),
      );
    }
    expect(name(resolvePlugin({ platform: "acme_os", capabilities: [Commands] }))).toBe("p4242");
  });
});
