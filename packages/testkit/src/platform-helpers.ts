import type { ConfigRead, ConfigWrite, LoadConfigOptions } from "@patchbay/capabilities";
import { isPatchbayError } from "@patchbay/core";
import { describe, expect, it } from "vitest";

/** What {@link previewThenCommit} saw: the preview's diff and the commit's real one. */
export interface PreviewAndCommit {
  preview: string;
  committed: string;
}

/**
 * Loads `change`, takes the preview diff, discards it, then loads it again and commits: the two
 * diffs a platform test compares (the preview must be what the commit does, for merge and replace).
 */
export async function previewThenCommit(
  device: ConfigWrite,
  change: Omit<LoadConfigOptions, "signal" | "timeoutMs">,
): Promise<PreviewAndCommit> {
  await device.loadConfig(change);
  const preview = await device.compareConfig();
  await device.discardConfig();
  await device.loadConfig(change);
  const committed = (await device.commitConfig()).diff;
  return { preview, committed };
}

/** A diff's changed lines (`+x`/`-x`), without headers and context: what two diffs must agree on. */
export function changedLines(diff: string): string[] {
  return diff.split("\n").filter((l) => /^[+-]/.test(l) && !/^(\+\+\+|---) /.test(l));
}

/** Something whose configuration changes can be watched (a simulator's device state). */
export interface ChangeSource {
  subscribe(listener: (change: { kind: string; source: string }) => void): () => void;
  /** Whether a confirmed commit waits for its confirmation (the simulator says). */
  readonly pendingConfirmation?: boolean;
}

/** Resolves on the next change whose source is `source` (a confirmed commit's timeout, say). */
export function nextChange(state: ChangeSource, source: string): Promise<void> {
  return new Promise((resolve) => {
    const stop = state.subscribe((change) => {
      if (change.source !== source) return;
      stop();
      resolve();
    });
  });
}

/** Counts configuration changes from now on (to prove that nothing was sent). */
export function countChanges(state: ChangeSource): { readonly count: number; stop: () => void } {
  let count = 0;
  const stop = state.subscribe(() => {
    count++;
  });
  return {
    get count() {
      return count;
    },
    stop,
  };
}

/** One platform's configuration transaction, as {@link describeConfigTransaction} checks it. */
export interface TransactionTarget {
  /** Connects to the device (a simulator) with ConfigRead and ConfigWrite. */
  connect(): Promise<ConfigRead & ConfigWrite & AsyncDisposable>;
  /** The device's state (read when a test runs), watched for the confirmed commit that rolls back by itself. */
  state?: () => ChangeSource;
  /** A merge that adds `marker` somewhere visible in the running configuration. */
  merge(marker: string): string;
  /** The running configuration as a whole-configuration text with `marker`'s lines removed; undefined: no replace. */
  replace?(running: string, marker: string): string;
  /** The format changes are loaded in. @default the platform's */
  format?: LoadConfigOptions["format"];
  /** A timeout the platform takes for a confirmed commit that the test lets expire (Junos counts minutes). */
  confirmSeconds?: number;
  /** Whether rollback is supported. */
  rollback?: boolean;
}

/**
 * The configuration transaction of a platform's CLI plugin against its simulator: the preview equals
 * the committed diff for merge and replace, replace removes what the text lacks, a confirmed commit
 * not confirmed rolls back by itself and a confirmed one stays, rollback numbers shift with every
 * commit. What the target leaves out must be refused with `UNSUPPORTED_OPERATION`.
 */
export function describeConfigTransaction(name: string, target: TransactionTarget): void {
  const format = target.format !== undefined ? { format: target.format } : {};
  const load = (config: string, mode: "merge" | "replace" = "merge") => ({ config, mode, ...format });
  const marker = (n: string) => `pbtx${n}${process.pid}`;
  describe(`${name}: configuration transaction`, () => {
    it("previews a merge exactly as the commit applies it", async () => {
      await using device = await target.connect();
      const { preview, committed } = await previewThenCommit(device, load(target.merge(marker("m"))));
      expect(changedLines(committed).length).toBeGreaterThan(0);
      expect(changedLines(committed)).toEqual(changedLines(preview));
      expect((await device.getConfig()).config).toContain(marker("m"));
    });

    if (target.replace !== undefined) {
      const replace = target.replace;
      it("replaces: the preview is the commit, and what the text lacks is removed", async () => {
        await using device = await target.connect();
        await device.loadConfig(load(target.merge(marker("r"))));
        await device.commitConfig();
        const running = (await device.getConfig()).config;
        expect(running).toContain(marker("r"));
        const { preview, committed } = await previewThenCommit(
          device,
          load(replace(running, marker("r")), "replace"),
        );
        expect(changedLines(committed).length).toBeGreaterThan(0);
        expect(changedLines(committed)).toEqual(changedLines(preview));
        expect((await device.getConfig()).config).not.toContain(marker("r"));
      });
    } else {
      it("refuses a replace before anything is sent", async () => {
        await using device = await target.connect();
        const error = await device.loadConfig(load("x", "replace")).catch((e: unknown) => e);
        expect(isPatchbayError(error, "UNSUPPORTED_OPERATION"), String(error)).toBe(true);
      });
    }

    const seconds = target.confirmSeconds;
    if (seconds !== undefined && target.state !== undefined) {
      const state = target.state;
      it("rolls a confirmed commit back by itself when it is not confirmed in time", async () => {
        await using device = await target.connect();
        await device.loadConfig(load(target.merge(marker("t"))));
        const expired = nextChange(state(), "confirm-timeout");
        const result = await device.commitConfig({ confirmTimeoutSeconds: seconds });
        expect(result.pendingConfirmation).toBe(true);
        expect((await device.getConfig()).config).toContain(marker("t"));
        await expired;
        expect((await device.getConfig()).config).not.toContain(marker("t"));
      });

      it("keeps a confirmed commit that is confirmed", async () => {
        await using device = await target.connect();
        await device.loadConfig(load(target.merge(marker("c"))));
        await device.commitConfig({ confirmTimeoutSeconds: seconds });
        expect(state().pendingConfirmation).toBe(true);
        await device.confirmCommit();
        // Confirmed: no timer is left to take it back, and later commits build on it.
        expect(state().pendingConfirmation).toBe(false);
        await device.loadConfig(load(target.merge(marker("d"))));
        await device.commitConfig();
        expect((await device.getConfig()).config).toContain(marker("d"));
        expect(await device.compareConfig()).toBe("");
      });
    } else {
      it("refuses a confirmed commit before anything is sent", async () => {
        await using device = await target.connect();
        await device.loadConfig(load(target.merge(marker("n"))));
        const before = (await device.getConfig()).config;
        const error = await device.commitConfig({ confirmTimeoutSeconds: 60 }).catch((e: unknown) => e);
        expect(isPatchbayError(error, "UNSUPPORTED_OPERATION"), String(error)).toBe(true);
        expect((await device.getConfig()).config).toBe(before);
      });
    }

    if (target.rollback) {
      it("rolls back one and two commits, the numbers shifting with every commit", async () => {
        await using device = await target.connect();
        for (const n of ["1", "2"]) {
          await device.loadConfig(load(target.merge(marker(`b${n}`))));
          await device.commitConfig();
        }
        expect((await device.getConfig()).config).toContain(marker("b2"));
        await device.rollback({ steps: 1 });
        const one = (await device.getConfig()).config;
        expect(one).toContain(marker("b1"));
        expect(one).not.toContain(marker("b2"));
        await device.loadConfig(load(target.merge(marker("b3"))));
        await device.commitConfig();
        // Two back from here: before b3 and before the rollback (platforms that count the rollback as
        // a commit give b2 back, checkpoint platforms b1); never b3.
        await device.rollback({ steps: 2 });
        const two = (await device.getConfig()).config;
        expect(two).not.toContain(marker("b3"));
        expect(two.includes(marker("b1")) || two.includes(marker("b2"))).toBe(true);
        const error = await device.rollback({ steps: 0 }).catch((e: unknown) => e);
        expect(isPatchbayError(error, "UNSUPPORTED_OPERATION"), String(error)).toBe(true);
      });
    } else {
      it("refuses a rollback before anything is sent", async () => {
        await using device = await target.connect();
        const error = await device.rollback({ steps: 1 }).catch((e: unknown) => e);
        expect(isPatchbayError(error, "UNSUPPORTED_OPERATION"), String(error)).toBe(true);
      });
    }
  });
}
