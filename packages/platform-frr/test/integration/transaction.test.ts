import { Commands, ConfigRead, ConfigWrite, DeviceInfo } from "@patchbay/capabilities";
import { connect, isPatchbayError, registerConnectionPlugin } from "@patchbay/core";
import { type RegistrySnapshot, restoreRegistry, snapshotRegistry } from "@patchbay/core/testing";
import type { SimDevice } from "@patchbay/devsim";
import { changedLines, previewThenCommit } from "@patchbay/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plugins } from "../../src/index.ts";
import { loadFrrPeer, peerDevice, simDevice, startFrrSim } from "./helpers.ts";

const ALL = [DeviceInfo, Commands, ConfigRead, ConfigWrite] as const;
let sim: SimDevice;
let registry: RegistrySnapshot;

beforeAll(async () => {
  registry = snapshotRegistry();
  for (const r of plugins) registerConnectionPlugin(r.plugin, r);
  sim = await startFrrSim("tx1");
});
afterAll(async () => {
  restoreRegistry(registry);
  await sim.close();
});

describe("platform-frr transaction on the simulator", () => {
  it("previews a merge exactly as the commit applies it", async () => {
    await using r = await connect(simDevice(sim), { capabilities: ALL });
    const { preview, committed } = await previewThenCommit(r, {
      mode: "merge",
      config: "interface eth7\n description merged\nip route 10.90.0.0/16 Null0\n",
    });
    expect(changedLines(committed)).toEqual(changedLines(preview));
    expect(changedLines(committed)).toContain("+ip route 10.90.0.0/16 Null0");
  });

  it("replaces: what the new text lacks is removed, and the preview is the commit", async () => {
    await using r = await connect(simDevice(sim), { capabilities: ALL });
    const running = (await r.getConfig()).config;
    expect(running).toContain("ip route 10.90.0.0/16 Null0");
    // The running configuration without the route and the interface's description, plus a new route.
    const target = `${running
      .split("\n")
      .filter((l) => !l.includes("10.90.0.0/16") && !l.includes("description merged"))
      .join("\n")}\nip route 10.91.0.0/16 Null0\n`;
    const { preview, committed } = await previewThenCommit(r, { mode: "replace", config: target });
    expect(changedLines(committed)).toEqual(changedLines(preview));
    const after = (await r.getConfig()).config;
    expect(after).not.toContain("10.90.0.0/16");
    expect(after).not.toContain("description merged");
    expect(after).toContain("ip route 10.91.0.0/16 Null0");
    expect(after).toContain("interface eth7");
  });

  it("declares no confirmed commit and no rollback, refusing both before sending anything", async () => {
    await using r = await connect(simDevice(sim), { capabilities: ALL });
    const before = (await r.getConfig()).config;
    await r.loadConfig({ mode: "replace", config: "ip route 10.92.0.0/16 Null0\n" });
    for (const attempt of [
      () => r.commitConfig({ confirmTimeoutSeconds: 60 }),
      () => r.confirmCommit(),
      () => r.rollback({ steps: 1 }),
    ]) {
      expect(isPatchbayError(await attempt().catch((e: unknown) => e), "UNSUPPORTED_OPERATION")).toBe(true);
    }
    expect((await r.getConfig()).config).toBe(before);
  });
});

describe("platform-frr replace against the real FRR peer", () => {
  const peer = loadFrrPeer();
  const iface = `pbrep${process.pid}`;

  it("removes only what the replacing text lacks and keeps the rest (2,000 static routes)", async () => {
    await using r = await connect(peerDevice(peer), { capabilities: ALL });
    await r.loadConfig({ mode: "merge", config: `interface ${iface}\n description to-remove\n` });
    await r.commitConfig();
    const running = (await r.getConfig()).config;
    expect(running).toContain(`interface ${iface}`);
    // The running configuration without the interface's block.
    const target = running
      .split("\n")
      .filter((l) => !l.includes(iface) && !l.includes("to-remove"))
      .join("\n");
    const { preview, committed } = await previewThenCommit(r, { mode: "replace", config: target });
    expect(changedLines(committed)).toEqual(changedLines(preview));
    expect(changedLines(committed)).toEqual(
      expect.arrayContaining([`-interface ${iface}`, "- description to-remove"]),
    );
    const after = (await r.getConfig()).config;
    expect(after).not.toContain("to-remove");
    expect(after.split("\n").filter((l) => l.startsWith("ip route ")).length).toBeGreaterThanOrEqual(
      peer.staticRoutes,
    );
  });
});
