// Differential fuzz against Python TextFSM: generated templates and mutated inputs, fixed seed, all
// cases answered by one python3 process. `pnpm --filter @patchbay/textfsm fuzz` runs a larger set.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compare, type Outcome, shrink } from "../compare.ts";
import { caseArb } from "../gen.ts";
import { type OracleParseResult, oracleParse } from "../oracle.ts";

const RUNS = Number(process.env.PATCHBAY_TEXTFSM_FUZZ_RUNS ?? 3000);
const SEED = Number(process.env.PATCHBAY_TEXTFSM_FUZZ_SEED ?? 20261202);

describe("differential fuzz against Python TextFSM", () => {
  it(
    `gives Python's rows and errors on ${RUNS} generated templates and inputs (seed ${SEED})`,
    () => {
      const cases = fc.sample(caseArb, { seed: SEED, numRuns: RUNS });
      const outcomes: Outcome[] = [];
      for (let at = 0; at < cases.length; at += 5000) {
        const batch = cases.slice(at, at + 5000);
        const py = oracleParse(batch);
        batch.forEach((c, i) => {
          outcomes.push(compare(c.template, c.text, py[i] as OracleParseResult));
        });
      }
      const count = (k: Outcome["kind"]): number => outcomes.filter((o) => o.kind === k).length;
      const firstDiff = outcomes.findIndex((o) => o.kind === "diff");
      const summary = {
        same: count("same"),
        refused: count("refused"),
        pythonCrash: count("python-crash"),
        diff: count("diff"),
      };
      process.stdout.write(`textfsm fuzz: ${JSON.stringify(summary)}\n`);
      if (firstDiff >= 0) {
        const c = cases[firstDiff] as { template: string; text: string };
        const small = shrink(c.template, c.text);
        expect.fail(
          `${summary.diff} of ${RUNS} cases differ. Smallest reproduction:\n--- template\n${small.template}\n--- text\n${JSON.stringify(small.text)}\n${small.detail}`,
        );
      }
      // The generator stays inside what JavaScript can match, so nothing is refused.
      expect(summary.refused).toBe(0);
      // Most generated templates are valid and produce rows; a generator drift would show here.
      expect(summary.same).toBeGreaterThan(RUNS * 0.9);
      // A few seconds per thousand cases on an idle machine; generous for a loaded one.
    },
    Math.max(300_000, RUNS * 100),
  );
});
