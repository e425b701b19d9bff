import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SimDevice, startDevice } from "../../src/index.ts";
import { type Connected, connect, exec, Shell } from "./helpers.ts";

const conns: Connected[] = [];
const devices: SimDevice[] = [];

afterAll(async () => {
  for (const c of conns) c.close();
  await Promise.all(devices.map((d) => d.close()));
});

async function device(): Promise<SimDevice> {
  const d = await startDevice({ platform: "cisco_iosxe", enableSecret: "en" });
  devices.push(d);
  return d;
}

async function privilegedShell(d: SimDevice): Promise<Shell> {
  const conn = await connect(d);
  conns.push(conn);
  const sh = await Shell.open(conn);
  await sh.waitFor("R1>");
  sh.send("enable\n");
  await sh.waitFor("Password: ");
  await sh.run("en", "R1#");
  return sh;
}

describe("paging", () => {
  let d: SimDevice;
  beforeAll(async () => {
    d = await device();
  });

  it("stops long output at --More--, continues a page on space and a line on return", async () => {
    const sh = await privilegedShell(d);
    sh.send("show generated 4000\n");
    const first = await sh.waitFor(" --More-- ");
    expect(first.split("\r\n").length - 1).toBe(25); // the echoed command line plus 24 lines
    sh.send("\r");
    const one = await sh.waitFor(" --More-- ");
    expect(one.replace(/[\b ]+(?=[A-Z])/, "").split("\r\n").length - 1).toBe(1);
    sh.send(" ");
    const rest = await sh.waitFor(" --More-- ");
    expect(rest.split("\r\n").length - 1).toBe(24);
    sh.send("q");
    await sh.waitFor("R1#");
  });

  it("prints everything without stopping after terminal length 0", async () => {
    const sh = await privilegedShell(d);
    await sh.run("terminal length 0", "R1#");
    const out = await sh.run("show generated 4000", "R1#");
    expect(out).not.toContain("--More--");
    expect(Buffer.byteLength(out, "latin1")).toBe("show generated 4000\r\n".length + 4000);
  });
});

describe("faults", () => {
  it("refuses authentication with the right password under refuseAuth", async () => {
    const d = await device();
    d.setFaults({ refuseAuth: true });
    await expect(connect(d)).rejects.toThrow(/authentication methods failed/i);
  });

  it("still logs in under slowLogin", async () => {
    const d = await device();
    d.setFaults({ slowLogin: { ms: 50 } });
    const conn = await connect(d);
    conns.push(conn);
    expect((await exec(conn, "show clock")).code).toBe(0);
  });

  it("drops the connection after the given number of output bytes", async () => {
    const d = await device();
    d.setFaults({ dropMidOutput: { afterBytes: 1000 } });
    const conn = await connect(d);
    conns.push(conn);
    const closed = new Promise<void>((resolve) => conn.client.once("close", () => resolve()));
    const chunks: Buffer[] = [];
    conn.client.exec("show generated 100000", (err, channel) => {
      if (err) throw err;
      channel.on("data", (b: Buffer) => chunks.push(b));
    });
    await closed;
    expect(Buffer.concat(chunks).length).toBe(1000);
  });

  it("stalls forever mid-output until the device closes", async () => {
    const d = await startDevice({ platform: "linux" });
    d.setFaults({ stall: { afterBytes: 300 } });
    const conn = await connect(d);
    conns.push(conn);
    const chunks: Buffer[] = [];
    let firstData: () => void = () => {};
    const gotData = new Promise<void>((resolve) => {
      firstData = resolve;
    });
    const closed = new Promise<void>((resolve) => conn.client.once("close", () => resolve()));
    conn.client.exec("show generated 5000", (err, channel) => {
      if (err) throw err;
      channel.on("data", (b: Buffer) => {
        chunks.push(b);
        if (Buffer.concat(chunks).length >= 300) firstData();
      });
    });
    await gotData;
    await d.close();
    await closed;
    expect(Buffer.concat(chunks).length).toBe(300);
  });

  it("resumes after a timed stall and delivers everything", async () => {
    const d = await device();
    d.setFaults({ stall: { afterBytes: 100, ms: 30 } });
    const conn = await connect(d);
    conns.push(conn);
    const r = await exec(conn, "show generated 5000");
    expect(r.stdout.length).toBe(5000);
  });

  it("prints output but never the prompt under neverReturnPrompt", async () => {
    const d = await device();
    const sh = await privilegedShell(d);
    d.setFaults({ neverReturnPrompt: true });
    sh.send("show clock\n");
    await sh.waitFor("UTC Mon Nov 23 2025\r\n");
    sh.send("show privilege\n");
    const between = await sh.waitFor("Current privilege level is 15\r\n");
    expect(between).toBe("show privilege\r\n");
    d.setFaults({});
  });

  it("injects deterministic garbage (NULs) into output", async () => {
    const d = await device();
    const conn = await connect(d);
    conns.push(conn);
    const clean = await exec(conn, "show generated 1000");
    d.setFaults({ garbage: { everyBytes: 100, kinds: ["nul"], seed: 7 } });
    const dirty1 = await exec(conn, "show generated 1000");
    const dirty2 = await exec(conn, "show generated 1000");
    expect(dirty1.stdout.length).toBeGreaterThan(1000);
    expect(dirty1.stdout.includes(0)).toBe(true);
    expect(Buffer.from(dirty1.stdout.filter((b) => b !== 0))).toEqual(clean.stdout);
    expect(dirty2.stdout).toEqual(dirty1.stdout);
  });

  it("injects ANSI escape sequences when asked for them", async () => {
    const d = await device();
    d.setFaults({ garbage: { everyBytes: 50, kinds: ["ansi"] } });
    const conn = await connect(d);
    conns.push(conn);
    const r = await exec(conn, "show generated 500");
    expect(r.stdout.toString("latin1")).toMatch(new RegExp(`${String.fromCharCode(27)}[[\\]]`));
  });
});
