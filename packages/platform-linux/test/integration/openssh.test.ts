import { createHash, randomBytes } from "node:crypto";
import { createReadStream, existsSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Commands, DeviceInfo, FileTransfer, Shell } from "@patchbay/capabilities";
import {
  connect,
  createDevice,
  type Device,
  isPatchbayError,
  registerConnectionPlugin,
  UnsupportedOperationError,
} from "@patchbay/core";
import { restoreRegistry, snapshotRegistry } from "@patchbay/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPeers } from "../../../ssh/test/integration/peers.ts";
import { plugins } from "../../src/index.ts";

const peer = loadPeers().openssh;
const CAPS = [Shell, DeviceInfo, Commands, FileTransfer] as const;
let dir: string;
let snapshot: ReturnType<typeof snapshotRegistry>;

function device(overrides: Record<string, unknown> = {}): Device {
  return createDevice({
    id: "openssh-peer",
    host: peer.host,
    port: peer.port,
    username: peer.username,
    password: peer.password,
    platform: "linux",
    data: { ssh: { knownHostsPath: join(dir, "known_hosts"), keepaliveIntervalMs: 0 } },
    ...overrides,
  });
}

async function sha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

const HOSTILE = [
  "it's",
  '"quoted"',
  "with space",
  "$(touch /tmp/pb-pwned)",
  "`id`",
  "new\nline",
  "*",
  "-rf",
  "a;b|c&&d",
];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pb-linux-"));
  snapshot = snapshotRegistry();
  for (const registration of plugins) registerConnectionPlugin(registration.plugin, registration);
});

afterAll(async () => {
  restoreRegistry(snapshot);
  await rm(dir, { recursive: true, force: true });
});

describe("platform-linux over SSH against OpenSSH", () => {
  it("resolves linux to the SSH plugin by default and passes hostile arguments through intact", async () => {
    await using host = await connect(device(), { capabilities: CAPS, fallbackToDefault: true });
    expect(host.plugin.connectionType).toBe("ssh");
    const result = await host.runShellCommand(["printf", "%s\\n", ...HOSTILE]);
    expect(result.success).toBe(true);
    expect(result.stdout).toBe(HOSTILE.map((w) => `${w}\n`).join(""));
    expect(existsSync("/tmp/pb-pwned")).toBe(false);
  });

  it("runs sudo with the password over stdin, and hands the rest of stdin to the command", async () => {
    await using host = await connect(device(), { capabilities: CAPS, connectionType: "ssh" });
    const who = await host.runShellCommand(["id", "-u"], { sudo: true });
    expect(who.stdout.trim()).toBe("0");
    expect(who.combined).not.toContain(peer.password);
    const piped = await host.runShellCommand(["sh", "-c", "id -un; cat"], {
      sudo: true,
      stdin: "line one\nline two\n",
    });
    expect(piped.stdout).toBe("root\nline one\nline two\n");
    const asUser = await host.runShellCommand("id -un", { sudo: true, sudoUser: "nobody" });
    expect(asUser.stdout.trim()).toBe("nobody");
  });

  it("gives a typed authentication error for a wrong sudo password, without the password", async () => {
    await using host = await connect(
      device({
        data: {
          ssh: { knownHostsPath: join(dir, "known_hosts") },
          linux: { sudoPassword: "not-the-Password-1" },
        },
      }),
      {
        capabilities: CAPS,
        connectionType: "ssh",
      },
    );
    const error = await host.runShellCommand("id", { sudo: true }).catch((e: unknown) => e);
    expect(isPatchbayError(error, "AUTHENTICATION_FAILED")).toBe(true);
    expect((error as Error).message).toContain("openssh-peer");
    expect((error as Error).message).not.toContain("not-the-Password-1");
  });

  it("applies env, chdir, success codes and a timeout", async () => {
    await using host = await connect(device(), { capabilities: CAPS, connectionType: "ssh" });
    const result = await host.runShellCommand(["sh", "-c", 'printf "%s %s" "$PB_X" "$(pwd)"; exit 4'], {
      env: { PB_X: "it's $(x)" },
      chdir: "/tmp",
      successExitCodes: [4],
    });
    expect(result).toMatchObject({ success: true, exitCode: 4, stdout: "it's $(x) /tmp" });
    const slow = await host.runShellCommand("sleep 30", { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(isPatchbayError(slow, "TIMEOUT")).toBe(true);
  });

  it("reads facts and runs commands with failure detection", async () => {
    await using host = await connect(device(), { capabilities: CAPS, connectionType: "ssh" });
    const facts = await host.getFacts();
    const hostname = (await host.runShellCommand("hostname")).stdout.trim();
    expect(facts.hostname).toBe(hostname);
    expect(facts.vendor).toBe("Linux");
    expect(facts.osVersion).toMatch(/kernel /);
    expect(facts.uptimeSeconds).toBeGreaterThan(0);
    const results = await host.runCommands(["echo one", "false", "echo never"], { stopOnFailed: true });
    expect(results.map((r) => [r.command, r.failed])).toEqual([
      ["echo one", false],
      ["false", true],
    ]);
    expect(results[0]?.output).toBe("one\n");
  });

  it("moves 100 MB each way with matching checksums", async () => {
    const local = join(dir, "big.bin");
    const chunk = randomBytes(1 << 20);
    writeFileSync(
      local,
      Buffer.concat(Array.from({ length: 100 }, (_, i) => (i % 2 ? chunk : chunk.reverse()))),
    );
    const expected = await sha256(local);
    await using host = await connect(device(), { capabilities: CAPS, connectionType: "ssh" });
    const remote = `/tmp/pb-linux-${process.pid}.bin`;
    let lastProgress = 0;
    const put = await host.putFile(local, remote, { onProgress: (p) => (lastProgress = p.transferred) });
    expect(put.bytes).toBe(100 << 20);
    expect(lastProgress).toBe(100 << 20);
    const remoteSum = await host.runShellCommand(["sha256sum", remote]);
    expect(remoteSum.stdout.split(" ")[0]).toBe(expected);
    const back = join(dir, "back.bin");
    await host.getFile(remote, back);
    expect(await sha256(back)).toBe(expected);
    await host.runShellCommand(["rm", "-f", remote]);
  }, 120_000);

  it("transfers files with hostile names", async () => {
    await using host = await connect(device(), { capabilities: CAPS, connectionType: "ssh" });
    const folder = `/tmp/pb dir $(id) 'q' ${process.pid}`;
    const name = `${folder}/it's a "file"\nwith newline.txt`;
    await host.runShellCommand(["mkdir", "-p", folder]);
    await host.putFile(Buffer.from("hostile\n"), name, { mode: 0o640 });
    const listing = await host.runShellCommand(["stat", "-c", "%a", name]);
    expect(listing.stdout.trim()).toBe("640");
    const local = join(dir, "hostile-back.txt");
    await host.getFile(name, local);
    expect(readFileSync(local, "utf8")).toBe("hostile\n");
    await host.runShellCommand(["rm", "-rf", folder]);
  });

  it("puts and gets a root-only file through sudo, atomically and with the mode asked for", async () => {
    await using host = await connect(device(), { capabilities: CAPS, connectionType: "ssh" });
    const target = `/root/pb-sudo-${process.pid}.conf`;
    await host.putFile(Buffer.from("secret=1\n"), target, { sudo: true, mode: 0o600 });
    const stat = await host.runShellCommand(["stat", "-c", "%U %a", target], { sudo: true });
    expect(stat.stdout.trim()).toBe("root 600");
    const plain = await host.runShellCommand(["cat", target]);
    expect(plain.success).toBe(false);
    const local = join(dir, "root-back.conf");
    await host.getFile(target, local, { sudo: true });
    expect(readFileSync(local, "utf8")).toBe("secret=1\n");
    await host.runShellCommand(["rm", "-f", target], { sudo: true });
    const leftovers = await host.runShellCommand("ls -a /tmp | grep -c '^.patchbay-' || true");
    expect(leftovers.stdout.trim()).toBe("0");
  });

  it("says rsync is unsupported with password authentication, before transferring anything", async () => {
    await using host = await connect(device(), { capabilities: CAPS, connectionType: "ssh" });
    const error = await host.rsync(dir, "/tmp/pb-rsync").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedOperationError);
    expect((error as Error).message).toMatch(/key authentication/);
  });
});

describe("platform-linux local connection", () => {
  it("runs the same capabilities on this machine", async () => {
    await using local = await connect(createDevice({ id: "local", host: "localhost", platform: "linux" }), {
      capabilities: CAPS,
      connectionType: "local",
    });
    const result = await local.runShellCommand(["printf", "%s|", ...HOSTILE]);
    expect(result.stdout).toBe(HOSTILE.map((w) => `${w}|`).join(""));
    const facts = await local.getFacts();
    expect(facts.hostname).not.toBe("");
    const target = join(dir, "local copy 'x'.txt");
    await local.putFile(Buffer.from("local\n"), target, { mode: 0o600 });
    expect(readFileSync(target, "utf8")).toBe("local\n");
    await local.getFile(target, join(dir, "local-back.txt"));
    expect(readFileSync(join(dir, "local-back.txt"), "utf8")).toBe("local\n");
  });
});
