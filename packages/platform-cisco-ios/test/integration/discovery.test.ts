import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DeviceInfo } from "@patchbay/capabilities";
import { connect } from "@patchbay/core";
import {
  clearRegistry,
  type RegistrySnapshot,
  restoreRegistry,
  snapshotRegistry,
} from "@patchbay/core/testing";
import type { SimDevice } from "@patchbay/devsim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliDevice, startIosxe } from "./sim.ts";

// An application that only declares the package (linked as pnpm would), with no registration code.
// Discovery imports the package's built entry (dist), as an installed copy would be imported.
let project: string;
let sim: SimDevice;
let registry: RegistrySnapshot;

beforeAll(async () => {
  registry = snapshotRegistry();
  clearRegistry();
  project = await mkdtemp(join(tmpdir(), "pb-cisco-ios-app-"));
  await writeFile(
    join(project, "package.json"),
    JSON.stringify({ name: "app", private: true, dependencies: { "@patchbay/platform-cisco-ios": "*" } }),
  );
  await mkdir(join(project, "node_modules", "@patchbay"), { recursive: true });
  await symlink(
    resolve(import.meta.dirname, "../.."),
    join(project, "node_modules", "@patchbay", "platform-cisco-ios"),
    "dir",
  );
  sim = await startIosxe();
});
afterAll(async () => {
  restoreRegistry(registry);
  await sim.close();
  await rm(project, { recursive: true, force: true });
});

describe("discovery", () => {
  it("finds the package for cisco_ios by its name and for cisco_iosxe through patchbay.platforms", async () => {
    const options = {
      capabilities: [DeviceInfo] as const,
      fallbackToDefault: true,
      discovery: { projectRoot: project },
    };
    await using ios = await connect(cliDevice(sim, { id: "classic", platform: "cisco_ios" }), options);
    await using xe = await connect(cliDevice(sim, { id: "xe" }), options);
    expect(ios.plugin.name).toBe("cisco_ios/ssh");
    expect(xe.plugin.name).toBe("cisco_iosxe/ssh");
    expect((await xe.getFacts()).hostname).toBe("R1");
  });
});
