import { join } from "node:path";
import { createDevice } from "@patchbay/core";
import { startDevice } from "@patchbay/devsim";
import { afterAll, describe, expect, it } from "vitest";
import { fingerprint, readKnownHosts, SshConnection } from "../../src/index.ts";
import { tempDir } from "./peers.ts";

const dir = tempDir();
afterAll(() => dir.remove());

describe("against the devsim simulator", () => {
  it("records the simulator's host key and drives its CLI over a pty shell", async () => {
    const sim = await startDevice({
      platform: "cisco_iosxe",
      username: "admin",
      password: "sim-Secret-1",
    } as never);
    try {
      const knownHostsPath = join(dir.path, "known_hosts");
      const conn = new SshConnection({
        device: createDevice({
          id: "sim",
          host: sim.host,
          port: sim.port,
          username: "admin",
          password: "sim-Secret-1",
          platform: "cisco_iosxe",
        }),
        options: { knownHostsPath, keepaliveIntervalMs: 0 },
      });
      await conn.connect();
      const [entry] = await readKnownHosts(knownHostsPath);
      expect(entry && fingerprint(entry.key)).toBe(sim.hostKeyFingerprint);
      const shell = await conn.openShell();
      const chunks: Buffer[] = [];
      const prompt = new Promise<void>((resolve) => {
        shell.onData((c) => {
          chunks.push(c);
          if (/[>#]\s*$/.test(Buffer.concat(chunks).toString())) resolve();
        });
      });
      await prompt;
      expect(Buffer.concat(chunks).toString()).toMatch(new RegExp(`${sim.hostname}[>#]`));
      await shell.close();
      await conn.disconnect();
    } finally {
      await sim.close();
    }
  });
});
