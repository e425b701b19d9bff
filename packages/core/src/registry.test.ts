import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { memoryPlugin } from "../test/fixtures/plugins.ts";
import { PluginRegistrationError } from "./errors.ts";
import { createMemoryLogger } from "./logger.ts";
import {
  clearRegistry,
  getDefaultPlugin,
  listRegisteredPlugins,
  pluginsForPlatform,
  registerConnectionPlugin,
  restoreRegistry,
  snapshotRegistry,
} from "./registry.ts";

const sdk = (name: string, connectionType = "ssh") =>
  memoryPlugin({ name, connectionType, packageName: "@patchbay/platform-acme-os" });
const user = (name: string, connectionType = "ssh") =>
  memoryPlugin({ name, connectionType, packageName: "acme-corp-tools" });

describe("registry", () => {
  beforeEach(() => clearRegistry());
  afterEach(() => clearRegistry());

  it("derives the origin from the package name: @patchbay/ is sdk, anything else user", () => {
    expect(registerConnectionPlugin(sdk("a")).origin).toBe("sdk");
    expect(registerConnectionPlugin(user("b")).origin).toBe("user");
    expect(registerConnectionPlugin(memoryPlugin({ name: "c" })).origin).toBe("user");
    expect(registerConnectionPlugin(memoryPlugin({ name: "d" }), { origin: "sdk" }).origin).toBe("sdk");
  });

  it("lets a user default replace an SDK default, logging it at info", () => {
    const log = createMemoryLogger();
    const a = sdk("sdk-default");
    const b = user("user-default");
    registerConnectionPlugin(a, { defaultForPlatform: true, logger: log });
    registerConnectionPlugin(b, { defaultForPlatform: true, logger: log });
    expect(getDefaultPlugin("acme_os")?.definition.name).toBe("user-default");
    expect(log.entries.some((e) => e.level === "info" && e.msg?.includes("replaces SDK default"))).toBe(true);
  });

  it("never lets an SDK default replace a user default; it is skipped and logged", () => {
    const log = createMemoryLogger();
    registerConnectionPlugin(user("user-default"), {
      defaultForPlatform: true,
      defaultForConnectionType: true,
      logger: log,
    });
    registerConnectionPlugin(sdk("sdk-default"), {
      defaultForPlatform: true,
      defaultForConnectionType: true,
      logger: log,
    });
    expect(getDefaultPlugin("acme_os")?.definition.name).toBe("user-default");
    expect(getDefaultPlugin("acme_os", "ssh")?.definition.name).toBe("user-default");
    expect(log.entries.filter((e) => e.msg?.includes("skipped")).length).toBe(2);
    // The SDK plugin is still registered, just not the default.
    expect(pluginsForPlatform("acme_os").map((p) => p.definition.name)).toEqual([
      "user-default",
      "sdk-default",
    ]);
  });

  it("rejects two user defaults for the same platform", () => {
    registerConnectionPlugin(user("one"), { defaultForPlatform: true });
    expect(() => registerConnectionPlugin(user("two"), { defaultForPlatform: true })).toThrow(
      PluginRegistrationError,
    );
  });

  it("rejects two SDK defaults for the same (platform, type) but allows them for different types", () => {
    registerConnectionPlugin(sdk("ssh-one", "ssh"), { defaultForConnectionType: true });
    registerConnectionPlugin(sdk("netconf-one", "netconf"), { defaultForConnectionType: true });
    expect(getDefaultPlugin("acme_os", "netconf")?.definition.name).toBe("netconf-one");
    expect(() => registerConnectionPlugin(sdk("ssh-two", "ssh"), { defaultForConnectionType: true })).toThrow(
      /two sdk defaults for platform "acme_os", type "ssh"/,
    );
  });

  it("leaves the registry unchanged when a registration fails", () => {
    registerConnectionPlugin(user("one"), { defaultForConnectionType: true });
    const bad = user("two");
    expect(() =>
      registerConnectionPlugin(bad, { defaultForPlatform: true, defaultForConnectionType: true }),
    ).toThrow();
    expect(getDefaultPlugin("acme_os")).toBeUndefined();
    expect(listRegisteredPlugins().map((p) => p.definition.name)).toEqual(["one"]);
  });

  it("treats registering the same definition twice as one plugin", () => {
    const p = user("same");
    registerConnectionPlugin(p, { defaultForPlatform: true });
    registerConnectionPlugin(p, { defaultForPlatform: true });
    expect(pluginsForPlatform("acme_os")).toHaveLength(1);
  });

  it("refuses a second plugin for the same (platform, type, library) and leaves the registry unchanged", () => {
    const first = memoryPlugin({ name: "first", connectionLibrary: "lib", packageName: "pkg-a" });
    registerConnectionPlugin(first, { defaultForPlatform: true });
    const before = listRegisteredPlugins();
    const second = memoryPlugin({ name: "second", connectionLibrary: "lib", packageName: "pkg-b" });
    let caught: unknown;
    try {
      registerConnectionPlugin(second, { defaultForConnectionType: true });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(PluginRegistrationError);
    expect((caught as Error).message).toContain(
      '"first" already serves platform "acme_os", type "ssh", library "lib"',
    );
    expect(listRegisteredPlugins()).toEqual(before);
    expect(getDefaultPlugin("acme_os", "ssh")).toBeUndefined();
    // Another library on the same platform and type is a different slot.
    registerConnectionPlugin(memoryPlugin({ name: "third", connectionLibrary: "other-lib" }));
    expect(pluginsForPlatform("acme_os")).toHaveLength(2);
  });

  it("treats the same plugin from a second copy of its package (same name and package) as registered", () => {
    const a = memoryPlugin({ name: "twin", connectionLibrary: "lib", packageName: "pkg" });
    const b = memoryPlugin({ name: "twin", connectionLibrary: "lib", packageName: "pkg" });
    expect(a).not.toBe(b);
    const entry = registerConnectionPlugin(a);
    expect(registerConnectionPlugin(b, { defaultForPlatform: true })).toBe(entry);
    expect(pluginsForPlatform("acme_os")).toHaveLength(1);
    expect(getDefaultPlugin("acme_os")).toBe(entry);
  });

  it("names every problem of an invalid plugin", () => {
    const bad = { name: "broken", capabilities: [] } as never;
    expect(() => registerConnectionPlugin(bad)).toThrow(PluginRegistrationError);
    try {
      registerConnectionPlugin(bad);
    } catch (e) {
      const msg = (e as Error).message;
      for (const field of ["platform", "connectionType", "connectionLibrary", "create"])
        expect(msg).toContain(field);
    }
  });

  it("shares one registry through a Symbol.for key on globalThis, so a second copy of core sees it", async () => {
    registerConnectionPlugin(user("visible"));
    // A fresh module instance of the registry, as a second copy of core would have.
    vi.resetModules();
    const second = await import("./registry.ts");
    expect(second.pluginsForPlatform).not.toBe(pluginsForPlatform);
    expect(second.pluginsForPlatform("acme_os").map((p) => p.definition.name)).toEqual(["visible"]);
  });

  it("restores a snapshot exactly", () => {
    registerConnectionPlugin(user("kept"), { defaultForPlatform: true });
    const snap = snapshotRegistry();
    registerConnectionPlugin(user("later"));
    clearRegistry();
    restoreRegistry(snap);
    expect(listRegisteredPlugins().map((p) => p.definition.name)).toEqual(["kept"]);
    expect(getDefaultPlugin("acme_os")?.definition.name).toBe("kept");
  });
});
