import { afterAll, describe, expect, it } from "vitest";
import { type SimDevice, type SimDeviceOptions, startDevice } from "../../src/index.ts";
import { type Connected, connect, exec, Shell } from "./helpers.ts";

const devices: SimDevice[] = [];
const conns: Connected[] = [];

afterAll(async () => {
  for (const c of conns) c.close();
  await Promise.all(devices.map((d) => d.close()));
});

async function shellOn(options: SimDeviceOptions): Promise<{ device: SimDevice; sh: Shell }> {
  const device = await startDevice(options);
  devices.push(device);
  const conn = await connect(device);
  conns.push(conn);
  return { device, sh: await Shell.open(conn) };
}

describe("cisco_nxos", () => {
  it("prompts with a trailing space, rejects bad commands and commits a config session", async () => {
    const { sh, device } = await shellOn({ platform: "cisco_nxos" });
    await sh.waitFor("R1# ");
    expect(await sh.run("show bogus", "R1# ")).toBe(
      "show bogus\r\n         ^\r\n% Invalid command at '^' marker.\r\n",
    );
    await sh.run("configure session s1", "R1(config-s)# ");
    await sh.run("hostname LEAF1", "R1(config-s)# ");
    expect(device.state.hostname).toBe("R1");
    expect(await sh.run("commit", "LEAF1# ")).toContain("Commit Successful");
    await sh.run("configure terminal", "LEAF1(config)# ");
    await sh.run("interface Ethernet1/4", "LEAF1(config-if)# ");
    await sh.run("end", "LEAF1# ");
    expect(await sh.run("show running-config | include Ethernet1/4", "LEAF1# ")).toContain(
      "interface Ethernet1/4",
    );
  });
});

describe("cisco_iosxr", () => {
  it("keeps changes in a candidate until commit and asks about uncommitted changes on end", async () => {
    const { sh, device } = await shellOn({ platform: "cisco_iosxr" });
    const P = "RP/0/RP0/CPU0:R1";
    await sh.waitFor(`${P}#`);
    await sh.run("configure terminal", `${P}(config)#`);
    await sh.run("hostname PE1", `${P}(config)#`);
    expect(device.state.hostname).toBe("R1");
    await sh.run("commit", "RP/0/RP0/CPU0:PE1(config)#");
    await sh.run("interface GigabitEthernet0/0/0/1", "RP/0/RP0/CPU0:PE1(config-if)#");
    await sh.run("description spare", "RP/0/RP0/CPU0:PE1(config-if)#");
    sh.send("end\n");
    await sh.waitFor("Uncommitted changes found, commit them before exiting(yes/no/cancel)? [cancel]:");
    await sh.run("no", "RP/0/RP0/CPU0:PE1#");
    expect(
      device.state.interfaces().find((i) => i.name === "GigabitEthernet0/0/0/1")?.description,
    ).toBeUndefined();
  });
});

describe("arista_eos", () => {
  it("commits a configure session and aborts another", async () => {
    const { sh, device } = await shellOn({ platform: "arista_eos", enableSecret: "en" });
    await sh.waitFor("R1>");
    sh.send("enable\n");
    await sh.waitFor("Password: ");
    await sh.run("en", "R1#");
    expect(await sh.run("show bogus", "R1#")).toBe("show bogus\r\n% Invalid input\r\n");
    await sh.run("configure session s1", "R1(config-s-s1)#");
    await sh.run("interface Ethernet3", "R1(config-s-s1-if-Et3)#");
    await sh.run("end", "R1#");
    await sh.run("configure session s2", "R1(config-s-s2)#");
    await sh.run("ip route 10.99.0.0/16 10.0.0.1", "R1(config-s-s2)#");
    await sh.run("abort", "R1#");
    expect(device.state.staticRoutes()).not.toContain("10.99.0.0/16 10.0.0.1");
    await sh.run("configure session s3", "R1(config-s-s3)#");
    await sh.run("ip route 10.98.0.0/16 10.0.0.1", "R1(config-s-s3)#");
    await sh.run("commit", "R1#");
    expect(device.state.staticRoutes()).toContain("10.98.0.0/16 10.0.0.1");
  });

  it("names interface modes after the short interface name", async () => {
    const { sh } = await shellOn({ platform: "arista_eos", enableSecret: "en" });
    await sh.waitFor("R1>");
    sh.send("enable\n");
    await sh.waitFor("Password: ");
    await sh.run("en", "R1#");
    await sh.run("configure terminal", "R1(config)#");
    await sh.run("interface Ethernet1", "R1(config-if-Et1)#");
  });
});

describe("juniper_junos", () => {
  it("prints [edit] before the configuration prompt and applies set commands on commit", async () => {
    const { sh, device } = await shellOn({ platform: "juniper_junos" });
    await sh.waitFor("admin@R1> ");
    expect(await sh.run("show bogus", "admin@R1> ")).toContain("syntax error, expecting <command>.");
    expect(await sh.run("frobnicate", "admin@R1> ")).toContain("unknown command.");
    expect(await sh.run("configure", "[edit]\r\nadmin@R1# ")).toContain("Entering configuration mode");
    await sh.run("set system host-name EDGE1", "[edit]\r\nadmin@R1# ");
    await sh.run("set interfaces ge-0/0/1 description spare", "[edit]\r\nadmin@R1# ");
    expect(await sh.run("commit", "[edit]\r\nadmin@EDGE1# ")).toContain("commit complete");
    expect(device.state.hostname).toBe("EDGE1");
    await sh.run("exit", "admin@EDGE1> ");
    const conf = await sh.run("show configuration | no-more", "admin@EDGE1> ");
    expect(conf).toContain("system {\r\n    host-name EDGE1;\r\n");
    expect(conf).toContain("    ge-0/0/1 {\r\n        description spare;\r\n        disable;\r\n    }");
  });
});

describe("frr", () => {
  it("starts privileged with a trailing space and knows vtysh's quirks", async () => {
    const { sh } = await shellOn({ platform: "frr" });
    await sh.waitFor("R1# ");
    expect(await sh.run("terminal length 0", "R1# ")).toBe("terminal length 0\r\n");
    expect(await sh.run("terminal width 511", "R1# ")).toBe(
      "terminal width 511\r\n% Unknown command: terminal width 511\r\n",
    );
    await sh.run("configure terminal", "R1(config)# ");
    await sh.run("router bgp 65000", "R1(config-router)# ");
    await sh.run("neighbor 10.0.0.9 remote-as 65009", "R1(config-router)# ");
    await sh.run("end", "R1# ");
    expect(await sh.run("write memory", "R1# ")).toMatch(/\[OK\]\r\n$/);
    expect(await sh.run("show running-config", "R1# ")).toContain(" neighbor 10.0.0.9 remote-as 65009\r\n");
  });
});

describe("exec on every platform", () => {
  it.each([
    ["cisco_iosxe", "show version", /Cisco IOS XE Software/],
    ["cisco_nxos", "show version", /Cisco Nexus Operating System/],
    ["cisco_iosxr", "show version", /Cisco IOS XR Software/],
    ["arista_eos", "show version", /Arista vEOS-lab/],
    ["juniper_junos", "show version", /Junos: 23\.2R1\.13/],
    ["frr", "show version", /FRRouting 9\.1/],
  ] as const)(
    "%s runs %s privileged and exits 0; unknown commands exit 1",
    async (platform, command, pattern) => {
      const device = await startDevice({ platform });
      devices.push(device);
      const conn = await connect(device);
      conns.push(conn);
      const ok = await exec(conn, command);
      expect(ok.stdout.toString()).toMatch(pattern);
      expect(ok.code).toBe(0);
      const bad = await exec(conn, "show nonsense-here");
      expect(bad.code).toBe(1);
      const gen = await exec(conn, "show generated 12345");
      expect(gen.stdout.length).toBe(12345);
    },
  );
});
