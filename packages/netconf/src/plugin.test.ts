import {
  ConnectionValidationError,
  ConnectorDataError,
  createDevice,
  type Device,
  definePlugin,
  type PluginContext,
} from "@patchbay/core";
import { describe, expect, it } from "vitest";
import { NetconfConnection } from "./connection.ts";
import { NetconfPlugin } from "./plugin.ts";
import type { NetconfOptions } from "./settings.ts";

class JunosNetconf extends NetconfPlugin {
  protected override netconfOptions(): NetconfOptions {
    return { rpcTimeoutMs: 1234 };
  }
  build(): NetconfConnection {
    return this.createConnection();
  }
}

const definition = definePlugin({
  platform: "juniper_junos",
  connectionType: NetconfPlugin.connectionType,
  connectionLibrary: NetconfPlugin.connectionLibrary,
  capabilities: [],
  create: (device: Device, context: PluginContext) => new JunosNetconf(device, context),
});

const context = { definition, logger: undefined } as unknown as PluginContext;

describe("NetconfPlugin", () => {
  it("builds a NetconfConnection on the device's port (the fleet file's `port:`); SSH options from device.data.ssh", () => {
    const device = createDevice({
      id: "r1",
      host: "10.0.0.1",
      port: 2830,
      username: "u",
      password: "p4ss-word",
      platform: "juniper_junos",
      data: { ssh: { keepaliveIntervalMs: 5000 }, netconf: { helloTimeoutMs: 7000 } },
    });
    const plugin = definition.create(device, context) as JunosNetconf;
    expect(plugin.connectionType).toBe("netconf");
    expect(plugin.connectionLibrary).toBe("ssh2");
    const conn = plugin.build();
    expect(conn).toBeInstanceOf(NetconfConnection);
    expect(conn.options).toMatchObject({
      port: 2830,
      rpcTimeoutMs: 1234,
      helloTimeoutMs: 7000,
      base11: true,
    });
    expect(conn.ssh.options.port).toBe(2830);
    expect(conn.ssh.options.keepaliveIntervalMs).toBe(5000);
  });

  it("takes the NETCONF port from device.data.netconf", () => {
    const device = createDevice({
      host: "h",
      platform: "juniper_junos",
      username: "u",
      password: "pw",
      data: { netconf: { port: 8830 } },
    });
    const conn = (definition.create(device, context) as JunosNetconf).build();
    expect(conn.ssh.options.port).toBe(8830);
  });

  it("rejects a device without credentials", () => {
    const device = createDevice({ host: "h", platform: "juniper_junos" });
    const err = (() => {
      try {
        definition.create(device, context);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConnectionValidationError);
    expect((err as ConnectionValidationError).missingFields).toEqual([
      "username",
      "password or privateKey or agent",
    ]);
  });

  it("rejects bad device.data.netconf when the plugin is created, listing every key", () => {
    const device = createDevice({
      host: "h",
      platform: "juniper_junos",
      username: "u",
      password: "pw",
      data: { netconf: { port: "830", helloTimeout: 5 } },
    });
    const err = (() => {
      try {
        definition.create(device, context);
      } catch (e) {
        return e;
      }
    })() as ConnectorDataError;
    expect(err).toBeInstanceOf(ConnectorDataError);
    expect(err.issues.map((i) => i.key).sort()).toEqual(["netconf.helloTimeout", "netconf.port"]);
  });
});
