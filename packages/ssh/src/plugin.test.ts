import {
  ConnectionValidationError,
  ConnectorDataError,
  createDevice,
  type Device,
  definePlugin,
  type PluginContext,
} from "@patchbay/core";
import { describe, expect, it } from "vitest";
import { SshConnection } from "./connection.ts";
import type { SshOptions } from "./options.ts";
import { SshPlugin } from "./plugin.ts";

class LinuxPlugin extends SshPlugin {
  protected override sshOptions(): SshOptions {
    return { authTimeoutMs: 1234 };
  }
  build(): SshConnection {
    return this.createConnection();
  }
}

const definition = definePlugin({
  platform: "linux",
  connectionType: SshPlugin.connectionType,
  connectionLibrary: SshPlugin.connectionLibrary,
  capabilities: [],
  create: (device: Device, context: PluginContext) => new LinuxPlugin(device, context),
});

const context = { definition, logger: undefined } as unknown as PluginContext;

describe("SshPlugin", () => {
  it("builds an SshConnection from the device, plugin options and device.data.ssh", () => {
    const device = createDevice({
      id: "r1",
      host: "10.0.0.1",
      username: "u",
      password: "p4ss-word",
      platform: "linux",
      data: { ssh: { keepaliveIntervalMs: 5000, authTimeoutMs: 1 } },
    });
    const plugin = definition.create(device, context) as LinuxPlugin;
    expect(plugin.connectionType).toBe("ssh");
    expect(plugin.connectionLibrary).toBe("ssh2");
    const conn = plugin.build();
    expect(conn).toBeInstanceOf(SshConnection);
    expect(conn.options.keepaliveIntervalMs).toBe(5000);
    expect(conn.options.authTimeoutMs).toBe(1234);
    expect(conn.options.port).toBe(22);
  });

  it("rejects a device without username and credentials, listing both", () => {
    const device = createDevice({ host: "h", platform: "linux" });
    let error: unknown;
    try {
      definition.create(device, context);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConnectionValidationError);
    expect((error as ConnectionValidationError).missingFields).toEqual([
      "username",
      "password or privateKey or agent",
    ]);
  });

  it("rejects bad device.data.ssh when the plugin is created", () => {
    const device = createDevice({
      host: "h",
      platform: "linux",
      username: "u",
      password: "pw",
      data: { ssh: { port: "22" } },
    });
    expect(() => definition.create(device, context)).toThrow(ConnectorDataError);
  });
});
