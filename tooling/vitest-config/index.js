// Plain JavaScript: vitest loads workspace presets through Node, which cannot run .ts on Node 20.
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

const conditions = ["@patchbay/source", "node", "import", "default"];

/**
 * The package preset. `unit` runs `src/**\/*.test.ts`; `integration` runs `test/integration/**\/*.test.ts`
 * (tests that start servers). Select one with `vitest run --project unit`.
 * @param {{ integrationTimeoutMs?: number }} [options]
 */
export function definePackageConfig(options = {}) {
  const integrationTimeoutMs = options.integrationTimeoutMs ?? 60_000;
  const reporting = summaryReporting();
  return defineConfig({
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: ["@patchbay/source"] } },
    test: {
      ...reporting,
      projects: [
        {
          extends: true,
          test: {
            name: "unit",
            include: ["src/**/*.test.ts"],
            environment: "node",
            // A hang guard, not a measure: turbo runs several packages' unit tests at once on 2 cores,
            // and bounded property tests or a real `sh` overran vitest's 5 s default under that load.
            testTimeout: 30_000,
          },
        },
        {
          extends: true,
          test: {
            name: "integration",
            include: ["test/integration/**/*.test.ts"],
            environment: "node",
            testTimeout: integrationTimeoutMs,
            hookTimeout: integrationTimeoutMs,
          },
        },
      ],
    },
  });
}

/**
 * Reporter options that also write a JSON report into $PATCHBAY_TEST_SUMMARY_DIR when it is set: the
 * root test command adds every package's reports up into one closing line ("N passed, N failed").
 */
export function summaryReporting() {
  const summaryDir = process.env.PATCHBAY_TEST_SUMMARY_DIR;
  if (!summaryDir) return {};
  return { reporters: ["default", "json"], outputFile: { json: join(summaryDir, `${randomUUID()}.json`) } };
}
