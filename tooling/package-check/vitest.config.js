import { summaryReporting } from "@patchbay/vitest-config";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    ...summaryReporting(),
    include: ["src/**/*.test.js"],
    environment: "node",
    // Each check packs the fixture twice (pnpm for publint, npm for attw).
    testTimeout: 180_000,
  },
});
