import type { CliSteps, ConfigDialect } from "@patchbay/driver/ssh";

/** Checkpoints this plugin saves before each commit: `<prefix>-ckp-<13-digit ms>`, so names sort by time. */
function checkpointName(prefix: string): string {
  return `${prefix}-ckp-${String(Date.now()).padStart(13, "0")}`;
}

function hms(seconds: number): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
}

async function pendingSession(cli: CliSteps): Promise<string | undefined> {
  const [sessions = ""] = await cli.exec(["show configuration sessions"]);
  return /^\s*(\S+)\s+pendingCommitTimer\b/m.exec(sessions)?.[1];
}

/**
 * EOS spells the transaction with configuration sessions: the change goes into a fresh session,
 * `show session-config` previews it, `commit` (or `commit timer HH:MM:SS`) applies it. A replace
 * starts the session with `rollback clean-config`. Before each commit a checkpoint is saved, and a
 * rollback replaces the running configuration with the checkpoint of `steps` commits ago.
 */
export function eosDialect(sessionPrefix: string): ConfigDialect {
  return {
    entry: "session",
    sessionPrefix,
    showCandidate: "show session-config",
    abort: ["abort"],
    commit: (spec) => [
      spec.confirmSeconds !== undefined ? `commit timer ${hms(spec.confirmSeconds)}` : "commit",
    ],
    save: { command: "write memory", ok: /Copy completed successfully/ },
    replace: { how: "prelude", prelude: ["rollback clean-config"] },
    confirm: {
      maxSeconds: 24 * 3600 - 1,
      async confirm(cli) {
        const session = await pendingSession(cli);
        if (session === undefined)
          cli.fail("no configuration session waits for its commit timer, so there is nothing to confirm.");
        await cli.exec([`configure session ${session} commit`]);
      },
    },
    rollback: {
      maxSteps: 20,
      async beforeCommit(cli) {
        await cli.exec([`configure checkpoint save ${checkpointName(sessionPrefix)}`]);
      },
      async rollback(steps, cli) {
        const [listing = ""] = await cli.exec(["show configuration checkpoints"]);
        const mine = [
          ...listing.matchAll(new RegExp(`^(${escapeRegExp(sessionPrefix)}-ckp-\\d{13})\\b`, "gm")),
        ]
          .map((m) => m[1] as string)
          .sort()
          .reverse();
        const name = mine[steps - 1];
        if (name === undefined) {
          cli.fail(
            `only ${mine.length} checkpoints of earlier commits are on the device, not ${steps}; nothing was changed.`,
          );
        }
        await cli.exec([`configure replace checkpoint:${name}`]);
      },
    },
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
