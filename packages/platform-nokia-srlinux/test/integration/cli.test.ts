import { Commands, ConfigRead, ConfigWrite, DeviceInfo } from "@patchbay/capabilities";
import { connect, isPatchbayError, registerConnectionPlugin } from "@patchbay/core";
import { type RegistrySnapshot, restoreRegistry, snapshotRegistry } from "@patchbay/core/testing";
import type { SimDevice } from "@patchbay/devsim";
import { changedLines, previewThenCommit } from "@patchbay/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plugins, SrlinuxCliPlugin } from "../../src/index.ts";
import { cliDevice, startSrl } from "./sim.ts";

const ALL = [DeviceInfo, Commands, ConfigRead, ConfigWrite] as const;
let sim: SimDevice;
let registry: RegistrySnapshot;

beforeAll(async () => {
  registry = snapshotRegistry();
  for (const r of plugins) registerConnectionPlugin(r.plugin, r);
  sim = await startSrl();
});
afterAll(async () => {
  restoreRegistry(registry);
  await sim.close();
});

const flat = (): string[] => sim.state.root.map((n) => n.line);

describe("nokia_srlinux/ssh on the simulator", () => {
  it("reads facts from show version and runs commands behind the two-line prompt", async () => {
    await using r = await connect(cliDevice(sim), { capabilities: ALL, connectionType: "ssh" });
    const facts = await r.getFacts();
    expect(facts).toMatchObject({
      hostname: "leaf1",
      vendor: "Nokia",
      model: "7220 IXR-D2L",
      osVersion: "v24.10.1",
    });
    expect(facts.uptimeSeconds).toBeGreaterThanOrEqual(0);
    const [version, routes, bad] = await r.runCommands([
      "show version",
      "show network-instance default route-table",
      "show bogus",
    ]);
    expect(version!.output).toMatch(/^-+\nHostname {13}: leaf1\n/);
    expect(version!.output).not.toContain("--{");
    expect(version!.output).not.toContain("A:leaf1#");
    expect(routes!.output.trimEnd().endsWith("+---------+")).toBe(true);
    expect(bad!.failed).toBe(true);
  });

  it("reads the running configuration whole, as the info tree and as flat set lines", async () => {
    // 3,000 interfaces: about 300 kB of `info from running` in one command.
    sim.state.replace([
      ...sim.state.root,
      ...Array.from({ length: 3000 }, (_, i) => ({
        line: `interface ethernet-9/${i + 1} description "bulk ${i + 1}"`,
        children: [],
      })),
    ]);
    try {
      await using r = await connect(cliDevice(sim), { capabilities: ALL, connectionType: "ssh" });
      const text = (await r.getConfig()).config;
      expect(text.startsWith("    interface ethernet-1/1 {\n")).toBe(true);
      expect(text.match(/^ {4}interface ethernet-9\/\d+ \{$/gm)).toHaveLength(3000);
      expect(text).toContain('        description "bulk 3000"\n');
      expect(text.endsWith("    }\n")).toBe(true);
      const set = (await r.getConfig({ format: "set" })).config.split("\n").filter(Boolean);
      expect(set).toHaveLength(sim.state.root.length);
      expect(set[0]).toBe('set / interface ethernet-1/1 description "to spine1"');
    } finally {
      sim.state.replace(sim.state.root.filter((n) => !n.line.startsWith("interface ethernet-9/")));
    }
  });

  it("previews a merge in the candidate exactly as commit now applies it, and leaves running mode", async () => {
    await using r = await connect(cliDevice(sim), { capabilities: ALL, connectionType: "ssh" });
    const { preview, committed } = await previewThenCommit(r, {
      mode: "merge",
      config:
        'set / interface ethernet-1/5 description "merged by test"\nset / interface ethernet-1/5 admin-state enable\n',
    });
    expect(changedLines(committed)).toEqual(changedLines(preview));
    expect(changedLines(committed)).toContain('+        description "merged by test"');
    expect(flat()).toContain('interface ethernet-1/5 description "merged by test"');
    const [after] = await r.runCommands(["show version"]);
    expect(after!.failed).toBe(false);
  });

  it("replaces: the running lines the new configuration lacks are deleted, and the preview is the commit", async () => {
    await using r = await connect(cliDevice(sim), { capabilities: ALL, connectionType: "ssh" });
    const running = (await r.getConfig({ format: "set" })).config;
    const target = `${running
      .split("\n")
      .filter((l) => !l.includes("ethernet-1/5") && !l.includes("ethernet-1/2 "))
      .join("\n")}\nset / interface ethernet-1/6 admin-state enable\n`;
    const { preview, committed } = await previewThenCommit(r, { mode: "replace", config: target });
    expect(changedLines(committed)).toEqual(changedLines(preview));
    expect(flat().some((l) => l.includes("ethernet-1/5") || l.startsWith("interface ethernet-1/2 "))).toBe(
      false,
    );
    expect(flat()).toContain("interface ethernet-1/6 admin-state enable");
    expect(flat()).toContain("system name host-name leaf1");
  });

  it("aborts with discard now when the commit is refused: nothing applied, the session still usable", async () => {
    await using r = await connect(cliDevice(sim), { capabilities: ALL, connectionType: "ssh" });
    const before = sim.state.revision;
    await r.loadConfig({
      mode: "merge",
      config: "set / network-instance default interface ethernet-1/7.0\n",
    });
    const error = await r.commitConfig().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isPatchbayError(error) && error.code).toBe("COMMAND_FAILED");
    expect((error as Error).message).toContain("ethernet-1/7.0 does not exist");
    expect(sim.state.revision).toBe(before);
    expect((await r.runCommands(["show version"]))[0]!.failed).toBe(false);
  });

  it("refuses lines that are not set or delete, and confirmed commits and rollback, before sending anything", async () => {
    await using r = await connect(cliDevice(sim), { capabilities: ALL, connectionType: "ssh" });
    const before = sim.state.revision;
    await expect(r.loadConfig({ mode: "merge", config: "commit now\n" })).rejects.toThrow(
      /not a configuration statement/,
    );
    await r.loadConfig({ mode: "merge", config: "set / interface ethernet-1/8 admin-state enable\n" });
    await expect(r.commitConfig({ confirmTimeoutSeconds: 60 })).rejects.toThrow(/no confirmed commit/);
    await expect(r.rollback()).rejects.toThrow(/rollback is not supported/);
    expect(sim.state.revision).toBe(before);
  });

  it("validates with commit validate and discards, applying nothing", async () => {
    await using r = await connect(cliDevice(sim), { capabilities: ALL, connectionType: "ssh" });
    const plugin = r.plugin as SrlinuxCliPlugin;
    expect(plugin).toBeInstanceOf(SrlinuxCliPlugin);
    const before = sim.state.revision;
    await plugin.validateConfig("set / interface ethernet-1/9 admin-state enable\n");
    await expect(
      plugin.validateConfig("set / network-instance default interface ethernet-1/9.4\n"),
    ).rejects.toThrow(/commit validate.*ethernet-1\/9\.4 does not exist/);
    expect(sim.state.revision).toBe(before);
  });

  it("follows a rename committed through the candidate, and reads a byte-at-a-time device exactly", async () => {
    const slow = await startSrl({ chunkSize: 1, hostname: "leaf2" });
    try {
      await using r = await connect(cliDevice(slow), { capabilities: ALL, connectionType: "ssh" });
      const [first] = await r.runCommands(["show version"]);
      expect(first!.output).toContain("Hostname             : leaf2\n");
      expect(first!.output.trimEnd().endsWith("-".repeat(104))).toBe(true);
      await r.loadConfig({ mode: "merge", config: "set / system name host-name leaf3\n" });
      const { diff } = await r.commitConfig();
      expect(diff).toContain("+            host-name leaf3");
      const facts = await r.getFacts();
      expect(facts.hostname).toBe("leaf3");
      const [after] = await r.runCommands(["show network-instance default route-table"]);
      expect(after!.failed).toBe(false);
      expect(after!.output).not.toContain("A:leaf");
    } finally {
      await slow.close();
    }
  });
});
