import { Commands, ConfigRead, ConfigWrite, DeviceInfo } from "@patchbay/capabilities";
import { connect, createDevice, registerConnectionPlugin } from "@patchbay/core";
import { type RegistrySnapshot, restoreRegistry, snapshotRegistry } from "@patchbay/core/testing";
import { SshConnection } from "@patchbay/ssh";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plugins } from "../../src/index.ts";
import { loadBirdPeer, peerDevice } from "./helpers.ts";

const peer = loadBirdPeer();
const ALL = [DeviceInfo, Commands, ConfigRead, ConfigWrite] as const;
const ROUTE_LINE = /^\d+\.\d+\.\d+\.\d+\/\d+\s/;
let registry: RegistrySnapshot;

beforeAll(() => {
  registry = snapshotRegistry();
  for (const r of plugins) registerConnectionPlugin(r.plugin, r);
});
afterAll(() => restoreRegistry(registry));

// What an exec channel gets from `birdc <command>` (no pty, no pager, no readline), without birdc's
// greeting.
async function execLines(command: string): Promise<string[]> {
  const ssh = new SshConnection({ device: createDevice(peerDevice(peer)) });
  await ssh.connect();
  try {
    const result = await ssh.exec(`birdc ${command}`, { timeoutMs: 30_000 });
    const lines = result.stdout.replaceAll("\r", "").split("\n");
    while (lines.at(-1) === "") lines.pop();
    return lines.filter((l) => !/^BIRD [\d.]+ ready\.$/.test(l));
  } finally {
    await ssh.disconnect();
  }
}

async function execRouteLines(command: string): Promise<string[]> {
  return (await execLines(command)).filter((l) => ROUTE_LINE.test(l));
}

describe("platform-bird against the real BIRD (test/peers)", () => {
  it("reads version, hostname and uptime from show status", async () => {
    await using r = await connect(peerDevice(peer), { capabilities: ALL });
    const facts = await r.getFacts();
    expect(peer.version.startsWith(facts.osVersion)).toBe(true);
    expect(facts.vendor).toBe("BIRD");
    expect(facts.hostname).not.toBe("");
    expect(facts.uptimeSeconds).toBeGreaterThanOrEqual(0);
  });

  it("returns show route complete: as many routes as an exec channel's birdc show route", async () => {
    const expected = await execRouteLines("show route");
    expect(expected.length).toBeGreaterThanOrEqual(peer.staticRoutes);
    await using r = await connect(peerDevice(peer), { capabilities: ALL });
    const [out] = await r.runCommands(["show route"]);
    expect(out?.failed).toBe(false);
    const lines = (out?.output ?? "").split("\n").filter((l) => ROUTE_LINE.test(l));
    expect(lines.length).toBe(expected.length);
    expect(new Set(lines.map((l) => l.split(/\s+/)[0]))).toEqual(
      new Set(expected.map((l) => l.split(/\s+/)[0])),
    );
  });

  it("pages through birdc's --More-- in a 24-row pty: every line, in order, as the exec channel has it", async () => {
    const expected = await execLines("show route");
    expect(expected.filter((l) => ROUTE_LINE.test(l)).length).toBeGreaterThanOrEqual(peer.staticRoutes);
    await using r = await connect(peerDevice(peer, {}, { ptyRows: 24 }), { capabilities: ALL });
    const [out] = await r.runCommands(["show route"]);
    expect(out?.failed).toBe(false);
    expect(out?.output.split("\n")).toEqual(expected);
  });

  it("returns show protocols all with every protocol's details", async () => {
    await using r = await connect(peerDevice(peer), { capabilities: ALL });
    const [out] = await r.runCommands(["show protocols all"]);
    expect(out?.failed).toBe(false);
    for (const name of ["device1", "static_routes"])
      expect(out?.output).toMatch(new RegExp(`^${name}\\s`, "m"));
    expect(out?.output).toMatch(/Routes:\s+3000 imported/);
    expect(out?.output).not.toContain("bird>");
  });

  it("runs 50 commands in one session with no lost or shifted output", async () => {
    await using r = await connect(peerDevice(peer), { capabilities: ALL });
    const commands = Array.from({ length: 50 }, (_, i) =>
      i % 3 === 0
        ? "show status"
        : i % 3 === 1
          ? `show route 10.${200 + (i % 12)}.${i}.0/24`
          : "show protocols",
    );
    const results = await r.runCommands(commands);
    expect(results).toHaveLength(50);
    results.forEach((res, i) => {
      expect(res.failed, commands[i]).toBe(false);
      if (i % 3 === 0) expect(res.output, commands[i]).toMatch(/^BIRD [\d.]+\nRouter ID is /);
      else if (i % 3 === 1) expect(res.output, commands[i]).toContain(`10.${200 + (i % 12)}.${i}.0/24`);
      else expect(res.output, commands[i]).toMatch(/^Name\s+Proto\s+Table/);
    });
  });

  it("reports a birdc error as a failed command", async () => {
    await using r = await connect(peerDevice(peer), { capabilities: ALL });
    const [bad, good] = await r.runCommands(["show nonsense", "show status"]);
    expect(bad?.failed).toBe(true);
    expect(good?.output).toMatch(/^BIRD /);
  });

  it("reads the configuration file, refuses a broken one before changing anything, commits a checked change with its diff, and rolls it back", async () => {
    await using r = await connect(peerDevice(peer), { capabilities: ALL });
    const original = (await r.getConfig()).config;
    expect(original.match(/^\s*route 10\./gm)?.length).toBe(peer.staticRoutes);
    await expect(r.loadConfig({ mode: "merge", config: "router id 1.1.1.1;" })).rejects.toMatchObject({
      code: "UNSUPPORTED_OPERATION",
    });

    await r.loadConfig({ mode: "replace", config: `${original}\nprotocol bogus {\n` });
    await expect(r.commitConfig()).rejects.toMatchObject({ code: "COMMAND_FAILED" });
    expect((await r.getConfig()).config).toBe(original);

    const mark = `patchbay_${process.pid}`;
    const changed = `${original}protocol static ${mark} { ipv4; route 10.250.${process.pid % 250}.0/24 blackhole; }\n`;
    await r.loadConfig({ mode: "replace", config: changed });
    expect(await r.compareConfig()).toContain(`+protocol static ${mark}`);
    const result = await r.commitConfig();
    expect(result.diff).toContain(`+protocol static ${mark}`);
    const [protocols] = await r.runCommands(["show protocols"]);
    expect(protocols?.output).toContain(mark);

    await r.loadConfig({ mode: "replace", config: original });
    await expect(r.commitConfig({ confirmTimeoutSeconds: 60 })).rejects.toMatchObject({
      code: "UNSUPPORTED_OPERATION",
    });
    await r.discardConfig();
    await expect(r.rollback({ steps: 2 })).rejects.toMatchObject({ code: "UNSUPPORTED_OPERATION" });
    expect((await r.getConfig()).config).toBe(changed);

    await r.rollback();
    expect((await r.getConfig()).config).toBe(original);
    const [after] = await r.runCommands(["show protocols"]);
    expect(after?.output).not.toContain(mark);
  });
});
