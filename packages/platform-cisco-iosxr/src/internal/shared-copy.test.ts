import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

// These files are copies of platform-juniper-junos's until they move into @patchbay/netconf; the
// packages are independent, so neither imports the other. Edit both, or neither.
describe("the NETCONF helpers copied from platform-juniper-junos", () => {
  for (const file of ["netconf-config-plugin.ts", "ietf-facts.ts"]) {
    it(`keeps ${file} identical to the original`, () => {
      const copy = readFileSync(resolve(import.meta.dirname, file), "utf8");
      const original = readFileSync(
        resolve(import.meta.dirname, "../../../platform-juniper-junos/src", file),
        "utf8",
      );
      expect(copy).toBe(original);
    });
  }
});
