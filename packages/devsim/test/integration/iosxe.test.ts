import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SimDevice, startDevice } from "../../src/index.ts";
import { type Connected, connect, exec, Shell } from "./helpers.ts";

describe("cisco_iosxe over SSH", () => {
  let device: SimDevice;
  const open: Connected[] = [];

  beforeAll(async () => {
    device = await startDevice({
      platform: "cisco_iosxe",
      enableSecret: "s3cret",
      banner: "Authorized access only",
      motd: "Welcome to R1",
    });
  });

  afterAll(async () => {
    for (const c of open) c.close();
    await device.close();
  });

  async function shell(): Promise<Shell> {
    const conn = await connect(device);
    open.push(conn);
    return Shell.open(conn);
  }

  it("sends the login banner before auth, then the MOTD and the user prompt", async () => {
    const conn = await connect(device);
    open.push(conn);
    expect(conn.banner).toContain("Authorized access only");
    const sh = await Shell.open(conn);
    const before = await sh.waitFor(/R1>$/);
    expect(before).toContain("Welcome to R1");
  });

  it("asks for the enable secret, rejects a wrong one and accepts the right one", async () => {
    const sh = await shell();
    await sh.waitFor("R1>");
    sh.send("enable\n");
    await sh.waitFor("Password: ");
    sh.send("wrong\n");
    await sh.waitFor("Password: ");
    sh.send("s3cret\n");
    await sh.waitFor("R1#");
  });

  it("echoes input and reports invalid input with a caret under the bad word", async () => {
    const sh = await shell();
    await sh.waitFor("R1>");
    const out = await sh.run("show bogus", "R1>");
    expect(out).toBe("show bogus\r\n        ^\r\n% Invalid input detected at '^' marker.\r\n\r\n");
  });

  it("applies a configuration change visible in show running-config and in a second session", async () => {
    const sh = await shell();
    await sh.waitFor("R1>");
    sh.send("enable\n");
    await sh.waitFor("Password: ");
    sh.send("s3cret\n");
    await sh.waitFor("R1#");
    await sh.run("terminal length 0", "R1#");
    await sh.run("configure terminal", "R1(config)#");
    await sh.run("interface GigabitEthernet3", "R1(config-if)#");
    await sh.run("description uplink-to-core", "R1(config-if)#");
    await sh.run("end", "R1#");
    const running = await sh.run("show running-config", "R1#");
    expect(running).toContain("interface GigabitEthernet3\r\n description uplink-to-core\r\n");

    const conn = await connect(device);
    open.push(conn);
    const other = await exec(conn, "show running-config | section GigabitEthernet3");
    expect(other.stdout.toString()).toContain("description uplink-to-core");
  });

  it("streams exactly one million bytes for show generated over exec", async () => {
    const conn = await connect(device);
    open.push(conn);
    const result = await exec(conn, "show generated 1000000");
    expect(result.stdout.length).toBe(1_000_000);
    expect(result.stdout.at(-1)).toBe(0x0a);
    expect(result.code).toBe(0);
  });
});
