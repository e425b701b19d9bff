import { ConfigRead, ConfigWrite } from "@patchbay/capabilities";
import { connect, registerConnectionPlugin } from "@patchbay/core";
import { type RegistrySnapshot, restoreRegistry, snapshotRegistry } from "@patchbay/core/testing";
import type { SimDevice } from "@patchbay/devsim";
import { describeConfigTransaction } from "@patchbay/testkit";
import { afterAll, beforeAll } from "vitest";
import { plugins } from "../../src/index.ts";
import { cliDevice, startIosxe } from "./sim.ts";

let sim: SimDevice;
let registry: RegistrySnapshot;

beforeAll(async () => {
  registry = snapshotRegistry();
  for (const r of plugins) registerConnectionPlugin(r.plugin, r);
  sim = await startIosxe();
});
afterAll(async () => {
  restoreRegistry(registry);
  await sim.close();
});

describeConfigTransaction("IOS-XE over the SSH CLI", {
  connect: () =>
    connect(cliDevice(sim), { capabilities: [ConfigRead, ConfigWrite] as const, connectionType: "ssh" }),
  merge: (marker) => `interface GigabitEthernet2\n description ${marker}\n`,
  replace: (running, marker) =>
    running
      .split("\n")
      .filter((l) => !l.includes(marker))
      .join("\n"),
});
