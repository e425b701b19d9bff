import type { CommandResult } from "../internal/engine.ts";
import type { DeviceState } from "../state.ts";

type Handlers = Record<string, (args: string[]) => CommandResult>;

function saveCheckpoint(state: DeviceState, name: string): void {
  state.checkpoints.delete(name);
  state.checkpoints.set(name, { tree: state.snapshot(), created: new Date() });
}

/** EOS: checkpoints, `configure replace checkpoint:NAME`, and confirming or aborting a `commit timer`. */
export function eosTransactions(state: DeviceState): Handlers {
  return {
    "configure checkpoint save <word>": ([name]) => {
      saveCheckpoint(state, name!);
      return {};
    },
    "show configuration checkpoints": () => {
      const rows = [...state.checkpoints.entries()].map(
        ([name, c]) => `${name.padEnd(40)} ${c.created.toISOString().slice(0, 19).replace("T", " ")}   admin`,
      );
      return {
        output: `Maximum number of checkpoints: 20\nFilename                                 Date                  User\n${"-".repeat(40)} ------------------- -----\n${rows.join("\n")}\n`,
      };
    },
    "configure replace <word>": ([source]) => {
      const name = /^checkpoint:(.+)$/.exec(source!)?.[1];
      const checkpoint = name === undefined ? undefined : state.checkpoints.get(name);
      if (checkpoint === undefined) {
        return { output: `% Error copying ${source} to running-config (File not found)\n`, exitCode: 1 };
      }
      state.commit(checkpoint.tree);
      return {};
    },
    "configure session <word> commit": ([name]) => {
      if (state.pendingLabel !== name || !state.confirm())
        return { output: `% Error: session ${name} has no pending commit timer\n`, exitCode: 1 };
      return {};
    },
    "show configuration sessions": () => {
      const pending = state.pendingLabel;
      const row =
        pending === undefined ? "" : `  ${pending.padEnd(32)} pendingCommitTimer      admin   vty5\n`;
      return {
        output: `Maximum number of completed sessions: 1\nMaximum number of pending sessions: 5\n\n  Name                             State                   User    Terminal\n  -------------------------------- ----------------------- ------- --------\n${row}`,
      };
    },
  };
}

/** NX-OS: `checkpoint NAME`, `show checkpoint summary`, `rollback running-config checkpoint NAME`. */
export function nxosTransactions(state: DeviceState): Handlers {
  return {
    "checkpoint <word>": ([name]) => {
      saveCheckpoint(state, name!);
      return { output: "Done\n" };
    },
    "show checkpoint summary": () => ({
      output: `User Checkpoint Summary\n${"-".repeat(80)}\n${[...state.checkpoints.entries()]
        .map(
          ([name, c], i) =>
            `${i + 1}) ${name}:\nCreated by admin\nCreated at ${c.created.toUTCString()}\nSize is 4,096 bytes\nDescription: None\n`,
        )
        .join("\n")}`,
    }),
    "rollback running-config checkpoint <word>": ([name]) => {
      const checkpoint = state.checkpoints.get(name!);
      if (checkpoint === undefined)
        return { output: `% Invalid command: checkpoint ${name} not found\n`, exitCode: 1 };
      state.commit(checkpoint.tree);
      return {
        output:
          "Note: Applying config parallelly may fail Rollback verification\nCollecting Running-Config\nRollback completed successfully.\n",
      };
    },
  };
}

/** IOS-XR: `rollback configuration last N` (a rollback is a commit of its own: numbers shift). */
export function iosxrTransactions(state: DeviceState): Handlers {
  return {
    "rollback configuration last <n>": ([n]) => {
      const tree = state.previous(Number(n));
      if (tree === undefined || Number(n) < 1) {
        return {
          output: `% Failed to rollback: only ${n === "0" ? 0 : "fewer"} commits to roll back\n`,
          exitCode: 1,
        };
      }
      state.commit(tree);
      return {
        output: `Loading Rollback Changes.\nLoaded Rollback Changes in 1 sec\nCommitting.\n1 items committed in 1 sec (0)items/sec\nUpdating.\nUpdated Commit database in 1 sec\nConfiguration successfully rolled back ${n} commits.\n`,
      };
    },
  };
}
