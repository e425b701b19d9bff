import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InventoryError } from "./errors.ts";
import { parseInventory } from "./inventory.ts";

// Fixed seeds and bounded runs here; `pnpm --filter @patchbay/inventory fuzz` runs the same
// properties with PATCHBAY_FUZZ_RUNS=5000 (and a random seed when PATCHBAY_FUZZ_SEED=random).
const RUNS = Number(process.env.PATCHBAY_FUZZ_RUNS ?? 60);
// Generous: the bound is the run count; a loaded CI machine must not turn it into a flaky test.
const TIMEOUT_MS = Math.max(30_000, RUNS * 100);
const seed = (fixed: number): number | undefined =>
  process.env.PATCHBAY_FUZZ_SEED === "random" ? undefined : fixed;

const FLEET = `parallelism: 5
defaults:
  username: ops
  password: { env: FLEET_PW }
  data: { ssh: { hostKeyPolicy: strict }, site: &site lab }
groups:
  core:
    platform: cisco_ios
    data: { enableSecret: { env: FLEET_PW }, where: *site }
    hosts: ["@ssh/r1.lab", r2.lab, { name: r3, port: 2222 }]
  edge: { platform: frr, hosts: [e1] }
hosts:
  "@local": {}
  r4: { platform: arista_eos, groups: [core], data: { tags: [a, b] } }
  "@netconf/10.0.0.9": { platform: juniper_junos }
`;

/** Only an InventoryError, whose every issue names the file and, when it has a line, a real one. */
async function onlyTypedErrors(text: string): Promise<void> {
  const lines = text.split("\n").length;
  try {
    await parseInventory(text, { file: "/tmp/fuzz.yaml", env: { FLEET_PW: "pw-123" } });
  } catch (error) {
    if (!(error instanceof InventoryError)) throw error;
    for (const issue of error.issues) {
      expect(issue.file).toBe("/tmp/fuzz.yaml");
      if (issue.line !== undefined) expect(issue.line).toBeLessThanOrEqual(lines + 1);
    }
  }
}

const TOKENS = [
  "[",
  "]",
  "{",
  "}",
  ":",
  ",",
  "-",
  "&a",
  "*a",
  "*b",
  "!!str",
  "|",
  ">",
  "'",
  '"',
  "#",
  "\n",
  "  ",
  "? ",
  "<<: *a",
  "{ env: X }",
  "{ file: /dev/zero }",
  "..",
  "@x/",
  "\t",
  "\u0000",
  "%YAML 1.2\n---\n",
];

describe("the fleet-file parser under mutation (property)", { timeout: TIMEOUT_MS }, () => {
  it("accepts the unmutated fleet", async () => {
    const inventory = await parseInventory(FLEET, { file: "/tmp/fuzz.yaml", env: { FLEET_PW: "pw-123" } });
    expect(inventory.hosts).toHaveLength(7);
  });

  it("gives only typed errors when characters are inserted, deleted or replaced", async () => {
    const edit = fc.record({
      at: fc.nat({ max: FLEET.length }),
      remove: fc.nat({ max: 8 }),
      insert: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 6 })),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 4 }), async (edits) => {
        let text = FLEET;
        for (const e of edits) text = text.slice(0, e.at) + e.insert + text.slice(e.at + e.remove);
        await onlyTypedErrors(text);
      }),
      { seed: seed(16_101), numRuns: RUNS },
    );
  });

  it("gives only typed errors when the file is cut at any point", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: FLEET.length }), async (cut) => onlyTypedErrors(FLEET.slice(0, cut))),
      { seed: seed(16_102), numRuns: Math.min(RUNS, FLEET.length + 1) },
    );
  });

  it("gives only typed errors for alias bombs of any shape", async () => {
    const bomb = fc.record({
      levels: fc.integer({ min: 2, max: 12 }),
      width: fc.integer({ min: 2, max: 12 }),
    });
    await fc.assert(
      fc.asyncProperty(bomb, async ({ levels, width }) => {
        let text = "defaults:\n  data:\n    l0: &l0 [x]\n";
        for (let i = 1; i < levels; i++)
          text += `    l${i}: &l${i} [${Array(width)
            .fill(`*l${i - 1}`)
            .join(", ")}]\n`;
        await onlyTypedErrors(text);
      }),
      { seed: seed(16_103), numRuns: Math.min(RUNS, 60) },
    );
  });

  it("gives only typed errors for deep nesting, flow or block, anywhere in the file", async () => {
    const nesting = fc.record({
      depth: fc.integer({ min: 1, max: 400 }),
      open: fc.constantFrom("[", "{a: ", "- "),
      where: fc.constantFrom("defaults:\n  data:\n    x: ", "hosts:\n  r1:\n    data:\n      x: "),
    });
    await fc.assert(
      fc.asyncProperty(nesting, async ({ depth, open, where }) => {
        const close = open === "[" ? "]" : open === "{a: " ? "}" : "";
        const body =
          open === "- "
            ? `\n${Array.from({ length: depth }, (_, i) => `${" ".repeat(6 + i * 2)}- `).join("\n")}1`
            : `${open.repeat(depth)}1${close.repeat(depth)}`;
        await onlyTypedErrors(`${where}${body}\n`);
      }),
      { seed: seed(16_104), numRuns: Math.min(RUNS, 40) },
    );
  });
});
