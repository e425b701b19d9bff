import { Commands, ConfigRead, ConfigWrite, DeviceInfo } from "@patchbay/capabilities";
import { connect, isPatchbayError, registerConnectionPlugin } from "@patchbay/core";
import { type RegistrySnapshot, restoreRegistry, snapshotRegistry } from "@patchbay/core/testing";
import type { SimDevice } from "@patchbay/devsim";
import { changedLines, previewThenCommit } from "@patchbay/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plugins, SrlinuxJsonRpcPlugin } from "../../src/index.ts";
import { apiDevice, startSrl } from "./sim.ts";

const ALL = [DeviceInfo, Commands, ConfigRead, ConfigWrite] as const;
let sim: SimDevice;
let registry: RegistrySnapshot;

beforeAll(async () => {
  registry = snapshotRegistry();
  for (const r of plugins) registerConnectionPlugin(r.plugin, r);
  sim = await startSrl({ http: true });
});
afterAll(async () => {
  restoreRegistry(registry);
  await sim.close();
});

const open = () => connect(apiDevice(sim), { capabilities: ALL, connectionType: "api" });
const flat = (): string[] => sim.state.root.map((n) => n.line);

describe("nokia_srlinux/api on the simulator", () => {
  it("reads facts from show version's JSON, runs commands as text, and reports a failing one", async () => {
    await using r = await open();
    expect(r.plugin).toBeInstanceOf(SrlinuxJsonRpcPlugin);
    expect(await r.getFacts()).toMatchObject({ hostname: "leaf1", vendor: "Nokia", serial: "NK2137F0042" });
    const [version, bad] = await r.runCommands(["show version", "show bogus"]);
    expect(version!.output).toContain("Chassis Type         : 7220 IXR-D2L");
    expect(bad!.failed).toBe(true);
    expect(bad!.output).toContain("Unknown token");
  });

  it("reads the running configuration as JSON, the info tree and set lines, equal to the CLI's state", async () => {
    await using r = await open();
    const json = JSON.parse((await r.getConfig({ format: "json" })).config);
    expect(json.system.name["host-name"]).toBe("leaf1");
    expect(json.interface.find((i: { name: string }) => i.name === "ethernet-1/1").description).toBe(
      "to spine1",
    );
    expect((await r.getConfig()).config).toContain("    interface ethernet-1/1 {\n");
    expect((await r.getConfig({ format: "set" })).config.split("\n").filter(Boolean)).toHaveLength(
      flat().length,
    );
  });

  it("previews and commits set lines in one cli request, and a refused commit applies nothing", async () => {
    await using r = await open();
    const { preview, committed } = await previewThenCommit(r, {
      mode: "merge",
      config: 'set / interface ethernet-1/11 description "over json-rpc"\n',
    });
    expect(changedLines(committed)).toEqual(changedLines(preview));
    expect(flat()).toContain('interface ethernet-1/11 description "over json-rpc"');
    const before = sim.state.revision;
    await r.loadConfig({
      mode: "merge",
      config: "set / network-instance default interface ethernet-1/12.0\n",
    });
    const error = await r.commitConfig().catch((e: unknown) => e);
    expect(isPatchbayError(error) && error.code).toBe("COMMAND_FAILED");
    expect((error as Error).message).toContain("ethernet-1/12.0 does not exist");
    expect(sim.state.revision).toBe(before);
  });

  it("get, set and validate work on paths and values; a failed set applies none of its commands", async () => {
    await using r = await open();
    const plugin = r.plugin as SrlinuxJsonRpcPlugin;
    await plugin.set([
      {
        action: "update",
        path: "/interface[name=ethernet-1/13]",
        value: { description: "by set", "admin-state": "enable" },
      },
    ]);
    expect(await plugin.get(["/interface[name=ethernet-1/13]/description"])).toEqual(["by set"]);
    const before = sim.state.revision;
    await expect(
      plugin.set([
        { action: "delete", path: "/interface[name=ethernet-1/13]" },
        { action: "update", path: "/nonsense/leaf", value: 1 },
      ]),
    ).rejects.toMatchObject({ code: "JSONRPC_ERROR" });
    await expect(
      plugin.validate([
        {
          action: "update",
          path: "/network-instance[name=default]/interface[name=ethernet-1/13.0]",
          value: {},
        },
      ]),
    ).rejects.toThrow(/ethernet-1\/13\.0 does not exist/);
    await plugin.validate([
      { action: "update", path: "/interface[name=ethernet-1/13]/admin-state", value: "disable" },
    ]);
    expect(sim.state.revision).toBe(before);
    expect(flat()).toContain("interface ethernet-1/13 admin-state enable");
  });
});
