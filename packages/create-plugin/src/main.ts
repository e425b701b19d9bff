#!/usr/bin/env node
// `pnpm create @patchbay/plugin <platform> [--scope @acme] [--like cisco_iosxe] [--dir DIR] [--force]`
import { parseArgs } from "node:util";
import { BASE_PLATFORMS, generatePluginPackage } from "./generate.ts";

const USAGE = `Usage: create-plugin <platform> [--scope @acme] [--like ${BASE_PLATFORMS.join("|")}] [--dir DIR] [--force]

Creates a Patchbay platform plugin package (patchbay-platform-<platform>) with an SSH CLI plugin,
conformance tests against the simulator, and a README.`;

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (error) {
    console.error(`create-plugin: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const platform = positionals[0];
  if (platform === undefined || positionals.length > 1) {
    console.error(`create-plugin: give exactly one platform id.\n\n${USAGE}`);
    return 2;
  }
  try {
    const created = await generatePluginPackage({
      platform,
      ...(values.scope !== undefined ? { scope: values.scope } : {}),
      ...(values.like !== undefined ? { like: values.like } : {}),
      ...(values.dir !== undefined ? { directory: values.dir } : {}),
      force: values.force ?? false,
    });
    console.log(`Created ${created.name} in ${created.directory}:`);
    for (const file of created.files) console.log(`  ${file}`);
    console.log("\nNext: npm install && npm run build && npm test");
    return 0;
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
}

function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      scope: { type: "string" },
      like: { type: "string" },
      dir: { type: "string" },
      force: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}

process.exitCode = await main();
