import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SimDevice, startDevice } from "../../src/index.ts";
import { type Connected, connect, exec, Shell } from "./helpers.ts";

describe("linux over SSH", () => {
  let device: SimDevice;
  const open: Connected[] = [];

  beforeAll(async () => {
    device = await startDevice({ platform: "linux", password: "pw" });
  });

  afterAll(async () => {
    for (const c of open) c.close();
    await device.close();
  });

  async function shell(): Promise<Shell> {
    const conn = await connect(device);
    open.push(conn);
    const sh = await Shell.open(conn);
    await sh.waitFor("admin@host:~$ ");
    return sh;
  }

  it("runs commands, reports unknown ones and shows exit codes through echo $?", async () => {
    const sh = await shell();
    expect(await sh.run("whoami", "admin@host:~$ ")).toBe("whoami\r\nadmin\r\n");
    expect(await sh.run("frobnicate", "admin@host:~$ ")).toBe(
      "frobnicate\r\nbash: frobnicate: command not found\r\n",
    );
    expect(await sh.run("echo $?", "admin@host:~$ ")).toBe("echo $?\r\n127\r\n");
  });

  it("becomes root with sudo -i after the password prompt and returns with exit", async () => {
    const sh = await shell();
    sh.send("sudo -i\n");
    await sh.waitFor("[sudo] password for admin: ");
    sh.send("pw\n");
    await sh.waitFor("root@host:~# ");
    expect(await sh.run("whoami", "root@host:~# ")).toBe("whoami\r\nroot\r\n");
    await sh.run("exit", "admin@host:~$ ");
    sh.send("exit\n");
    await sh.waitClosed();
  });

  it("exits exec requests with 0, 127 for unknown commands", async () => {
    const conn = await connect(device);
    open.push(conn);
    const ok = await exec(conn, "uname -a");
    expect(ok.stdout.toString()).toMatch(/^Linux host 6\.1\.0-18-amd64 .* GNU\/Linux\n$/);
    expect(ok.code).toBe(0);
    const missing = await exec(conn, "nosuchcmd");
    expect(missing.stdout.toString()).toBe("bash: nosuchcmd: command not found\n");
    expect(missing.code).toBe(127);
  });

  it("runs `sh -c '<script>'` exec requests as SSH exec clients send them, quotes and all", async () => {
    const conn = await connect(device);
    open.push(conn);
    const wrapped = await exec(conn, "sh -c 'hostname && echo '\\''it works'\\'' && false'");
    expect(wrapped.stdout.toString()).toBe("host\nit works\n");
    expect(wrapped.code).toBe(1);
  });
});
