import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import type { SimDevice, SimInventory } from "../../src/index.ts";
import { connect, exec } from "./helpers.ts";

const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

function start(args: string[]): {
  child: ChildProcess;
  output: Promise<string>;
  exit: Promise<number | null>;
} {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build @patchbay/devsim first (pnpm run build).`);
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  // The inventory is one JSON document; it is complete once it parses.
  const output = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no inventory within 20 s; output so far:\n${out}`)),
      20_000,
    );
    const check = (): void => {
      try {
        JSON.parse(out);
        clearTimeout(timer);
        resolve(out);
      } catch {
        // Not complete yet.
      }
    };
    child.stdout?.on("data", check);
    void exit.then(() => {
      clearTimeout(timer);
      resolve(out);
    });
  });
  return { child, output, exit };
}

describe("the patchbay-devsim command", () => {
  let running: ChildProcess | undefined;
  afterEach(() => {
    running?.kill("SIGKILL");
    running = undefined;
  });

  it("starts a fleet, prints its inventory as JSON, serves SSH, and exits 0 on SIGTERM", async () => {
    const run = start(["--devices", "3", "--platforms", "cisco_iosxe,linux", "--json"]);
    running = run.child;
    const inventory = JSON.parse(await run.output) as SimInventory;
    expect(inventory.devices.map((d) => d.platform)).toEqual(["cisco_iosxe", "linux", "cisco_iosxe"]);
    const first = inventory.devices[0]!;
    const session = await connect(first as unknown as SimDevice);
    const result = await exec(session, "show version");
    expect(result.stdout.toString()).toContain("Cisco IOS XE Software");
    expect(result.code).toBe(0);
    session.close();
    run.child.kill("SIGTERM");
    expect(await run.exit).toBe(0);
  });

  it("with --http and --netconf-routes, lists each device's HTTPS and NETCONF ports, and serves HTTPS", async () => {
    const run = start([
      "--devices",
      "1",
      "--platforms",
      "arista_eos",
      "--http",
      "--netconf-routes",
      "5",
      "--json",
    ]);
    running = run.child;
    const [device] = (JSON.parse(await run.output) as SimInventory).devices;
    expect(device?.netconfPort).toBe(device?.port);
    expect(device?.httpPort).toBeGreaterThan(0);
    // The certificate is self-signed: this only checks that something speaks TLS there.
    const { connect: tlsConnect } = await import("node:tls");
    const socket = tlsConnect({
      host: "127.0.0.1",
      port: device?.httpPort as number,
      rejectUnauthorized: false,
    });
    await new Promise<void>((resolve, reject) => socket.once("secureConnect", resolve).once("error", reject));
    expect(socket.getPeerCertificate().subject).toBeDefined();
    socket.destroy();
    run.child.kill("SIGTERM");
    expect(await run.exit).toBe(0);
  });

  it("exits 2 with the usage for a bad argument", async () => {
    const run = start(["--devices", "0"]);
    running = run.child;
    expect(await run.exit).toBe(2);
    expect(await run.output).toContain("--devices must be a positive whole number");
  });
});
