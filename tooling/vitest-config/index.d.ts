import type { UserConfig } from "vitest/config";
export interface PackageConfigOptions {
  /** Per-test and per-hook timeout of the integration project. @default 60000 */
  integrationTimeoutMs?: number;
}
export declare function definePackageConfig(options?: PackageConfigOptions): UserConfig;
