import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseInventory } from "../inventory.ts";
import { compileGlob } from "./glob.ts";

const RUNS = Number(process.env.PATCHBAY_FUZZ_RUNS ?? 300);

/** The old way (a RegExp), as a reference on short inputs where backtracking costs nothing. */
function reference(pattern: string, name: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, "[^]*")
    .replace(/\?/g, "[^]");
  return new RegExp(`^${source}$`).test(name);
}

describe("glob matching", () => {
  it("matches *, ? and literal characters", () => {
    expect(compileGlob("web*")("web1")).toBe(true);
    expect(compileGlob("web*")("db1")).toBe(false);
    expect(compileGlob("*.lab")("r1.lab")).toBe(true);
    expect(compileGlob("r?.lab")("r1.lab")).toBe(true);
    expect(compileGlob("r?.lab")("r12.lab")).toBe(false);
    expect(compileGlob("a*a")("a")).toBe(false);
    expect(compileGlob("*")("")).toBe(true);
    expect(compileGlob("r1")("r1")).toBe(true);
  });

  it("agrees with a regular expression on every pattern and name (property)", () => {
    const text = fc.string({ unit: fc.constantFrom("a", "b", "c", "*", "?", "."), maxLength: 12 });
    fc.assert(
      fc.property(text, fc.string({ unit: fc.constantFrom("a", "b", "c", "."), maxLength: 16 }), (p, n) => {
        expect(compileGlob(p)(n)).toBe(reference(p, n));
      }),
      { seed: 16_013, numRuns: RUNS },
    );
  });

  it("takes steps linear in the name's length, for any pattern (counted, property)", () => {
    const pattern = fc.string({ unit: fc.constantFrom("a", "b", "*", "?"), minLength: 1, maxLength: 24 });
    fc.assert(
      fc.property(
        pattern,
        fc.integer({ min: 1, max: 4_000 }),
        fc.constantFrom("a", "b", "ab"),
        (p, n, unit) => {
          const match = compileGlob(p);
          match(unit.repeat(n));
          expect(match.steps).toBeLessThanOrEqual((p.length + 1) * (unit.length * n + 1));
        },
      ),
      { seed: 16_014, numRuns: Math.min(RUNS, 200) },
    );
  });

  it("matches the hostile pattern of the issue in linear steps: doubling the name doubles the work", () => {
    const steps = [1_000, 2_000, 4_000, 8_000].map((n) => {
      const match = compileGlob("*a*a*a*a*a*a*a*a*a*a*c");
      match("a".repeat(n));
      return match.steps;
    });
    for (let i = 1; i < steps.length; i++)
      expect((steps[i] as number) / (steps[i - 1] as number)).toBeLessThan(2.2);
  });

  it("selects with the issue's pattern against 40-character names (a RegExp backtracked for 32 s)", async () => {
    const names = ["a".repeat(40), `${"a".repeat(39)}c`];
    const inventory = await parseInventory(`defaults: { platform: linux }\nhosts: [${names.join(", ")}]`, {
      file: "/tmp/fleet.yaml",
      env: {},
    });
    expect(inventory.select("*a*a*a*a*a*a*a*a*a*a*c").map((h) => h.name)).toEqual([names[1]]);
  });
});
