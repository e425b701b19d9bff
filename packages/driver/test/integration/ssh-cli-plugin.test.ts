import { Commands, ConfigRead, ConfigWrite } from "@patchbay/capabilities";
import {
  connect,
  definePlugin,
  isPatchbayError,
  type PluginDefinition,
  registerConnectionPlugin,
} from "@patchbay/core";
import { type RegistrySnapshot, restoreRegistry, snapshotRegistry } from "@patchbay/core/testing";
import type { SimDevice } from "@patchbay/devsim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SshCliPlugin } from "../../src/ssh/index.ts";
import { PASSWORD, SECRET, startSim, USER } from "./helpers.ts";

class IosCli extends SshCliPlugin {
  protected readonly driverPlatform = "cisco_iosxe";
}

const plugin: PluginDefinition = definePlugin({
  name: "test/iosxe-cli",
  platform: "cisco_iosxe",
  connectionType: "ssh",
  connectionLibrary: "ssh2",
  capabilities: [Commands, ConfigRead, ConfigWrite],
  create: (device, context) => new IosCli(device, context),
});

let sim: SimDevice;
let registry: RegistrySnapshot;
const device = () => ({
  id: "r1",
  host: sim.host,
  port: sim.port,
  username: USER,
  password: PASSWORD,
  platform: "cisco_iosxe",
  data: { enableSecret: SECRET, ssh: { hostKeyPolicy: "off" } },
});

beforeAll(async () => {
  registry = snapshotRegistry();
  registerConnectionPlugin(plugin, { defaultForPlatform: true });
  sim = await startSim({ platform: "cisco_iosxe" });
});
afterAll(async () => {
  restoreRegistry(registry);
  await sim.close();
});

describe("SshCliPlugin over the simulator", () => {
  it("runs commands with failure detection and reads the running config", async () => {
    await using r1 = await connect(device(), { capabilities: [Commands, ConfigRead] as const });
    const results = await r1.runCommands(["show version", "show bogus thing", "show clock"], {
      stopOnFailed: true,
    });
    expect(results.map((r) => r.failed)).toEqual([false, true]);
    expect(results[1]?.failureReason).toMatch(/Invalid input|reported an error/);
    const running = await r1.getConfig();
    expect(running.config).toMatch(/^hostname /m);
    expect(running.config).not.toContain("Building configuration");
    const error = await r1.getConfig({ source: "candidate" }).catch((e: unknown) => e);
    expect(isPatchbayError(error, "UNSUPPORTED_OPERATION")).toBe(true);
  });

  it("previews a merge as a diff, commits it and returns the real diff", async () => {
    await using r1 = await connect(device(), { capabilities: [ConfigWrite, ConfigRead] as const });
    await r1.loadConfig({
      mode: "merge",
      config: "interface GigabitEthernet2\n description set-by-patchbay\n",
    });
    const preview = await r1.compareConfig();
    expect(preview).toContain("+ description set-by-patchbay");
    const result = await r1.commitConfig();
    expect(result.diff).toContain("+ description set-by-patchbay");
    expect((await r1.getConfig()).config).toContain("description set-by-patchbay");
    expect(await r1.compareConfig()).toBe("");
  });

  it("aborts on a rejected line and refuses what it cannot do safely", async () => {
    await using r1 = await connect(device(), { capabilities: [ConfigWrite, ConfigRead] as const });
    const before = (await r1.getConfig()).config;
    // The simulator keeps any configuration line it does not know (as real devices do not), but
    // rejects `show` in configuration mode, as IOS does without `do`.
    await r1.loadConfig({
      mode: "merge",
      config: "interface GigabitEthernet3\n description first\nshow clock\nntp server 10.9.9.9\n",
    });
    const error = await r1.commitConfig().catch((e: unknown) => e);
    expect(isPatchbayError(error, "COMMAND_FAILED"), String(error)).toBe(true);
    expect((error as Error).message).toContain("show clock");
    // Stopped at the rejected line: what came after it was never sent.
    expect((await r1.getConfig()).config).not.toContain("10.9.9.9");
    expect(before).not.toContain("10.9.9.9");
    for (const attempt of [
      () => r1.loadConfig({ mode: "replace", config: "hostname X" }),
      () => r1.commitConfig({ confirmTimeoutSeconds: 60 }),
      () => r1.rollback(),
    ]) {
      expect(isPatchbayError(await attempt().catch((e: unknown) => e), "UNSUPPORTED_OPERATION")).toBe(true);
    }
  });
});
