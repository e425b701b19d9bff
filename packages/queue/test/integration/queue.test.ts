import { afterEach, describe, expect, it } from "vitest";
import {
  connectQueue,
  createWorker,
  enqueueRun,
  getRun,
  listRuns,
  listWorkers,
  type QueueConnection,
  type QueueWorker,
  type TaskHandler,
} from "../../src/index.ts";
import { peerUrl, redisPeer, uniqueQueue } from "./peer.ts";

const peer = redisPeer();
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

async function connect(queueName: string, password?: string): Promise<QueueConnection> {
  const c = await connectQueue({ url: peerUrl(peer, password), queueName });
  open.push(c);
  return c;
}

function worker(
  c: QueueConnection,
  tasks: Record<string, TaskHandler>,
  fleetHash = "f1",
  name?: string,
): QueueWorker {
  const w = createWorker({ connection: c, tasks, fleetHash, concurrency: 4, name, heartbeatMs: 200 });
  open.push(w);
  return w;
}

const echo: TaskHandler = {
  changing: () => false,
  run: async ({ host, args }) => ({ host, args }),
};

describe("@patchbay/queue against redis-server", () => {
  it("runs one job per host and reports each host's result once, with the worker's name", async () => {
    const q = uniqueQueue("run");
    const c = await connect(q);
    worker(c, { echo }, "f1", "w-a");
    const run = await enqueueRun(c, {
      task: "echo",
      args: { n: 1 },
      hosts: ["a", "b", "c"],
      fleetHash: "f1",
      timeoutMs: 5000,
    });
    open.push(run);
    const outcomes = await Promise.all([0, 1, 2].map((i) => run.outcome(i)));
    expect(outcomes.map((o) => [o.host, o.ok, o.worker, o.value])).toEqual([
      ["a", true, "w-a", { host: "a", args: { n: 1 } }],
      ["b", true, "w-a", { host: "b", args: { n: 1 } }],
      ["c", true, "w-a", { host: "c", args: { n: 1 } }],
    ]);
    const report = await getRun(c, run.runId);
    expect(report?.outcomes.map((o) => o?.ok)).toEqual([true, true, true]);
    expect((await listRuns(c)).map((r) => r.runId)).toContain(run.runId);
  });

  it("refuses a job whose fleet hash differs, naming both hashes", async () => {
    const c = await connect(uniqueQueue("hash"));
    worker(c, { echo }, "a".repeat(64), "w-b");
    const run = await enqueueRun(c, {
      task: "echo",
      args: {},
      hosts: ["a"],
      fleetHash: "b".repeat(64),
      timeoutMs: 5000,
    });
    open.push(run);
    const o = await run.outcome(0);
    expect(o.ok).toBe(false);
    expect(o.error?.code).toBe("FLEET_MISMATCH");
    expect(o.error?.message).toMatch(
      /^worker w-b has a different fleet file \(sha256 a{12}, the run's is b{12}\): give every worker/,
    );
  });

  it("lists live workers with concurrency, jobs in flight and a recent heartbeat", async () => {
    const c = await connect(uniqueQueue("workers"));
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const w = worker(c, { slow: { changing: () => false, run: () => gate } }, "f1", "w-list");
    await w.ready();
    const run = await enqueueRun(c, {
      task: "slow",
      args: {},
      hosts: ["a", "b"],
      fleetHash: "f1",
      timeoutMs: 5000,
    });
    open.push(run);
    await expect.poll(async () => (await listWorkers(c))[0]?.inFlight, { timeout: 5000 }).toBe(2);
    const [info] = await listWorkers(c);
    expect(info).toMatchObject({ name: "w-list", concurrency: 4, state: "running" });
    expect(Date.now() - (info?.lastHeartbeat ?? 0)).toBeLessThan(5000);
    release();
    await run.outcome(1);
    await w.close();
    expect(await listWorkers(c)).toEqual([]);
  });

  it("cancels waiting jobs and says how many had finished", async () => {
    const c = await connect(uniqueQueue("cancel"));
    const w = worker(c, { once: { changing: () => false, run: async ({ host }) => host } }, "f1");
    await w.ready();
    const run = await enqueueRun(c, {
      task: "once",
      args: {},
      hosts: ["a"],
      fleetHash: "f1",
      timeoutMs: 5000,
    });
    open.push(run);
    await run.outcome(0);
    await w.close();
    const run2 = await enqueueRun(c, {
      task: "once",
      args: {},
      hosts: ["a", "b", "c"],
      fleetHash: "f1",
      timeoutMs: 5000,
    });
    open.push(run2);
    const result = await run2.cancel();
    expect(result).toEqual({ cancelled: 3, finished: 0, running: 0 });
    await expect(run2.outcome(0)).rejects.toMatchObject({ code: "QUEUE_CANCELLED" });
  });

  it("says a wrong password is wrong, without the password", async () => {
    const error = await connectQueue({ url: peerUrl(peer, "not-the-Password-991"), queueName: "x" }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "QUEUE_AUTH" });
    expect(String((error as Error).message)).toBe(
      `Redis at redis://${peer.username}@${peer.host}:${peer.port} refused the password of user "${peer.username}": check the queue URL`,
    );
  });

  it("fails fast with one line when nothing listens", async () => {
    const error = await connectQueue({ url: "redis://u:pw-Secret-1@127.0.0.1:1", queueName: "x" }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      code: "QUEUE_UNREACHABLE",
      message: "cannot reach Redis at redis://u@127.0.0.1:1: connection refused",
    });
  });
});
