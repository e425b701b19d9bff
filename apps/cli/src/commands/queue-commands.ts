// `patchbay worker`, `patchbay workers` and `patchbay runs`: fleets across machines through a Redis
// queue. Their modules load when a command runs.
import type { Command } from "commander";
import type { Output } from "../output.ts";
import { EXIT } from "./options.ts";

type Run = (code: number) => void;

interface QueueCommandOptions {
  queue: string;
  queueCa?: string;
  json?: boolean;
}

function withQueue(command: Command): Command {
  return command
    .requiredOption(
      "--queue <url>",
      "the Redis queue: redis://[user:pass@]host[:port][/db][?queue=NAME] or rediss:// (default: $PATCHBAY_QUEUE, which keeps the password out of the process list)",
      process.env.PATCHBAY_QUEUE,
    )
    .option("--queue-ca <file>", "CA certificate (PEM) for a rediss:// queue");
}

export function registerQueueCommands(program: Command, output: () => Output, exit: Run): void {
  withQueue(
    program
      .command("worker")
      .description(
        "pull host jobs from a queue and run them (hosts and secrets come from this machine's fleet file)",
      )
      .option("-i, --inventory <file>", "the fleet file (default: fleet.yaml in this folder)")
      .option("-c, --concurrency <n>", "jobs at once (default: the fleet's parallelism)")
      .option("--name <name>", "this worker's name (default: <hostname>-<pid>)")
      .option("--stalled-interval <seconds>", "take over jobs of workers that died after this long", "30")
      .option(
        "--grace <seconds>",
        "at SIGTERM, hand back read-only jobs still running after this long",
        "10",
      ),
  ).action(async (options: import("./queue-worker.ts").WorkerCommandOptions) => {
    exit(await (await import("./queue-worker.ts")).runWorker(output(), options));
  });

  withQueue(
    program.command("workers").description("list the live workers of a queue").option("--json", "print JSON"),
  ).action(async (options: QueueCommandOptions) => {
    const out = output();
    const q = await import("@patchbay/queue");
    const { renderTable } = await import("../output.ts");
    const connection = await q.connectQueue({ url: options.queue, caFile: options.queueCa });
    out.addSecrets(connection.secrets);
    try {
      const workers = await q.listWorkers(connection);
      if (options.json) {
        out.json(workers);
      } else if (workers.length === 0) {
        out.out(`no live workers on queue "${connection.queueName}" at ${connection.target.display}`);
      } else {
        const now = Date.now();
        out.out(
          renderTable(
            out,
            [
              "worker",
              "machine",
              "pid",
              "state",
              "concurrency",
              "in flight",
              "done",
              "last heartbeat",
              "fleet",
            ],
            workers.map((w) => [
              w.name,
              w.hostname,
              String(w.pid),
              w.state,
              String(w.concurrency),
              String(w.inFlight),
              String(w.done),
              `${((now - w.lastHeartbeat) / 1000).toFixed(1)}s ago`,
              w.fleetHash.slice(0, 12),
            ]),
          ),
        );
      }
      exit(EXIT.ok);
    } finally {
      await connection.close();
    }
  });

  const runs = program.command("runs").description("results of earlier queue runs (kept for a set time)");
  withQueue(
    runs.command("list").description("the runs still kept, newest first").option("--json", "print JSON"),
  ).action(async (options: QueueCommandOptions) => {
    const out = output();
    const q = await import("@patchbay/queue");
    const { renderTable } = await import("../output.ts");
    const connection = await q.connectQueue({ url: options.queue, caFile: options.queueCa });
    out.addSecrets(connection.secrets);
    try {
      const list = await q.listRuns(connection);
      const reports = await Promise.all(list.map((r) => q.getRun(connection, r.runId)));
      const rows = list.map((r, i) => {
        const outcomes = reports[i]?.outcomes ?? [];
        const done = outcomes.filter((o) => o !== undefined);
        return {
          runId: r.runId,
          title: r.title,
          createdAt: new Date(r.createdAt).toISOString(),
          total: r.total,
          finished: done.length,
          ok: done.filter((o) => o?.ok && (o.value as { status?: string } | undefined)?.status === "ok")
            .length,
        };
      });
      if (options.json) out.json(rows);
      else if (rows.length === 0) out.out(`no runs kept on queue "${connection.queueName}"`);
      else
        out.out(
          renderTable(
            out,
            ["run", "task", "started", "hosts", "finished", "ok"],
            rows.map((r) => [
              r.runId,
              r.title,
              r.createdAt,
              String(r.total),
              String(r.finished),
              String(r.ok),
            ]),
          ),
        );
      exit(EXIT.ok);
    } finally {
      await connection.close();
    }
  });

  withQueue(
    runs
      .command("show")
      .description("every host's result of one run")
      .argument("<run>", "the run id")
      .option("--json", "print JSON"),
  ).action(async (runId: string, options: QueueCommandOptions) => {
    const out = output();
    const q = await import("@patchbay/queue");
    const { renderTable } = await import("../output.ts");
    const connection = await q.connectQueue({ url: options.queue, caFile: options.queueCa });
    out.addSecrets(connection.secrets);
    try {
      const report = await q.getRun(connection, runId);
      if (report === undefined) {
        out.err(
          `patchbay: no run ${runId} on queue "${connection.queueName}" (unknown, or its results expired)`,
        );
        exit(EXIT.usage);
        return;
      }
      const rows = report.run.hosts.map((host, i) => describeOutcome(host, report.outcomes[i]));
      if (options.json) {
        out.json({ ...report.run, results: rows });
      } else {
        out.out(`${report.run.title}: run ${runId}, ${new Date(report.run.createdAt).toISOString()}`);
        out.out(
          renderTable(
            out,
            ["host", "status", "worker", "time", "result"],
            rows.map((r) => [
              r.host,
              r.status,
              r.worker ?? "",
              r.elapsedMs !== undefined ? `${(r.elapsedMs / 1000).toFixed(2)}s` : "",
              r.summary,
            ]),
          ),
        );
      }
      exit(rows.some((r) => r.status === "failed") ? EXIT.someFailed : EXIT.ok);
    } finally {
      await connection.close();
    }
  });
}

interface ShownOutcome {
  host: string;
  status: string;
  worker?: string | undefined;
  elapsedMs?: number | undefined;
  summary: string;
  value?: unknown;
  error?: { code: string; message: string } | undefined;
}

function describeOutcome(host: string, o: import("@patchbay/queue").JobOutcome | undefined): ShownOutcome {
  if (o === undefined) return { host, status: "pending", summary: "waiting or running" };
  const base = { host, worker: o.worker, elapsedMs: Math.round(o.elapsedMs) };
  if (!o.ok) {
    const error = { code: o.error?.code ?? "FAILED", message: o.error?.message ?? "" };
    return { ...base, status: "failed", summary: `${error.code}: ${error.message}`, error };
  }
  const wire = o.value as { status: string; value?: unknown; code?: string; message?: string };
  if (wire.status === "ok") {
    const text = typeof wire.value === "string" ? wire.value : JSON.stringify(wire.value);
    return {
      ...base,
      status: "ok",
      summary: (text.trim().split("\n")[0] ?? "").slice(0, 80),
      value: wire.value,
    };
  }
  return {
    ...base,
    status: wire.status,
    summary: wire.message ?? "",
    error: { code: wire.code ?? "FAILED", message: wire.message ?? "" },
  };
}
