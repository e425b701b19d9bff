import { type CliSteps, type ConfigDialect, type RollbackDialect, splitLines } from "@patchbay/driver/ssh";

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Rollback through the checkpoint this plugin saves before each commit (`checkpoint NAME`). */
function checkpoints(prefix: string): RollbackDialect {
  return {
    maxSteps: 10,
    async beforeCommit(cli: CliSteps) {
      await cli.exec([`checkpoint ${prefix}-ckp-${String(Date.now()).padStart(13, "0")}`]);
    },
    async rollback(steps, cli) {
      const [summary = ""] = await cli.exec(["show checkpoint summary"]);
      const mine = [...summary.matchAll(new RegExp(`^\\d+\\) (${escapeRegExp(prefix)}-ckp-\\d{13}):`, "gm"))]
        .map((m) => m[1] as string)
        .sort()
        .reverse();
      const name = mine[steps - 1];
      if (name === undefined) {
        cli.fail(
          `only ${mine.length} checkpoints of earlier commits are on the device, not ${steps}; nothing was changed.`,
        );
      }
      const [done = ""] = await cli.exec([`rollback running-config checkpoint ${name}`]);
      if (!/Rollback completed successfully/i.test(done)) {
        cli.fail(`the rollback to checkpoint ${name} did not complete: ${done.trim().slice(-200)}`);
      }
    },
  };
}

/**
 * NX-OS: with configuration sessions the change and `commit` go into a fresh `configure session`
 * (a rejected line aborts it: nothing is applied); without, lines are applied one by one. A replace
 * removes what the new text lacks (computed against the running configuration) in the same visit.
 * No confirmed commit over the CLI (`configure replace ... commit-timeout` needs a file on bootflash).
 * Rollback returns to the checkpoint saved before each commit.
 */
export function nxosDialect(sessions: boolean, sessionPrefix: string): ConfigDialect {
  return {
    entry: sessions ? "session" : "lines",
    sessionPrefix,
    split: splitLines,
    abort: ["abort"],
    commit: () => ["commit"],
    replace: { how: "diff", keep: /^(!.*|end|version\s.*)$/ },
    rollback: checkpoints(sessionPrefix),
  };
}
