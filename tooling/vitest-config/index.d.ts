import type { UserConfig } from "vitest/config";
export interface PackageConfigOptions {
  /** Per-test and per-hook timeout of the integration project. @default 60000 */
  integrationTimeoutMs?: number;
}
export declare function definePackageConfig(options?: PackageConfigOptions): UserConfig;
/** Reporter options adding a JSON report into $PATCHBAY_TEST_SUMMARY_DIR when set; empty otherwise. */
export declare function summaryReporting(): { reporters?: string[]; outputFile?: { json: string } };
