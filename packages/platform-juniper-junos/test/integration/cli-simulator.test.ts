import { Commands, ConfigRead, ConfigWrite, DeviceInfo } from "@patchbay/capabilities";
import { connect, isPatchbayError, registerConnectionPlugin } from "@patchbay/core";
import { type RegistrySnapshot, restoreRegistry, snapshotRegistry } from "@patchbay/core/testing";
import type { SimDevice } from "@patchbay/devsim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JunosCliPlugin, plugins } from "../../src/index.ts";
import { cliDevice, startJunosSim } from "./helpers.ts";

const ALL = [DeviceInfo, Commands, ConfigRead, ConfigWrite] as const;
const SSH = { capabilities: ALL, connectionType: "ssh" } as const;
let sim: SimDevice;
let registry: RegistrySnapshot;

beforeAll(async () => {
  registry = snapshotRegistry();
  for (const r of plugins) registerConnectionPlugin(r.plugin, r);
  sim = await startJunosSim("mx1");
});
afterAll(async () => {
  restoreRegistry(registry);
  await sim.close();
});

const code = (error: unknown, c: string): boolean => isPatchbayError(error, c);

describe("Junos SSH CLI plugin against the simulator", () => {
  it("is chosen for connectionType ssh (the alias platform junos too) and reads facts from three commands", async () => {
    await using r = await connect(cliDevice(sim), SSH);
    expect(r.plugin).toBeInstanceOf(JunosCliPlugin);
    const facts = await r.getFacts();
    expect(facts).toMatchObject({
      hostname: "mx1",
      vendor: "Juniper",
      model: "vmx",
      serial: "VM6512A1B2C3",
      osVersion: "23.2R1.13",
    });
    expect(facts.uptimeSeconds).toBe(3 * 604_800 + 2 * 86_400 + 4 * 3600 + 17 * 60);
    expect(Object.keys(facts.raw)).toEqual(["show version", "show chassis hardware", "show system uptime"]);
    await using alias = await connect(cliDevice(sim, { platform: "junos" }), SSH);
    expect(alias.plugin.name).toBe("junos/ssh");
  });

  it("runs commands and marks Junos errors as failed", async () => {
    await using r = await connect(cliDevice(sim), SSH);
    const results = await r.runCommands(["show route", "show bogus", "show version"], { stopOnFailed: true });
    expect(results.map((x) => x.failed)).toEqual([false, true]);
    expect(results[0]?.output).toContain("inet.0:");
    expect(results[1]?.output).toMatch(/syntax error|unknown command/);
  });

  it("reads running as text and set lines, and refuses startup and XML", async () => {
    await using r = await connect(cliDevice(sim), SSH);
    const text = await r.getConfig();
    expect(text.format).toBe("text");
    expect(text.config).toMatch(/^version 23\.2R1\.13;\nsystem \{/);
    expect(text.config).not.toContain("## Last commit");
    const set = await r.getConfig({ format: "set" });
    expect(set.config).toContain("set system host-name mx1\n");
    for (const attempt of [() => r.getConfig({ source: "startup" }), () => r.getConfig({ format: "xml" })]) {
      expect(code(await attempt().catch((e: unknown) => e), "UNSUPPORTED_OPERATION")).toBe(true);
    }
  });

  it("shows staged set lines in the candidate and in a diff, leaving running untouched until commit", async () => {
    await using r = await connect(cliDevice(sim), SSH);
    const before = (await r.getConfig()).config;
    await r.loadConfig({ mode: "merge", config: "set interfaces ge-0/0/2 description staged-by-patchbay" });
    const candidate = await r.getConfig({ source: "candidate", format: "set" });
    expect(candidate.config).toContain("set interfaces ge-0/0/2 description staged-by-patchbay");
    const diff = await r.compareConfig();
    expect(diff).toContain("+        description staged-by-patchbay;");
    expect((await r.getConfig()).config).toBe(before);
    await r.discardConfig();
    expect(await r.compareConfig()).toBe("");
    expect(await r.commitConfig()).toEqual({ diff: "", pendingConfirmation: false });
    expect((await r.getConfig()).config).toBe(before);
  });

  it("commits set and delete lines with a comment in one visit and returns the diff; a new session sees it", async () => {
    await using r = await connect(cliDevice(sim), SSH);
    await r.loadConfig({
      mode: "merge",
      config: "set interfaces ge-0/0/3 description core-link\ndelete protocols lldp\n",
    });
    const result = await r.commitConfig({ message: 'first "patchbay" change' });
    expect(result.pendingConfirmation).toBe(false);
    expect(result.diff).toContain("+        description core-link;");
    expect(result.diff).toMatch(/^-\s+lldp \{/m);
    await using other = await connect(cliDevice(sim), SSH);
    const set = (await other.getConfig({ format: "set" })).config;
    expect(set).toContain("set interfaces ge-0/0/3 description core-link");
    expect(set).not.toContain("protocols lldp");
    expect(await r.compareConfig()).toBe("");
  });

  it("refuses what is not a configuration statement before staging it, and a line Junos rejects rolls back everything", async () => {
    await using r = await connect(cliDevice(sim), SSH);
    const before = (await r.getConfig()).config;
    for (const bad of ["commit", "run request system reboot", "set interfaces x\nexit configuration-mode"]) {
      const error = await r.loadConfig({ mode: "merge", config: bad }).catch((e: unknown) => e);
      expect(code(error, "COMMAND_FAILED"), bad).toBe(true);
    }
    expect(await r.compareConfig()).toBe("");
    // The simulator knows set and delete only: it rejects deactivate as Junos rejects a bad statement.
    await r.loadConfig({
      mode: "merge",
      config: "set system location building-9\ndeactivate protocols ospf\n",
    });
    const error = await r.commitConfig().catch((e: unknown) => e);
    expect(code(error, "COMMAND_FAILED"), String(error)).toBe(true);
    expect((error as Error).message).toContain("junos-sim");
    expect((error as Error).message).toContain("nothing was applied");
    expect((await r.getConfig()).config).toBe(before);
  });

  it("refuses XML, text, confirm timeouts that are not whole minutes and bad rollback steps, sending nothing", async () => {
    await using r = await connect(cliDevice(sim), SSH);
    const before = (await r.getConfig()).config;
    await r.loadConfig({ mode: "merge", config: "set system location lab-3" });
    for (const attempt of [
      () => r.loadConfig({ mode: "merge", config: "<configuration/>", format: "xml" }),
      () => r.loadConfig({ mode: "merge", config: "system { location x; }", format: "text" }),
      () => r.commitConfig({ confirmTimeoutSeconds: 90 }),
      () => r.commitConfig({ confirmTimeoutSeconds: 30 }),
      () => r.rollback({ steps: 50 }),
    ]) {
      expect(code(await attempt().catch((e: unknown) => e), "UNSUPPORTED_OPERATION")).toBe(true);
    }
    expect((await r.getConfig()).config).toBe(before);
  });
});
