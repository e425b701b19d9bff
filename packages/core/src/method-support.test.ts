import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryConnection, MemoryPlugin } from "../test/fixtures/plugins.ts";
import { type Capability, defineCapability } from "./capability.ts";
import { connect } from "./connect.ts";
import type { Device } from "./device.ts";
import { isPatchbayError, NotImplementedForThisPlatform, PluginRegistrationError } from "./errors.ts";
import { ConnectionPlugin, definePlugin, type PluginContext, type PluginDefinition } from "./plugin.ts";
import { clearRegistry, registerConnectionPlugin } from "./registry.ts";
import { pluginManifest, readPluginManifest, renderSupportMatrix, supportsMethod } from "./support-matrix.ts";

interface Tables {
  getArp(): Promise<string[]>;
  getMac(): Promise<string[]>;
}
const Tables: Capability<Tables> = defineCapability<Tables>()("methods.Tables", ["getArp", "getMac"]);

const calls: string[] = [];
class TablesPlugin extends ConnectionPlugin implements Tables {
  constructor(device: Device, context: PluginContext) {
    super(device, context);
  }
  protected createConnection(): MemoryConnection {
    return new MemoryConnection(this.device, {}, []);
  }
  async getArp(): Promise<string[]> {
    calls.push("getArp");
    return ["10.0.0.1"];
  }
  // Implemented, yet declared unsupported: the proxy must not call it.
  async getMac(): Promise<string[]> {
    calls.push("getMac");
    return ["aa:bb:cc:00:11:22"];
  }
}

function tablesPlugin(
  methods?: Record<string, readonly string[]>,
  name = "acme_os/ssh/tables",
): PluginDefinition {
  return definePlugin({
    name,
    platform: "acme_os",
    connectionType: "ssh",
    connectionLibrary: `tables-${name}`,
    capabilities: [Tables],
    ...(methods !== undefined ? { methods } : {}),
    create: (device, context) => new TablesPlugin(device, context),
  });
}

const device = { id: "r1", host: "10.0.0.1", platform: "acme_os" };

describe("per-method support", () => {
  beforeEach(() => {
    clearRegistry();
    calls.length = 0;
    MemoryPlugin.events = [];
  });
  afterEach(() => clearRegistry());

  it("refuses a method the definition declares unsupported, before the plugin runs, naming device, capability and method", async () => {
    registerConnectionPlugin(tablesPlugin({ "methods.Tables": ["getArp"] }));
    await using proxy = await connect(device, { capabilities: [Tables], discovery: false });
    expect(await proxy.getArp()).toEqual(["10.0.0.1"]);
    const err = await proxy.getMac().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotImplementedForThisPlatform);
    expect(isPatchbayError(err, "NOT_IMPLEMENTED_FOR_PLATFORM")).toBe(true);
    const e = err as NotImplementedForThisPlatform;
    expect([e.deviceId, e.capability, e.method, e.plugin]).toEqual([
      "r1",
      "methods.Tables",
      "getMac",
      "acme_os/ssh/tables",
    ]);
    expect(e.message).toContain("r1");
    expect(e.message).toContain("methods.Tables.getMac()");
    expect(calls).toEqual(["getArp"]);
    expect(proxy.listCapabilities()).toEqual({ "methods.Tables": ["getArp"] });
  });

  it("keeps today's behaviour for plugins that declare nothing", async () => {
    registerConnectionPlugin(tablesPlugin());
    await using proxy = await connect(device, { capabilities: [Tables], discovery: false });
    expect(await proxy.getMac()).toEqual(["aa:bb:cc:00:11:22"]);
    expect(proxy.listCapabilities()).toEqual({ "methods.Tables": ["getArp", "getMac"] });
  });

  it("uses the consumer's override for a declared-unsupported method", async () => {
    registerConnectionPlugin(tablesPlugin({ "methods.Tables": ["getArp"] }));
    await using proxy = await connect(device, {
      capabilities: [Tables],
      discovery: false,
      overrides: { getMac: async () => [] },
    });
    expect(await proxy.getMac()).toEqual([]);
    expect(calls).toEqual([]);
  });

  it("refuses declarations naming unknown capabilities or methods, or listing none", () => {
    const attempt = (methods: Record<string, readonly string[]>) => () => tablesPlugin(methods);
    expect(attempt({ "methods.Other": ["getArp"] })).toThrow(/not one of the plugin's capabilities/);
    expect(attempt({ "methods.Tables": ["getVlans"] })).toThrow(/"getVlans", which is not a method/);
    expect(attempt({ "methods.Tables": [] })).toThrow(PluginRegistrationError);
  });

  it("puts the declaration in the manifest, reads it back, and renders a row per method", () => {
    const partial = tablesPlugin({ "methods.Tables": ["getArp"] }, "partial");
    const full = tablesPlugin(undefined, "full");
    const regs = [
      { plugin: partial, defaultForPlatform: true },
      { plugin: full, defaultForPlatform: false },
    ];
    const manifest = pluginManifest(regs);
    expect(manifest[0]?.methods).toEqual({ "methods.Tables": ["getArp"] });
    expect(manifest[1]?.methods).toBeUndefined();
    expect(readPluginManifest(JSON.parse(JSON.stringify(manifest)))).toEqual(manifest);
    expect(supportsMethod(manifest[0]!, "methods.Tables", "getMac")).toBe(false);
    expect(supportsMethod(manifest[1]!, "methods.Tables", "getMac")).toBe(true);
    const md = renderSupportMatrix(regs);
    expect(md).toContain("| `methods.Tables`.`getArp` | yes | yes |");
    expect(md).toContain("| `methods.Tables`.`getMac` | no | yes |");
  });

  it("renders a capability as one row when no plugin declares it in part", () => {
    const md = renderSupportMatrix([{ plugin: tablesPlugin(undefined, "full"), defaultForPlatform: true }]);
    expect(md).toContain("| `methods.Tables` (`getArp`, `getMac`) | yes |");
  });
});
