// --ask-pass and --ask-become-pass: secrets typed once, never echoed, never printed.
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SimFleet } from "@patchbay/devsim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIM_PASSWORD } from "../../src/sim-fleet.ts";
import { PEERS, patchbay, requireBuilt, simFleet } from "./helpers.ts";

let work: string;
let fleet: SimFleet;
let knownHosts: string;

beforeAll(async () => {
  requireBuilt();
  work = await mkdtemp(join(tmpdir(), "pb-cli-ask-"));
  ({ fleet, knownHosts } = await simFleet(work, { count: 1, platforms: ["cisco_iosxe"] }));
});

afterAll(async () => {
  await fleet?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe("secret prompts", () => {
  it("--ask-pass asks once on stderr and logs every host in with it", async () => {
    const file = join(work, "nopw.yaml");
    await writeFile(
      file,
      `defaults: { username: admin, platform: cisco_iosxe, data: { enableSecret: ${SIM_PASSWORD}, ssh: { hostKeyPolicy: strict, knownHostsPath: ${knownHosts} } } }
hosts:
  r1: { host: 127.0.0.1, port: ${fleet.devices[0]?.port} }
`,
    );
    const r = await patchbay(["run", "-i", file, "--ask-pass", "--summary", "show clock"], {
      cwd: work,
      input: `${SIM_PASSWORD}\n`,
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stderr.match(/SSH password: /g)).toHaveLength(1);
    expect(r.stdout).toContain("1 host ok");
  });

  it("-k -K against OpenSSH: login and sudo passwords from the prompts, neither printed", async () => {
    if (!existsSync(PEERS)) throw new Error(`${PEERS} is missing: run test/peers/setup.sh (as root) first.`);
    const { openssh } = JSON.parse(readFileSync(PEERS, "utf8")) as {
      openssh: { host: string; port: number; username: string; password: string };
    };
    const file = join(work, "peer.yaml");
    await writeFile(
      file,
      `hosts:\n  "@ssh/${openssh.host}": { port: ${openssh.port}, platform: linux, username: ${openssh.username}, data: { ssh: { hostKeyPolicy: "off", authOrder: [password] } } }\n`,
    );
    const r = await patchbay(["shell", "-i", file, "-k", "-K", "--sudo", "--json", "id -u"], {
      cwd: work,
      input: `${openssh.password}\n${openssh.password}\n`,
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const [result] = JSON.parse(r.stdout) as { result: { stdout: string } }[];
    expect(result?.result.stdout).toBe("0\n");
    expect(r.stderr).toContain("BECOME (sudo) password: ");
    expect(r.stdout + r.stderr).not.toContain(openssh.password);
  });
});
