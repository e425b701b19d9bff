import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasPlatform } from "@patchbay/core";
import { SIM_PLATFORMS, type SimPlatform } from "@patchbay/devsim";
import type { Inventory, InventoryHost } from "@patchbay/inventory";
import { ensurePlatform, parseFleet } from "../fleet.ts";
import { errorLines, type Output } from "../output.ts";
import { fleetSecrets } from "../secrets.ts";
import { fleetYaml, startSimFleet, writeSimKnownHosts } from "../sim-fleet.ts";
import { EXIT, type FleetOptions } from "./common.ts";
import { runStep } from "./demo-steps.ts";

/** A configuration change per platform, in each platform's own syntax. */
const CHANGE: Partial<Record<SimPlatform, string>> = {
  cisco_iosxe: "interface Loopback42\n description managed-by-patchbay\n",
  cisco_nxos: "interface loopback42\n description managed-by-patchbay\n",
  cisco_iosxr: "interface Loopback42\n description managed-by-patchbay\n",
  arista_eos: "interface Loopback42\n description managed-by-patchbay\n",
  frr: "interface lo\n description managed-by-patchbay\n",
  juniper_junos: "set interfaces lo0 description managed-by-patchbay\n",
};

/**
 * The built-in demo: a simulated fleet over several platforms, then facts, a backup, a configuration
 * change with its diff, and a shell command on this machine, each with live progress and a table.
 */
export async function runDemo(output: Output, count: number, keep?: string): Promise<number> {
  const c = output.colors;
  // Only platforms with an installed plugin: the demo shows what this installation can do.
  const network = SIM_PLATFORMS.filter((p) => p !== "linux");
  await Promise.all([...network, "linux"].map((p) => ensurePlatform(p).catch(() => undefined)));
  const platforms = network.filter((p) => hasPlatform(p));
  const missing = network.filter((p) => !hasPlatform(p));
  if (platforms.length === 0) {
    output.err(
      "patchbay demo: no platform plugin is installed; install @patchbay/platform-cisco-ios (or another).",
    );
    return EXIT.usage;
  }
  output.out(
    c.bold(`Patchbay demo: starting ${count} simulated devices (${platforms.join(", ")}) on 127.0.0.1…`),
  );
  if (missing.length > 0) output.out(c.dim(`(no plugin installed for ${missing.join(", ")}; skipped)`));
  const fleet = await startSimFleet(count, platforms);
  const backupDir = keep ?? (await mkdtemp(join(tmpdir(), "patchbay-demo-")));
  const keysDir = await mkdtemp(join(tmpdir(), "patchbay-demo-keys-"));
  let failures = 0;
  try {
    const withLocal = hasPlatform("linux");
    const knownHostsPath = join(keysDir, "known_hosts");
    await writeSimKnownHosts(fleet, knownHostsPath);
    const inventory: Inventory = await parseFleet(
      fleetYaml(fleet, { knownHostsPath, extraHosts: withLocal ? ['"@local": {}'] : [] }),
      "demo-fleet.yaml",
    );
    output.addSecrets(fleetSecrets(inventory, inventory.hosts));
    const all = inventory.hosts;
    const sims = all.filter((h) => h.connector !== "local");
    const options: FleetOptions = { parallel: "10", timeout: "60" };
    const section = (title: string): void => output.out(`\n${c.bold(c.cyan(`== ${title}`))}`);

    section(`facts: ${all.length} hosts`);
    failures += await runStep(output, all, "facts", options);

    section(`backup: running configurations into ${backupDir}`);
    failures += await runStep(output, sims, "backup", options, { out: backupDir });

    // One device per platform, so the change shows in each platform's own syntax.
    const changing = platforms
      .map((p) => sims.find((h) => h.device.platform === p))
      .filter(
        (h): h is InventoryHost => h !== undefined && CHANGE[h.device.platform as SimPlatform] !== undefined,
      );
    section(`config change on ${changing.length} devices: commit, then the diff`);
    failures += await runStep(output, changing, "config", options, {
      change: (host: InventoryHost) => CHANGE[host.device.platform as SimPlatform] ?? "",
    });

    section("backup again: only the changed devices differ");
    failures += await runStep(output, sims, "backup", options, { out: backupDir });

    if (withLocal) {
      section("shell on this machine (@local), pyinfra style");
      failures += await runStep(
        output,
        all.filter((h) => h.connector === "local"),
        "shell",
        options,
        {
          command: "uname -sr && id -un",
        },
      );
    }
  } catch (error) {
    for (const line of errorLines(error, output.debug)) output.err(line);
    failures++;
  } finally {
    await fleet.close();
    await rm(keysDir, { recursive: true, force: true });
    if (keep === undefined) await rm(backupDir, { recursive: true, force: true });
  }
  output.out(
    failures === 0
      ? c.green(c.bold("\nDemo complete: every step succeeded."))
      : c.red(c.bold(`\nDemo finished with failures in ${failures} step(s).`)),
  );
  return failures === 0 ? EXIT.ok : EXIT.someFailed;
}
