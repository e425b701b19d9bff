#!/usr/bin/env node
import { parseArgs } from "node:util";
import { startFleet } from "./fleet.ts";
import { SIM_PLATFORMS, type SimPlatform } from "./types.ts";

const USAGE = `Usage: patchbay-devsim [--devices N] [--platforms a,b] [--host H] [--base-port P] [--json]

Starts simulated network devices (SSH) and prints their inventory; runs until SIGINT/SIGTERM.

  --devices N       number of devices (default 1)
  --platforms a,b   platforms to cycle through (default all: ${SIM_PLATFORMS.join(",")})
  --host H          listen address (default 127.0.0.1)
  --base-port P     device i listens on P+i (default: free ports)
  --username U      login user (default admin)
  --password P      login password (default admin)
  --http            give every device an HTTPS server (eAPI JSON-RPC, NX-API, RESTCONF)
  --netconf-routes N  generated routes in every device's NETCONF data (large replies)
  --json            print the inventory as one JSON document (default: a table and the JSON)
`;

function fail(message: string): never {
  process.stderr.write(`patchbay-devsim: ${message}\n\n${USAGE}`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values: ReturnType<typeof parse>["values"];
  function parse() {
    return parseArgs({
      options: {
        devices: { type: "string", default: "1" },
        platforms: { type: "string" },
        host: { type: "string", default: "127.0.0.1" },
        "base-port": { type: "string" },
        username: { type: "string" },
        password: { type: "string" },
        json: { type: "boolean", default: false },
        http: { type: "boolean", default: false },
        "netconf-routes": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
    });
  }
  try {
    values = parse().values;
  } catch (err) {
    fail((err as Error).message);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const count = Number(values.devices);
  if (!Number.isInteger(count) || count < 1)
    fail(`--devices must be a positive whole number, got "${values.devices}"`);
  const platforms = values.platforms?.split(",").map((p) => p.trim()) ?? [];
  for (const p of platforms) {
    if (!SIM_PLATFORMS.includes(p as SimPlatform)) fail(`unknown platform "${p}"`);
  }
  const basePort = values["base-port"] === undefined ? 0 : Number(values["base-port"]);
  if (!Number.isInteger(basePort) || basePort < 0 || basePort > 65535)
    fail("--base-port must be a port number");

  const routes = values["netconf-routes"] === undefined ? undefined : Number(values["netconf-routes"]);
  if (routes !== undefined && (!Number.isInteger(routes) || routes < 0))
    fail("--netconf-routes must be a whole number");
  const fleet = await startFleet({
    ...(values.http ? { http: true } : {}),
    ...(routes !== undefined ? { netconf: { routes } } : {}),
    count,
    platforms: platforms as SimPlatform[],
    host: values.host ?? "127.0.0.1",
    basePort,
    ...(values.username === undefined ? {} : { username: values.username }),
    ...(values.password === undefined ? {} : { password: values.password }),
  });
  const inventory = fleet.toInventory();
  if (values.json) {
    process.stdout.write(`${JSON.stringify(inventory, null, 2)}\n`);
  } else {
    for (const d of inventory.devices) {
      process.stdout.write(
        `${d.name.padEnd(8)} ${d.platform.padEnd(14)} ssh -p ${d.port} ${d.username}@${d.host}\n`,
      );
    }
    process.stdout.write(`${JSON.stringify(inventory)}\n`);
  }

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    fleet.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`patchbay-devsim: close failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`patchbay-devsim: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
