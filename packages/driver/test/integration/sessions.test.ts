import type { SimDevice } from "@patchbay/devsim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeSession, openDriver, type Session, startSim } from "./helpers.ts";

describe.each([
  { platform: "arista_eos" as const, iface: "Ethernet2" },
  { platform: "cisco_nxos" as const, iface: "Ethernet1/2" },
])("$platform configuration sessions", ({ platform, iface }) => {
  let sim: SimDevice;
  let s: Session;
  beforeAll(async () => {
    sim = await startSim({ platform });
    s = await openDriver(sim, platform);
  });
  afterAll(async () => {
    await closeSession(s);
    await sim?.close();
  });

  it("commits a session and returns to privilege exec", async () => {
    const r = await s.driver.sendConfigs([`interface ${iface}`, "description via-session"], {
      session: "drv1",
    });
    expect(r.failed).toBe(false);
    expect(s.driver.currentPrivilegeLevel).toBe("privilege_exec");
    expect((await s.driver.sendCommand("show running-config")).result).toContain("description via-session");
  });

  it("aborts a session at the first failed line, leaving the running config unchanged", async () => {
    const r = await s.driver.sendConfigs(
      [`interface ${iface}`, "description aborted-one", "do show bogus-thing", "mtu 9000"],
      {
        session: "drv2",
        stopOnFailed: true,
      },
    );
    expect(r.failed).toBe(true);
    expect(r).toHaveLength(3);
    expect(s.driver.currentPrivilegeLevel).toBe("privilege_exec");
    const run = (await s.driver.sendCommand("show running-config")).result;
    expect(run).not.toContain("aborted-one");
    expect(run).toContain("description via-session");
  });
});

describe("cisco_iosxr candidate configuration", () => {
  let sim: SimDevice;
  let s: Session;
  beforeAll(async () => {
    sim = await startSim({ platform: "cisco_iosxr" });
    s = await openDriver(sim, "cisco_iosxr");
  });
  afterAll(async () => {
    await closeSession(s);
    await sim?.close();
  });

  it("aborts on failure so nothing is committed and no commit prompt blocks the exit", async () => {
    const r = await s.driver.sendConfigs(
      ["interface GigabitEthernet0/0/0/2", "description never", "do show bogus-thing"],
      {
        stopOnFailed: true,
      },
    );
    expect(r.failed).toBe(true);
    expect(s.driver.currentPrivilegeLevel).toBe("privilege_exec");
    expect((await s.driver.sendCommand("show running-config")).result).not.toContain("description never");
  });

  it("commits a successful configuration before leaving configuration mode", async () => {
    await s.driver.sendConfigs(["interface GigabitEthernet0/0/0/2", "description committed"]);
    expect((await s.driver.sendCommand("show running-config")).result).toContain("description committed");
  });
});

describe("juniper_junos configuration", () => {
  let sim: SimDevice;
  let s: Session;
  beforeAll(async () => {
    sim = await startSim({ platform: "juniper_junos" });
    s = await openDriver(sim, "juniper_junos");
  });
  afterAll(async () => {
    await closeSession(s);
    await sim?.close();
  });

  it("rolls back a failed candidate and leaves configuration mode", async () => {
    const r = await s.driver.sendConfigs(["set interfaces ge-0/0/1 description rolled-back", "bogus"], {
      stopOnFailed: true,
    });
    expect(r.failed).toBe(true);
    expect(s.driver.currentPrivilegeLevel).toBe("exec");
    expect((await s.driver.sendCommand("show configuration | display set")).result).not.toContain(
      "rolled-back",
    );
  });
});
