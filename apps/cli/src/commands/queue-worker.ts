// `patchbay worker`: pulls host jobs from the queue and runs them with the same tasks and runner as a
// local run; hosts and secrets come from this machine's fleet file.
import {
  connectQueue,
  createWorker,
  hashFleetFile,
  QueueUsageError,
  type TaskHandler,
} from "@patchbay/queue";
import { loadFleet } from "../fleet.ts";
import { errorLines, type Output } from "../output.ts";
import { forEachHost } from "../runner.ts";
import { fleetSecrets } from "../secrets.ts";
import { EXIT, positiveInt } from "./common.ts";
import { HOST_TASK_NAMES, hostTaskFromJob } from "./host-tasks.ts";
import { toWire } from "./queue-executor.ts";

/** The options of `patchbay worker`. */
export interface WorkerCommandOptions {
  queue: string;
  queueCa?: string | undefined;
  inventory?: string | undefined;
  concurrency?: string | undefined;
  name?: string | undefined;
  stalledInterval?: string | undefined;
  grace?: string | undefined;
}

/** Runs a worker until SIGTERM or SIGINT; returns the exit code. */
export async function runWorker(output: Output, options: WorkerCommandOptions): Promise<number> {
  const file = options.inventory ?? "fleet.yaml";
  let fleet: Awaited<ReturnType<typeof loadFleet>>;
  try {
    fleet = await loadFleet(file);
  } catch (error) {
    for (const line of errorLines(error, output.debug)) output.err(line);
    return EXIT.usage;
  }
  output.addSecrets(fleetSecrets(fleet, fleet.hosts));
  const concurrency = positiveInt(output, "concurrency", options.concurrency, fleet.parallelism);
  const stalled = positiveInt(output, "stalled-interval", options.stalledInterval, 30);
  const grace = positiveInt(output, "grace", options.grace, 10);
  if (concurrency === undefined || stalled === undefined || grace === undefined) return EXIT.usage;
  const fleetHash = await hashFleetFile(file);
  const connection = await connectQueue({ url: options.queue, caFile: options.queueCa });
  output.addSecrets(connection.secrets);
  const hosts = new Map(fleet.hosts.map((h) => [h.name, h]));

  const tasks: Record<string, TaskHandler> = {};
  for (const name of HOST_TASK_NAMES) {
    tasks[name] = {
      changing: (args) => hostTaskFromJob(name, args)?.changing ?? true,
      run: async (ctx) => {
        const host = hosts.get(ctx.host);
        if (host === undefined)
          throw new QueueUsageError(`host "${ctx.host}" is not in this worker's fleet file ${file}`);
        const task = hostTaskFromJob(name, ctx.args);
        if (task === undefined) throw new QueueUsageError(`unknown task "${name}"`);
        const [result] = await forEachHost(output, [host], task.run, {
          title: name,
          parallel: 1,
          timeoutMs: ctx.timeoutMs,
          quiet: true,
          signal: ctx.signal,
        });
        // Interrupted here means handed back at shutdown: the queue gives the job to another worker.
        if (result === undefined || result.status === "interrupted")
          throw result?.error ?? new Error("interrupted");
        return toWire(result);
      },
    };
  }

  const worker = createWorker({
    connection,
    fleetHash,
    tasks,
    concurrency,
    stalledIntervalMs: stalled * 1000,
    graceMs: grace * 1000,
    ...(options.name !== undefined ? { name: options.name } : {}),
    mask: (value) => output.secrets.maskValue(value),
    log: (line) => output.err(`${new Date().toISOString()} ${line}`),
  });
  await worker.ready();
  output.err(
    `patchbay worker ${worker.name}: serving queue "${connection.queueName}" at ${connection.target.display}, ${concurrency} at once, ${fleet.hosts.length} hosts (fleet sha256 ${fleetHash.slice(0, 12)})`,
  );
  const signal = await new Promise<string>((resolve) => {
    process.once("SIGTERM", () => resolve("SIGTERM"));
    process.once("SIGINT", () => resolve("SIGINT"));
  });
  output.err(
    `patchbay worker ${worker.name}: ${signal}: taking no more jobs; finishing ${worker.inFlight} in flight (read-only ones still running after ${grace} s go back to the queue)`,
  );
  await worker.close();
  await connection.close();
  output.err(`patchbay worker ${worker.name}: stopped after ${worker.done} job(s)`);
  return EXIT.ok;
}
