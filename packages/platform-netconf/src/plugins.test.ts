import { type ConnectionPlugin, ConnectorDataError, createDevice, silentLogger } from "@patchbay/core";
import type { NetconfConnection } from "@patchbay/netconf";
import { describe, expect, it } from "vitest";
import { NetconfPlatformPlugin } from "./netconf-platform-plugin.ts";
import { netconfPlatformPlugin, plugins } from "./plugins.ts";
import { netconfPlatformSettings } from "./settings.ts";

const create = (data: Record<string, unknown> = {}, port?: number) =>
  netconfPlatformPlugin.create(
    createDevice({
      id: "nc1",
      host: "192.0.2.10",
      username: "ops",
      password: "pw-Secret-1",
      platform: "netconf",
      ...(port !== undefined ? { port } : {}),
      data,
    }),
    { logger: silentLogger, definition: netconfPlatformPlugin },
  ) as ConnectionPlugin;

describe("the netconf platform plugin", () => {
  it("is the platform's default, over NETCONF with ssh2, with facts and configuration", () => {
    expect(plugins).toHaveLength(1);
    expect(plugins[0]?.defaultForPlatform).toBe(true);
    expect(netconfPlatformPlugin.platform).toBe("netconf");
    expect(netconfPlatformPlugin.connectionType).toBe("netconf");
    expect(netconfPlatformPlugin.capabilities.map((c) => c.id)).toEqual([
      "patchbay.DeviceInfo",
      "patchbay.ConfigRead",
      "patchbay.ConfigWrite",
    ]);
    expect(create()).toBeInstanceOf(NetconfPlatformPlugin);
  });

  it("connects to the device's port (a fleet file's `port: 2830`), 830 when it has none", () => {
    const build = (p: ConnectionPlugin) =>
      (p as unknown as { createConnection(): NetconfConnection }).createConnection();
    expect(build(create({}, 2830)).options.port).toBe(2830);
    expect(build(create()).options.port).toBe(830);
  });

  it("refuses wrong settings at creation, naming the device and the key", () => {
    const err = (() => {
      try {
        create({ netconfPlatform: { datastore: "startup", vendr: "x" } });
      } catch (e) {
        return e;
      }
    })() as ConnectorDataError;
    expect(err).toBeInstanceOf(ConnectorDataError);
    expect(err.message).toContain("nc1");
    expect(err.issues.map((i) => i.key).sort()).toEqual([
      "netconfPlatform.datastore",
      "netconfPlatform.vendr",
    ]);
  });

  it("documents every setting with its default", () => {
    expect(netconfPlatformSettings.describe().map((s) => [s.key, s.default])).toEqual([
      ["vendor", ""],
      ["datastore", "auto"],
      ["lockDatastore", true],
    ]);
  });
});
