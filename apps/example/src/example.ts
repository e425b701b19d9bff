// Two plugins for one platform, a device, and the resolver's decision. The connections are in-memory
// so the example runs anywhere; real plugins open SSH, NETCONF or HTTP sessions the same way.
import {
  BaseConnection,
  type Capability,
  ConnectionPlugin,
  connect,
  defineCapability,
  definePlugin,
  explain,
  formatExplanation,
  type PluginDefinition,
  registerConnectionPlugin,
} from "@patchbay/core";

export interface Facts {
  hostname: string;
  osVersion: string;
  via: string;
}
export interface DeviceInfo {
  getFacts(): Promise<Facts>;
}
export interface Commands {
  runCommands(commands: string[]): Promise<string[]>;
}
export const DeviceInfo: Capability<DeviceInfo> = defineCapability<DeviceInfo>()("example.DeviceInfo", [
  "getFacts",
]);
export const Commands: Capability<Commands> = defineCapability<Commands>()("example.Commands", [
  "runCommands",
]);

class InMemoryConnection extends BaseConnection<{ via: string }> {
  protected async loadLibrary(): Promise<unknown> {
    return {};
  }
  protected async open(): Promise<{ via: string }> {
    return { via: this.library };
  }
  protected async close(): Promise<void> {}
}

class CliPlugin extends ConnectionPlugin<{ via: string }> implements DeviceInfo, Commands {
  protected createConnection(): InMemoryConnection {
    return new InMemoryConnection({ device: this.device, library: "cli-over-ssh" });
  }
  async getFacts(): Promise<Facts> {
    return { hostname: this.device.id, osVersion: "17.9.4", via: this.getRawConnection().via };
  }
  async runCommands(commands: string[]): Promise<string[]> {
    return commands.map((c) => `${this.device.id}# ${c}\n(output of ${c})`);
  }
}

class ApiPlugin extends ConnectionPlugin<{ via: string }> implements DeviceInfo {
  protected createConnection(): InMemoryConnection {
    return new InMemoryConnection({ device: this.device, library: "rest-api" });
  }
  async getFacts(): Promise<Facts> {
    return { hostname: this.device.id, osVersion: "17.9.4", via: this.getRawConnection().via };
  }
}

export const cliPlugin: PluginDefinition = definePlugin({
  name: "example-cli",
  platform: "example_os",
  connectionType: "ssh",
  connectionLibrary: "cli-over-ssh",
  capabilities: [DeviceInfo, Commands],
  create: (device, context) => new CliPlugin(device, context),
});

export const apiPlugin: PluginDefinition = definePlugin({
  name: "example-api",
  platform: "example_os",
  connectionType: "api",
  connectionLibrary: "rest-api",
  capabilities: [DeviceInfo],
  create: (device, context) => new ApiPlugin(device, context),
});

/** Registers both plugins, resolves a device three ways, and returns what it would print. */
export async function runExample(): Promise<string> {
  registerConnectionPlugin(cliPlugin);
  registerConnectionPlugin(apiPlugin, { defaultForPlatform: true });
  const device = { id: "edge-1", host: "192.0.2.10", platform: "example_os", username: "netops" };
  const out: string[] = [];

  out.push("1) Needs DeviceInfo and Commands: only one plugin has both.");
  out.push(formatExplanation(await explain(device, { capabilities: [DeviceInfo, Commands] })));
  await using both = await connect(device, { capabilities: [DeviceInfo, Commands] });
  out.push(`   -> ${both.plugin.name}: ${JSON.stringify(await both.getFacts())}`);

  out.push("\n2) Needs DeviceInfo: both fit, and the platform default decides.");
  out.push(formatExplanation(await explain(device, { capabilities: [DeviceInfo], fallbackToDefault: true })));
  await using info = await connect(device, { capabilities: [DeviceInfo], fallbackToDefault: true });
  out.push(`   -> ${info.plugin.name}: ${JSON.stringify(await info.getFacts())}`);

  out.push("\n3) Needs DeviceInfo without fallbackToDefault: ambiguous, and the error says what to do.");
  const err = await connect(device, { capabilities: [DeviceInfo] }).catch((e: Error) => e);
  out.push(`   -> ${err instanceof Error ? `${err.name}: ${err.message}` : "connected?"}`);
  return out.join("\n");
}
