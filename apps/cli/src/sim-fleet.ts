import { writeFile } from "node:fs/promises";
import {
  generateEd25519HostKey,
  SIM_PLATFORMS,
  type SimFleet,
  type SimPlatform,
  startFleet,
} from "@patchbay/devsim";

/** Credentials of the simulated fleets the CLI starts (loopback only). */
export const SIM_USER = "admin";
// Chosen so it cannot collide with other text (the demo's temporary folder is `patchbay-demo-...`).
export const SIM_PASSWORD = "sim-Pw-4q9z";

let hostKey: string | undefined;

/** The host key of the CLI's simulated devices (generated once per process), so fleet files can pin it. */
export function simHostKey(): string {
  hostKey ??= generateEd25519HostKey();
  return hostKey;
}

/** The public key blob of an unencrypted OpenSSH private key (`openssh-key-v1`). */
export function publicKeyOf(privateKey: string): Buffer {
  const body = Buffer.from(privateKey.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64");
  const magic = "openssh-key-v1\0";
  if (body.subarray(0, magic.length).toString("latin1") !== magic)
    throw new TypeError("not an OpenSSH private key");
  let at = magic.length;
  const str = (): Buffer => {
    const len = body.readUInt32BE(at);
    const out = body.subarray(at + 4, at + 4 + len);
    at += 4 + len;
    return out;
  };
  str(); // cipher
  str(); // kdf
  str(); // kdf options
  at += 4; // number of keys
  return str();
}

/** known_hosts lines pinning every device of a simulated fleet started with `simHostKey()`. */
export function simKnownHosts(fleet: SimFleet, key: string = simHostKey()): string {
  const blob = publicKeyOf(key);
  const type = blob.subarray(4, 4 + blob.readUInt32BE(0)).toString("latin1");
  return fleet.devices.map((d) => `[${d.host}]:${d.port} ${type} ${blob.toString("base64")}\n`).join("");
}

/** Writes the fleet's known_hosts file (0600). */
export async function writeSimKnownHosts(fleet: SimFleet, path: string): Promise<void> {
  await writeFile(path, simKnownHosts(fleet), { mode: 0o600 });
}

/** Starts `count` simulated devices cycling through `platforms`, with the pinnable `simHostKey()`. */
export function startSimFleet(
  count: number,
  platforms: readonly SimPlatform[] = SIM_PLATFORMS,
): Promise<SimFleet> {
  return startFleet({
    count,
    platforms,
    username: SIM_USER,
    password: SIM_PASSWORD,
    enableSecret: SIM_PASSWORD,
    hostKey: simHostKey(),
  });
}

/**
 * A fleet file for a running simulated fleet (groups by platform), plus extra hosts lines. Host keys
 * are pinned: `knownHostsPath` is the file `writeSimKnownHosts` wrote, checked strictly.
 */
export function fleetYaml(
  fleet: SimFleet,
  options: { knownHostsPath: string; parallelism?: number; extraHosts?: string[] },
): string {
  const inventory = fleet.toInventory();
  const lines = [
    `# ${inventory.devices.length} simulated devices (patchbay sim). Credentials are the simulator's, on loopback only.`,
    `parallelism: ${options.parallelism ?? 50}`,
    "defaults:",
    `  username: ${SIM_USER}`,
    `  password: ${SIM_PASSWORD}`,
    "  data:",
    `    enableSecret: ${SIM_PASSWORD}`,
    `    ssh: { hostKeyPolicy: strict, knownHostsPath: ${JSON.stringify(options.knownHostsPath)}, keepaliveIntervalMs: 0 }`,
    "groups:",
  ];
  const byPlatform = new Map<string, string[]>();
  for (const d of inventory.devices)
    byPlatform.set(d.platform, [...(byPlatform.get(d.platform) ?? []), d.name]);
  for (const [platform, names] of byPlatform) {
    lines.push(`  ${platform}:`, `    platform: ${platform}`, `    hosts: [${names.join(", ")}]`);
  }
  lines.push("hosts:");
  for (const d of inventory.devices) lines.push(`  ${d.name}: { host: ${d.host}, port: ${d.port} }`);
  for (const extra of options.extraHosts ?? []) lines.push(`  ${extra}`);
  return `${lines.join("\n")}\n`;
}
