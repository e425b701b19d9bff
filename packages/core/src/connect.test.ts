import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import {
  Commands,
  ConfigRead,
  DeviceInfo,
  type Facts,
  MemoryPlugin,
  memoryPlugin,
} from "../test/fixtures/plugins.ts";
import { connect, explain, withConnection } from "./connect.ts";
import { defineConnectorSettings } from "./connector-data.ts";
import { createDevice, type Device } from "./device.ts";
import {
  AmbiguousPluginError,
  ConnectionError,
  ConnectionValidationError,
  ConnectorDataError,
  NotImplementedForThisPlatform,
  PluginNotFoundError,
} from "./errors.ts";
import { createMemoryLogger } from "./logger.ts";
import type { PluginContext } from "./plugin.ts";
import { clearRegistry, listRegisteredPlugins, registerConnectionPlugin } from "./registry.ts";

const device = { id: "r1", host: "10.0.0.1", platform: "acme_os", password: "pa55word!" };

describe("connect and the proxy", () => {
  beforeEach(() => {
    clearRegistry();
    MemoryPlugin.behaviour = {};
    MemoryPlugin.events = [];
  });
  afterEach(() => clearRegistry());

  it("returns a proxy typed as exactly the requested capabilities, delegating to the plugin", async () => {
    registerConnectionPlugin(memoryPlugin({ capabilities: [DeviceInfo, Commands] }));
    const proxy = await connect(device, { capabilities: [DeviceInfo, Commands], discovery: false });
    expectTypeOf(proxy.getFacts).returns.resolves.toEqualTypeOf<Facts>();
    // @ts-expect-error: ConfigRead was not requested, so getConfig is not on the type.
    expect(proxy.getConfig).toBeUndefined();
    expect(await proxy.getFacts()).toEqual({ hostname: "r1" });
    expect(await proxy.runCommands(["show version"])).toEqual(["r1: show version"]);
    expect(proxy.listCapabilities()).toEqual({
      "test.DeviceInfo": ["getFacts"],
      "test.Commands": ["runCommands"],
    });
    expect(proxy.plugin.name).toBe("acme_os/ssh/memory-lib");
    expect(MemoryPlugin.events).toEqual(["import", "open"]);
    await proxy.close();
    expect(MemoryPlugin.events).toEqual(["import", "open", "close"]);
  });

  it("runs the consumer's override where the plugin lacks a method, with the proxy as this", async () => {
    registerConnectionPlugin(memoryPlugin({ capabilities: [DeviceInfo] }));
    const proxy = await connect(device, {
      capabilities: [DeviceInfo, ConfigRead],
      discovery: false,
      overrides: {
        async getConfig() {
          const facts = await this.getFacts();
          return `! no config for ${facts.hostname}`;
        },
      },
    });
    expect(await proxy.getConfig()).toBe("! no config for r1");
    expect(proxy.listCapabilities()["test.ConfigRead"]).toEqual(["getConfig"]);
    await proxy.close();
  });

  it("throws NotImplementedForThisPlatform with full context for a lacking method without override", async () => {
    registerConnectionPlugin(memoryPlugin({ capabilities: [DeviceInfo] }));
    const log = createMemoryLogger();
    const proxy = await connect(device, {
      capabilities: [DeviceInfo, Commands],
      discovery: false,
      logger: log,
    });
    let caught: unknown;
    try {
      await proxy.runCommands(["x"]);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(NotImplementedForThisPlatform);
    const e = caught as NotImplementedForThisPlatform;
    expect(e.message).toBe("Method 'runCommands()' is not implemented for this platform.");
    expect({
      proxy: e.proxy,
      method: e.method,
      capability: e.capability,
      platform: e.platform,
      plugin: e.plugin,
      deviceId: e.deviceId,
    }).toEqual({
      proxy: "test.DeviceInfo+test.Commands",
      method: "runCommands",
      capability: "test.Commands",
      platform: "acme_os",
      plugin: "acme_os/ssh/memory-lib",
      deviceId: "r1",
    });
    expect(proxy.listCapabilities()["test.Commands"]).toEqual([]);
    // validateCapabilities (default on) warned about the lacking method and did not block.
    expect(
      log.entries.some((x) => x.level === "warn" && x.msg?.includes("test.Commands.runCommands()")),
    ).toBe(true);
    await proxy.close();
  });

  it("returns a rejected promise (never throws synchronously) for a lacking method", async () => {
    registerConnectionPlugin(memoryPlugin({ capabilities: [DeviceInfo] }));
    const proxy = await connect(device, { capabilities: [DeviceInfo, Commands], discovery: false });
    let result: unknown;
    expect(() => {
      result = proxy.runCommands(["x"]);
    }).not.toThrow();
    expect(result).toBeInstanceOf(Promise);
    await expect(result).rejects.toBeInstanceOf(NotImplementedForThisPlatform);
    await proxy.close();
  });

  it("names the host and the ways to choose when several plugins fit and none is asked for", async () => {
    registerConnectionPlugin(memoryPlugin({ name: "over-ssh", connectionType: "ssh" }), {
      defaultForPlatform: true,
    });
    registerConnectionPlugin(memoryPlugin({ name: "local", connectionType: "local" }));
    const err = await connect({ host: "web1.example.net", platform: "acme_os" }, { discovery: false }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AmbiguousPluginError);
    const e = err as AmbiguousPluginError;
    expect(e.host).toBe("web1.example.net");
    expect(e.message).toContain('device "web1.example.net"');
    expect(e.message).toContain('connectionType ("ssh" or "local")');
    expect(e.message).toContain('fallbackToDefault: true to take the default "over-ssh"');
  });

  it("does not warn when validateCapabilities is false", async () => {
    registerConnectionPlugin(memoryPlugin({ capabilities: [DeviceInfo] }));
    const log = createMemoryLogger();
    const proxy = await connect(device, {
      capabilities: [Commands],
      discovery: false,
      logger: log,
      validateCapabilities: false,
    });
    expect(log.entries.filter((x) => x.level === "warn" && x.msg?.includes("does not implement"))).toEqual(
      [],
    );
    await proxy.close();
  });

  it("with connect: false builds the plugin without connecting", async () => {
    registerConnectionPlugin(memoryPlugin({ capabilities: [DeviceInfo] }));
    const proxy = await connect(device, { capabilities: [DeviceInfo], connect: false, discovery: false });
    expect(MemoryPlugin.events).toEqual([]);
    expect(await proxy.plugin.isConnectionAlive()).toBe(false);
    await expect(proxy.getFacts()).rejects.toBeInstanceOf(ConnectionError);
    await proxy.plugin.initializeConnection();
    expect(await proxy.getFacts()).toEqual({ hostname: "r1" });
    await proxy.close();
  });

  it("makes close idempotent and usable with await using", async () => {
    registerConnectionPlugin(memoryPlugin({}));
    {
      await using proxy = await connect(device, { discovery: false });
      await proxy.close();
      await proxy.close();
    }
    expect(MemoryPlugin.events.filter((e) => e === "close")).toHaveLength(1);
  });

  it("throws validation and resolution errors before any connection attempt", async () => {
    registerConnectionPlugin(memoryPlugin({}));
    await expect(connect({ id: "bad" }, { discovery: false })).rejects.toBeInstanceOf(
      ConnectionValidationError,
    );
    await expect(connect({ ...device, platform: "other_os" }, { discovery: false })).rejects.toBeInstanceOf(
      PluginNotFoundError,
    );
    registerConnectionPlugin(memoryPlugin({ connectionLibrary: "second" }));
    await expect(connect(device, { discovery: false })).rejects.toThrow(/2 plugins fit/);
    expect(MemoryPlugin.events).toEqual([]);
  });

  it("tears down and rethrows when opening fails, keeping the password out of errors and logs", async () => {
    registerConnectionPlugin(memoryPlugin({}));
    MemoryPlugin.behaviour = { failOpen: new Error("auth failed for pa55word!") };
    const log = createMemoryLogger();
    const err = await connect(device, { discovery: false, logger: log }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(MemoryPlugin.events).toEqual(["import", "open"]);
    expect(JSON.stringify(log.entries)).not.toContain("pa55word!");
  });

  it("closes in withConnection whatever fn does", async () => {
    registerConnectionPlugin(memoryPlugin({ capabilities: [DeviceInfo] }));
    const value = await withConnection(device, { capabilities: [DeviceInfo], discovery: false }, (p) =>
      p.getFacts(),
    );
    expect(value).toEqual({ hostname: "r1" });
    await expect(
      withConnection(device, { capabilities: [DeviceInfo], discovery: false }, () => {
        throw new Error("inside");
      }),
    ).rejects.toThrow("inside");
    expect(MemoryPlugin.events.filter((e) => e === "close")).toHaveLength(2);
  });

  it("validates the device's connector data against the plugin's settings before connecting", async () => {
    const settings = defineConnectorSettings("acme", {
      port: { schema: z.number().int(), description: "TCP port", default: 22 },
      mode: { schema: z.enum(["fast", "safe"]), description: "Mode", default: "safe" },
    });
    registerConnectionPlugin({ ...memoryPlugin({}), settings });
    const bad = { ...device, data: { acme: { port: "22", mdoe: "fast" } } };
    const err = await connect(bad, { discovery: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorDataError);
    const keys = (err as ConnectorDataError).issues.map((i) => i.key).sort();
    expect(keys).toEqual(["acme.mdoe", "acme.port"]);
    expect((err as ConnectorDataError).issues.find((i) => i.key === "acme.mdoe")?.suggestion).toBe(
      "acme.mode",
    );
    expect((err as ConnectorDataError).deviceId).toBe("r1");
    expect(MemoryPlugin.events).toEqual([]);
    const ok = await connect({ ...device, data: { acme: { mode: "fast" } } }, { discovery: false });
    await ok.close();
  });

  it("parses connector settings once and hands the value to the plugin through its context", async () => {
    let parses = 0;
    const settings = defineConnectorSettings("acme", {
      mode: {
        schema: z.enum(["fast", "safe"]).transform((m) => {
          parses++;
          return m;
        }),
        description: "Mode",
        default: "safe",
      },
    });
    parses = 0; // defineConnectorSettings checked the default against the schema once.
    class SettingsPlugin extends MemoryPlugin {
      readonly mode: string;
      readonly contextSettings: unknown;
      constructor(d: Device, context: PluginContext) {
        super(d, context);
        this.contextSettings = context.settings;
        this.mode = this.connectorSettings(settings).mode;
      }
    }
    registerConnectionPlugin({
      ...memoryPlugin({}),
      settings,
      create: (d: Device, context: PluginContext) => new SettingsPlugin(d, context),
    } as never);
    const proxy = await connect({ ...device, data: { acme: { mode: "fast" } } }, { discovery: false });
    const plugin = proxy.plugin as SettingsPlugin;
    expect(plugin.contextSettings).toEqual({ mode: "fast" });
    expect(plugin.mode).toBe("fast");
    expect(parses).toBe(1);
    await proxy.close();
    // Created outside connect(), the plugin parses for itself.
    const definition = listRegisteredPlugins()[0]!.definition;
    const alone = definition.create(createDevice({ ...device, data: {} }), {
      logger: createMemoryLogger(),
      definition,
    }) as unknown as SettingsPlugin;
    expect(alone.mode).toBe("safe");
    expect(parses).toBe(2);
  });

  it("explains the decision for a device as data", async () => {
    registerConnectionPlugin(memoryPlugin({ name: "a", capabilities: [DeviceInfo] }), {
      defaultForPlatform: true,
    });
    registerConnectionPlugin(
      memoryPlugin({ name: "b", connectionLibrary: "lib-b", capabilities: [DeviceInfo] }),
    );
    const e = await explain(device, {
      capabilities: [DeviceInfo],
      fallbackToDefault: true,
      discovery: false,
    });
    expect(e.chosen).toBe("a");
    expect(e.steps.at(-1)?.step).toBe("default");
    expect(MemoryPlugin.events).toEqual([]);
  });
});
