import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { setImmediate as turn } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Worker } from "node:worker_threads";
import { createDevice } from "@patchbay/core";
import { describe, expect, it } from "vitest";
import { SshConnection } from "../../src/index.ts";

// A forced collection makes heap figures comparable; gc() exists only with --expose-gc.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const CYCLES = 300;
const WARM_UP = 30;

/**
 * A linux simulator in a worker thread: its sockets and heap are not this thread's, so the counts below
 * are the client's alone. The worker loads devsim's build (integration tests build dependencies first).
 */
async function startSimulator(): Promise<{ host: string; port: number; close(): Promise<number> }> {
  const manifestPath = createRequire(import.meta.url).resolve("@patchbay/devsim/package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    exports: { ".": { default: string } };
  };
  const url = pathToFileURL(join(dirname(manifestPath), manifest.exports["."].default)).href;
  const worker = new Worker(
    `const { parentPort, workerData } = require("node:worker_threads");
     import(workerData.url).then(async ({ startDevice }) => {
       const sim = await startDevice({ platform: "linux", username: "cycle", password: "cycle-Secret-1" });
       parentPort.once("message", () => sim.close().then(() => parentPort.postMessage("closed")));
       parentPort.postMessage({ host: sim.host, port: sim.port });
     });`,
    { eval: true, execArgv: [], workerData: { url } },
  );
  const address = await new Promise<{ host: string; port: number }>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  return {
    ...address,
    close: async () => {
      const closed = new Promise((resolve) => worker.once("message", resolve));
      worker.postMessage("close");
      await closed;
      return worker.terminate();
    },
  };
}

function handles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) counts[r] = (counts[r] ?? 0) + 1;
  return counts;
}

async function settledHeap(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc();
    await turn();
  }
  return process.memoryUsage().heapUsed;
}

describe("connect, command, close cycles", () => {
  it(`leaves handles and memory flat over ${CYCLES} cycles against the simulator`, async () => {
    const sim = await startSimulator();
    const device = createDevice({
      id: "cycles",
      host: sim.host,
      port: sim.port,
      username: "cycle",
      password: "cycle-Secret-1",
      platform: "linux",
    });
    try {
      let baseHandles: Record<string, number> = {};
      let baseHeap = 0;
      for (let i = 0; i < CYCLES; i++) {
        const conn = new SshConnection({
          device,
          options: { hostKeyPolicy: "off", keepaliveIntervalMs: 1000 },
        });
        await conn.connect({ timeoutMs: 10_000 });
        const result = await conn.exec(`echo cycle-${i}`, { timeoutMs: 10_000 });
        expect(result.stdout).toBe(`cycle-${i}\n`);
        await conn.disconnect();
        if (i === WARM_UP - 1) {
          await turn();
          baseHandles = handles();
          baseHeap = await settledHeap();
        }
      }
      await turn();
      const endHandles = handles();
      const endHeap = await settledHeap();
      // Every cycle closed what it opened: the same sockets and timers as after the warm-up.
      expect(endHandles.TCPSocketWrap ?? 0).toBe(baseHandles.TCPSocketWrap ?? 0);
      expect(endHandles.Timeout ?? 0).toBeLessThanOrEqual(baseHandles.Timeout ?? 0);
      // Generous (measured: about 0.35 MB): a leak of a few kB per cycle over 270 cycles exceeds it.
      const growth = endHeap - baseHeap;
      expect(growth, `heap grew by ${(growth / 1e6).toFixed(2)} MB`).toBeLessThan(2 * 1024 * 1024);
    } finally {
      await sim.close();
    }
  });
});
