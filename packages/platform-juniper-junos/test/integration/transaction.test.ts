import { ConfigRead, ConfigWrite } from "@patchbay/capabilities";
import { connect, registerConnectionPlugin } from "@patchbay/core";
import { type RegistrySnapshot, restoreRegistry, snapshotRegistry } from "@patchbay/core/testing";
import type { SimDevice } from "@patchbay/devsim";
import { describeConfigTransaction } from "@patchbay/testkit";
import { afterAll, beforeAll } from "vitest";
import { plugins } from "../../src/index.ts";
import { cliDevice, startJunosSim } from "./helpers.ts";

let sim: SimDevice;
let registry: RegistrySnapshot;

beforeAll(async () => {
  registry = snapshotRegistry();
  for (const r of plugins) registerConnectionPlugin(r.plugin, r);
  sim = await startJunosSim("mxtx");
  // `commit confirmed 1` (a minute) expires in 0.6 s.
  sim.state.timerScale = 0.01;
});
afterAll(async () => {
  restoreRegistry(registry);
  await sim.close();
});

describeConfigTransaction("Junos over the SSH CLI", {
  connect: () =>
    connect(cliDevice(sim), { capabilities: [ConfigRead, ConfigWrite] as const, connectionType: "ssh" }),
  state: () => sim.state,
  format: "set",
  merge: (marker) => `set system location ${marker}\n`,
  // A replace is the whole configuration as set lines; the test reads it as text, so it asks the
  // simulator for the set form of the same configuration.
  replace: (_running, marker) =>
    sim.state.root
      .map((n) => `set ${n.line}`)
      .filter((l) => !l.includes(marker))
      .join("\n"),
  confirmSeconds: 60,
  rollback: true,
});
