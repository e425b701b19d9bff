import { definePackageConfig } from "@patchbay/vitest-config";

export default definePackageConfig();
