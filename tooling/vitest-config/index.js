// Plain JavaScript: vitest loads workspace presets through Node, which cannot run .ts on Node 20.
import { defineConfig } from "vitest/config";

const conditions = ["@patchbay/source", "node", "import", "default"];

/**
 * The package preset. `unit` runs `src/**\/*.test.ts`; `integration` runs `test/integration/**\/*.test.ts`
 * (tests that start servers). Select one with `vitest run --project unit`.
 * @param {{ integrationTimeoutMs?: number }} [options]
 */
export function definePackageConfig(options = {}) {
  const integrationTimeoutMs = options.integrationTimeoutMs ?? 60_000;
  return defineConfig({
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: ["@patchbay/source"] } },
    test: {
      projects: [
        {
          extends: true,
          test: {
            name: "unit",
            include: ["src/**/*.test.ts"],
            environment: "node",
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
