import { createHash } from "node:crypto";
import ssh2 from "ssh2";
import { afterAll, describe, expect, it } from "vitest";
import { generateEd25519HostKey, type SimDevice, startDevice, startFleet } from "../../src/index.ts";
import { type Connected, connect, exec } from "./helpers.ts";

const conns: Connected[] = [];
const devices: SimDevice[] = [];

afterAll(async () => {
  for (const c of conns) c.close();
  await Promise.all(devices.map((d) => d.close()));
});

function tcpResources(): number {
  return process.getActiveResourcesInfo().filter((r) => r.startsWith("TCP")).length;
}

describe("startFleet", () => {
  it("starts 50 devices, describes them as an inventory and closes without leaking handles", async () => {
    const before = tcpResources();
    const fleet = await startFleet({ count: 50, platforms: ["cisco_iosxe", "linux", "juniper_junos"] });
    const inventory = fleet.toInventory();
    expect(inventory.devices).toHaveLength(50);
    expect(new Set(inventory.devices.map((d) => d.port)).size).toBe(50);
    expect(inventory.devices[0]).toEqual({
      name: "R1",
      host: "127.0.0.1",
      port: fleet.devices[0]!.port,
      platform: "cisco_iosxe",
      username: "admin",
      password: "admin",
    });
    expect(inventory.devices[1]?.name).toBe("host2");
    const conn = await connect(fleet.devices[2]!);
    const r = await exec(conn, "show version");
    expect(r.stdout.toString()).toContain("Hostname: R3");
    expect(fleet.devices[2]!.connections).toBe(1);
    const clientClosed = new Promise<void>((resolve) => conn.client.once("close", () => resolve()));
    await fleet.close();
    await fleet.close();
    await clientClosed;
    expect(fleet.devices[2]!.connections).toBe(0);
    expect(tcpResources()).toBe(before);
  });
});

describe("authentication and host keys", () => {
  it("accepts an authorized public key and rejects an unknown one", async () => {
    const good = ssh2.utils.generateKeyPairSync("ed25519");
    const bad = ssh2.utils.generateKeyPairSync("ed25519");
    const d = await startDevice({ platform: "linux", authorizedKeys: [good.public] });
    devices.push(d);
    const conn = await connect(d, { password: undefined, privateKey: good.private });
    conns.push(conn);
    expect((await exec(conn, "whoami")).stdout.toString()).toBe("admin\n");
    await expect(connect(d, { password: undefined, privateKey: bad.private })).rejects.toThrow(
      /authentication/i,
    );
  });

  it("accepts the password through keyboard-interactive when enabled", async () => {
    const d = await startDevice({ platform: "cisco_iosxe", keyboardInteractive: true, password: "kbd" });
    devices.push(d);
    const client = new ssh2.Client();
    client.on("keyboard-interactive", (_name, _instructions, _lang, prompts, finish) => {
      finish(prompts.map(() => "kbd"));
    });
    const conn = await connect(d, { password: undefined, tryKeyboard: true }, client);
    conns.push(conn);
    expect((await exec(conn, "show clock")).code).toBe(0);
  }, 20_000);

  it("reports the host key fingerprint the client sees, and uses a given host key", async () => {
    const hostKey = generateEd25519HostKey();
    const d = await startDevice({ platform: "frr", hostKey });
    devices.push(d);
    let seen = "";
    const conn = await connect(d, {
      hostVerifier: (key: Buffer) => {
        seen = `SHA256:${createHash("sha256").update(key).digest("base64").replace(/=+$/, "")}`;
        return true;
      },
    });
    conns.push(conn);
    expect(seen).toBe(d.hostKeyFingerprint);
    const other = await startDevice({ platform: "frr" });
    devices.push(other);
    expect(other.hostKeyFingerprint).not.toBe(d.hostKeyFingerprint);
  });
});
