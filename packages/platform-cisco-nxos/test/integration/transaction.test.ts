import { ConfigRead, ConfigWrite } from "@patchbay/capabilities";
import { connect, registerConnectionPlugin } from "@patchbay/core";
import { type RegistrySnapshot, restoreRegistry, snapshotRegistry } from "@patchbay/core/testing";
import type { SimDevice } from "@patchbay/devsim";
import { describeConfigTransaction } from "@patchbay/testkit";
import { afterAll, beforeAll } from "vitest";
import { plugins } from "../../src/index.ts";
import { cliDevice, startNxos } from "./sim.ts";

let sim: SimDevice;
let registry: RegistrySnapshot;

beforeAll(async () => {
  registry = snapshotRegistry();
  for (const r of plugins) registerConnectionPlugin(r.plugin, r);
  sim = await startNxos();
});
afterAll(async () => {
  restoreRegistry(registry);
  await sim.close();
});

describeConfigTransaction("NX-OS over the SSH CLI", {
  connect: () =>
    connect(cliDevice(sim), { capabilities: [ConfigRead, ConfigWrite] as const, connectionType: "ssh" }),
  state: () => sim.state,
  merge: (marker) => `interface Ethernet1/1\n  description ${marker}\n`,
  replace: (running, marker) =>
    running
      .split("\n")
      .filter((l) => !l.includes(marker))
      .join("\n"),
  rollback: true,
});
