import { SIM_PLATFORMS, type SimFleet, type SimPlatform, startFleet } from "@patchbay/devsim";

/** Credentials of the simulated fleets the CLI starts (loopback only). */
export const SIM_USER = "admin";
// Chosen so it cannot collide with other text (the demo's temporary folder is `patchbay-demo-...`).
export const SIM_PASSWORD = "sim-Pw-4q9z";

/** Starts `count` simulated devices cycling through `platforms`. */
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
  });
}

/** A fleet file for a running simulated fleet (groups by platform), plus extra hosts lines. */
export function fleetYaml(
  fleet: SimFleet,
  options: { parallelism?: number; extraHosts?: string[] } = {},
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
    '    ssh: { hostKeyPolicy: "off", keepaliveIntervalMs: 0 }',
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
