// The long run of the NETCONF property tests (framing and reply scanner): the same properties as the
// unit suite with many more runs and a fresh seed. Usage: node scripts/fuzz.mjs [factor] [seed]
// (default factor 40, seed from the clock). A failure prints its seed and counterexample; replay it
// with the same seed.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const factor = process.argv[2] ?? "40";
const seed = process.argv[3] ?? String(Date.now() % 2_147_483_647);
console.log(`NETCONF fuzz: factor ${factor}, seed ${seed}`);
const result = spawnSync(
  "pnpm",
  ["exec", "vitest", "run", "--project", "unit", "--testTimeout=3600000", "property.test"],
  {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    stdio: "inherit",
    env: { ...process.env, NETCONF_FUZZ_FACTOR: factor, NETCONF_FUZZ_SEED: seed },
  },
);
if (result.status !== 0) console.error(`fuzz failed: replay with node scripts/fuzz.mjs ${factor} ${seed}`);
process.exitCode = result.status ?? 1;
