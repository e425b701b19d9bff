import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Commands, ConfigRead, ConfigWrite, DeviceInfo, FileTransfer, Shell } from "@patchbay/capabilities";

/** One capability operation as the fault matrix calls it. */
export interface MatrixOperation {
  /** `Capability.method`, for messages. */
  name: string;
  capability: string;
  method: string;
  run(plugin: Record<string, unknown>, context: OperationContext): Promise<unknown>;
}

export interface OperationContext {
  platform: string;
  timeoutMs: number;
  /** A command with some output on this platform. */
  command: string;
  /** A one-line configuration change in the platform's syntax. */
  configLine: string;
}

type Method = (...args: unknown[]) => Promise<unknown>;
const call = (plugin: Record<string, unknown>, method: string, ...args: unknown[]): Promise<unknown> =>
  // A method that throws synchronously counts as a settled failure, not a crash of the matrix.
  Promise.resolve().then(() => (plugin[method] as Method).call(plugin, ...args));

let scratch: string | undefined;
const scratchDir = (): string => {
  scratch ??= mkdtempSync(join(tmpdir(), "pb-faults-"));
  return scratch;
};

/** Every operation of every standard capability, with arguments that make the device answer. */
export const OPERATIONS: readonly MatrixOperation[] = [
  op(DeviceInfo.id, "getFacts", (p, c) => call(p, "getFacts", { timeoutMs: c.timeoutMs })),
  op(Commands.id, "runCommands", (p, c) => call(p, "runCommands", [c.command], { timeoutMs: c.timeoutMs })),
  op(ConfigRead.id, "getConfig", (p, c) =>
    call(p, "getConfig", { source: "running", timeoutMs: c.timeoutMs }),
  ),
  op(ConfigWrite.id, "loadConfig", (p, c) =>
    call(p, "loadConfig", { config: c.configLine, mode: "merge", timeoutMs: c.timeoutMs }),
  ),
  op(ConfigWrite.id, "compareConfig", async (p, c) => {
    await call(p, "loadConfig", { config: c.configLine, mode: "merge", timeoutMs: c.timeoutMs });
    return call(p, "compareConfig", { timeoutMs: c.timeoutMs });
  }),
  op(ConfigWrite.id, "commitConfig", async (p, c) => {
    await call(p, "loadConfig", { config: c.configLine, mode: "merge", timeoutMs: c.timeoutMs });
    return call(p, "commitConfig", { timeoutMs: c.timeoutMs });
  }),
  op(ConfigWrite.id, "confirmCommit", (p, c) => call(p, "confirmCommit", { timeoutMs: c.timeoutMs })),
  op(ConfigWrite.id, "discardConfig", (p, c) => call(p, "discardConfig", { timeoutMs: c.timeoutMs })),
  op(ConfigWrite.id, "rollback", (p, c) => call(p, "rollback", { steps: 1, timeoutMs: c.timeoutMs })),
  op(Shell.id, "runShellCommand", (p, c) =>
    call(p, "runShellCommand", ["uname", "-a"], { timeoutMs: c.timeoutMs }),
  ),
  op(FileTransfer.id, "putFile", (p, c) =>
    call(p, "putFile", Buffer.from("fault matrix\n"), "/tmp/pb-fault-matrix.txt", { timeoutMs: c.timeoutMs }),
  ),
  op(FileTransfer.id, "getFile", (p, c) =>
    call(p, "getFile", "/etc/hostname", join(scratchDir(), `hostname-${process.hrtime.bigint()}`), {
      timeoutMs: c.timeoutMs,
    }),
  ),
  op(FileTransfer.id, "rsync", (p, c) =>
    call(p, "rsync", scratchDir(), "/tmp/pb-fault-matrix", { timeoutMs: c.timeoutMs }),
  ),
];

function op(capability: string, method: string, run: MatrixOperation["run"]): MatrixOperation {
  const short = capability.replace(/^patchbay\./, "");
  return { name: `${short}.${method}`, capability, method, run };
}
