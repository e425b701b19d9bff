// Shared settings of the property tests: fixed seeds and bounded runs in the unit suite; the fuzz
// script (scripts/fuzz.mjs) multiplies the runs and picks the seed through the environment.
import type { Parameters } from "fast-check";

/** Multiplies every property's runs: 1 in the unit suite, large in a fuzz run. */
const FACTOR: number = Number(process.env.NETCONF_FUZZ_FACTOR ?? 1);
/** The seed: fixed unless a fuzz run says otherwise (fast-check prints the seed of any failure). */
export const SEED: number = Number(process.env.NETCONF_FUZZ_SEED ?? 6241);

export function params<T>(runs = 150): Parameters<T> {
  return { numRuns: Math.round(runs * FACTOR), seed: SEED, endOnFailure: true };
}

/** Cut points of `length` characters: every boundary when short, else about `every` spread ones. */
export function cutsOf(length: number, every = 600): number[] {
  if (length <= every) return Array.from({ length: length + 1 }, (_, i) => i);
  const step = Math.max(1, Math.floor(length / every));
  const out: number[] = [];
  for (let i = 0; i <= length; i += step) out.push(i);
  out.push(length);
  return out;
}
