import { ConfigRead, ConfigWrite } from "@patchbay/capabilities";
import { connect, registerConnectionPlugin } from "@patchbay/core";
import { type RegistrySnapshot, restoreRegistry, snapshotRegistry } from "@patchbay/core/testing";
import type { SimDevice } from "@patchbay/devsim";
import { describeConfigTransaction } from "@patchbay/testkit";
import { afterAll, beforeAll } from "vitest";
import { plugins } from "../../src/index.ts";
import { cliDevice, startXrSim } from "./helpers.ts";

let sim: SimDevice;
let registry: RegistrySnapshot;

beforeAll(async () => {
  registry = snapshotRegistry();
  for (const r of plugins) registerConnectionPlugin(r.plugin, r);
  sim = await startXrSim("xrtx");
  // `commit confirmed 30` expires in 0.6 s.
  sim.state.timerScale = 0.02;
});
afterAll(async () => {
  restoreRegistry(registry);
  await sim.close();
});

describeConfigTransaction("IOS-XR over the SSH CLI", {
  connect: () =>
    connect(cliDevice(sim), { capabilities: [ConfigRead, ConfigWrite] as const, connectionType: "ssh" }),
  state: () => sim.state,
  merge: (marker) => `interface Loopback0\n description ${marker}\n`,
  replace: (running, marker) =>
    running
      .split("\n")
      .filter((l) => !l.includes(marker))
      .join("\n"),
  confirmSeconds: 30,
  rollback: true,
});
