// The suite run on a minimal plugin over this machine's shell: proves the checks pass for a plugin
// that follows the rules (the platform packages prove them against real servers).
import {
  createLocalRunner,
  type ProcessRunner,
  runShellCommand,
  Shell,
  type ShellCommandResult,
} from "@patchbay/capabilities";
import {
  BaseConnection,
  ConnectionPlugin,
  ConnectionValidationError,
  definePlugin,
  type PluginDefinition,
} from "@patchbay/core";
import { describe, expect, it } from "vitest";
import { describeConformance } from "./conformance.ts";
import { trackResources } from "./internal/resources.ts";

class LocalConnection extends BaseConnection<ProcessRunner> {
  protected async loadLibrary(): Promise<unknown> {
    return import("node:child_process");
  }
  protected async open(): Promise<ProcessRunner> {
    return createLocalRunner();
  }
  protected async close(): Promise<void> {}
}

class LocalShellPlugin extends ConnectionPlugin<ProcessRunner> {
  protected createConnection(): LocalConnection {
    if (this.device.data.forbidden !== undefined) throw new Error("unreachable");
    return new LocalConnection({ device: this.device, library: "node:child_process" });
  }
  runShellCommand(command: string | readonly string[], options = {}): Promise<ShellCommandResult> {
    return runShellCommand(this.getRawConnection(), command, options);
  }
}

const plugin: PluginDefinition = definePlugin({
  name: "testkit/local-shell",
  platform: "testkit_os",
  connectionType: "local",
  connectionLibrary: "node:child_process",
  capabilities: [Shell],
  create: (device, context) => {
    if (device.data.shellPath === "") {
      throw new ConnectionValidationError({
        deviceId: device.id,
        invalidFields: [{ field: "data.shellPath", reason: "is empty" }],
      });
    }
    return new LocalShellPlugin(device, context);
  },
});

describeConformance({
  plugins: [{ plugin, defaultForPlatform: true }],
  targets: {
    "testkit/local-shell": async () => ({
      device: { id: "here", host: "localhost", platform: "testkit_os" },
    }),
  },
  invalidDevices: {
    "testkit/local-shell": [
      {
        name: "an empty shell path",
        device: { id: "bad", host: "localhost", platform: "testkit_os", data: { shellPath: "" } },
        code: "CONNECTION_VALIDATION",
        messageContains: ["bad", "data.shellPath"],
      },
    ],
  },
});

describe("resource tracking", () => {
  it("reports a timer left running, and nothing once it is cleared", async () => {
    const tracker = trackResources();
    const timer = setInterval(() => {}, 1000);
    expect(await tracker.leaks(100)).toEqual({ Timeout: 1 });
    clearInterval(timer);
    expect(await tracker.leaks()).toEqual({});
    tracker.stop();
  });

  it("reports a socket left open", async () => {
    const { createServer, connect } = await import("node:net");
    const accepted: import("node:net").Socket[] = [];
    const server = createServer((s) => accepted.push(s));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    const tracker = trackResources();
    const socket = connect(port, "127.0.0.1");
    await new Promise((r) => socket.once("connect", r));
    // Both ends live in this process: the client socket and the one the server accepted.
    expect((await tracker.leaks(100)).TCPWRAP).toBe(2);
    socket.destroy();
    for (const s of accepted) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
    expect(await tracker.leaks()).toEqual({});
    tracker.stop();
  });
});
