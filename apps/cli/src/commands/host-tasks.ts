// The tasks a fleet command runs on one host, by name and JSON arguments. A local run and a queue
// worker build the task from the same entry here, so both run exactly the same code.
import { mkdir } from "node:fs/promises";
import {
  Commands,
  type Facts,
  FileTransfer,
  type ShellCommandResult,
  type TransferResult,
} from "@patchbay/capabilities";
import { CommandError } from "@patchbay/core";
import type { InventoryHost } from "@patchbay/inventory";
import { confirmConfig, rollbackConfig } from "../config-tasks.ts";
import { fileInside, safeName } from "../paths.ts";
import type { HostOp } from "../runner.ts";
import { applyConfig, type Backup, backupHost, oneLine, readFacts, runShell, withDevice } from "../tasks.ts";

/** Every task a host can run, with its arguments (JSON, never secrets) and result. */
export interface HostTasks {
  run: { args: { command: string }; value: string };
  facts: { args: Record<string, never>; value: Facts };
  backup: { args: { dir: string }; value: Backup };
  "config-apply": {
    args: {
      /** The same text for every host, or (from a template) one per host name. */
      config: string | Record<string, string>;
      commit: boolean;
      confirmTimeoutSeconds?: number | undefined;
      mode?: "merge" | "replace" | undefined;
    };
    value: { diff: string; committed: boolean };
  };
  "config-rollback": { args: { steps: number }; value: { steps: number } };
  "config-confirm": { args: Record<string, never>; value: { confirmed: true } };
  shell: {
    args: { command: string; sudo?: boolean | undefined; sudoUser?: string | undefined };
    value: ShellCommandResult;
  };
  get: {
    args: { remote: string; dir: string; sudo?: boolean | undefined };
    value: TransferResult & { file: string };
  };
}

/** The name of a host task. */
export type HostTaskName = keyof HostTasks;

/** A host task function, tagged with its name and arguments so a queue can send it to workers. */
export type HostTask<T> = ((host: InventoryHost, op: HostOp) => Promise<T>) & {
  readonly spec: { name: HostTaskName; args: unknown };
};

interface Definition<A, T> {
  /** Changes the device: never run twice after a worker that started it died. */
  changing(args: A): boolean;
  make(args: A): (host: InventoryHost, op: HostOp) => Promise<T>;
}

type Definitions = { [N in HostTaskName]: Definition<HostTasks[N]["args"], HostTasks[N]["value"]> };

const DEFINITIONS: Definitions = {
  run: {
    changing: () => false,
    make:
      ({ command }) =>
      (host, op) =>
        withDevice(host, [Commands], op, async (device) => {
          op.step(`run ${JSON.stringify(command)}`);
          const [result] = await device.runCommands([command], {
            timeoutMs: op.timeoutMs,
            signal: op.signal,
          });
          if (result?.failed)
            throw new CommandError(`the device reported a failure: ${oneLine(result.output)}`, {
              deviceId: host.name,
              platform: host.device.platform,
              command,
            });
          return result?.output ?? "";
        }),
  },
  facts: { changing: () => false, make: () => (host, op) => readFacts(host, op) },
  backup: {
    changing: () => false,
    make:
      ({ dir }) =>
      (host, op) =>
        backupHost(host, dir, op),
  },
  "config-apply": {
    changing: (args) => args.commit,
    make: (args) => (host, op) =>
      applyConfig(
        host,
        typeof args.config === "string" ? args.config : (args.config[host.name] ?? ""),
        { commit: args.commit, confirmTimeoutSeconds: args.confirmTimeoutSeconds, mode: args.mode },
        op,
      ),
  },
  "config-rollback": {
    changing: () => true,
    make:
      ({ steps }) =>
      (host, op) =>
        rollbackConfig(host, steps, op),
  },
  "config-confirm": { changing: () => true, make: () => (host, op) => confirmConfig(host, op) },
  shell: {
    changing: () => true,
    make: (args) => (host, op) =>
      runShell(host, args.command, { sudo: args.sudo, sudoUser: args.sudoUser }, op),
  },
  get: {
    changing: () => false,
    make:
      ({ remote, dir, sudo }) =>
      (host, op) => {
        // Host and file names become single segments, and the result is proven to stay in DIR.
        const name = safeName(remote.split("/").filter(Boolean).pop() ?? "file");
        const file = fileInside(dir, safeName(host.name), name);
        return withDevice(host, [FileTransfer], op, async (device) => {
          await mkdir(fileInside(dir, safeName(host.name)), { recursive: true });
          op.step(`get ${remote}`);
          const got = await device.getFile(remote, file, {
            timeoutMs: op.timeoutMs,
            signal: op.signal,
            ...(sudo ? { sudo: true } : {}),
          });
          return { ...got, file };
        });
      },
  },
};

/** The task `name` with `args`, for a local run or a queue. */
export function hostTask<N extends HostTaskName>(
  name: N,
  args: HostTasks[N]["args"],
): HostTask<HostTasks[N]["value"]> {
  const definition = DEFINITIONS[name] as unknown as Definition<HostTasks[N]["args"], HostTasks[N]["value"]>;
  return Object.assign(definition.make(args), { spec: { name, args } });
}

/** A task from a queue job: its function and whether it changes devices, or undefined for an unknown name. */
export function hostTaskFromJob(
  name: string,
  args: unknown,
): { run: (host: InventoryHost, op: HostOp) => Promise<unknown>; changing: boolean } | undefined {
  if (!Object.hasOwn(DEFINITIONS, name)) return undefined;
  const definition = DEFINITIONS[name as HostTaskName] as unknown as Definition<unknown, unknown>;
  return { run: definition.make(args), changing: definition.changing(args) };
}

/** The names of every host task (what a worker serves). */
export const HOST_TASK_NAMES: readonly HostTaskName[] = Object.keys(DEFINITIONS) as HostTaskName[];

/** Whether a task function can go through a queue (it names a host task). */
export function taskSpec(task: unknown): { name: HostTaskName; args: unknown } | undefined {
  return typeof task === "function" && "spec" in task ? (task as HostTask<unknown>).spec : undefined;
}
