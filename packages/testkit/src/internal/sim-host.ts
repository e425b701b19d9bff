import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

/** What a simulated device is reached at, as the worker reports it. */
export interface SimEndpoint {
  host: string;
  port: number;
  username: string;
  password: string;
  /** The HTTPS endpoint when started with `http: true`. */
  http: { host: string; port: number; certificatePem: string } | undefined;
  /** A certificate the device does not serve (for "the host's identity changed" over TLS). */
  otherCertificatePem: string;
}

/** A simulated device living in the worker. */
export interface SimHandle extends SimEndpoint {
  setFaults(faults: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

/** The simulator host: starts devsim devices in a worker thread. */
export interface SimHost {
  start(options: Record<string, unknown>): Promise<SimHandle>;
  close(): Promise<void>;
}

// The simulator runs in a worker thread so that its sockets and timers are not the test's: the
// leak check counts only what the plugin under test created. It loads devsim's build (plain Node
// cannot run the TypeScript source); integration tests build dependencies first.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
import(workerData.devsim).then((devsim) => {
  const devices = new Map();
  let next = 1;
  parentPort.on("message", async ({ id, op, args }) => {
    try {
      let value;
      if (op === "start") {
        const d = await devsim.startDevice(args);
        const key = next++;
        devices.set(key, d);
        value = {
          key,
          host: d.host,
          port: d.port,
          username: d.username,
          password: d.password,
          http: d.http && { host: d.http.host, port: d.http.port, certificatePem: d.http.certificatePem },
          otherCertificatePem: devsim.createSelfSignedCertificate().certPem,
        };
      } else if (op === "setFaults") {
        devices.get(args.key)?.setFaults(args.faults);
      } else if (op === "close") {
        await devices.get(args.key)?.close();
        devices.delete(args.key);
      }
      parentPort.postMessage({ id, value });
    } catch (error) {
      parentPort.postMessage({ id, error: String((error && error.stack) || error) });
    }
  });
  parentPort.postMessage({ ready: true });
}, (error) => parentPort.postMessage({ failed: String((error && error.stack) || error) }));
`;

/** Starts the worker; resolves once devsim is loaded in it. */
export async function startSimHost(): Promise<SimHost> {
  // The build's entry, whatever conditions this process resolves with (the tests' source condition
  // would pick the TypeScript source).
  const manifestPath = createRequire(import.meta.url).resolve("@patchbay/devsim/package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    exports: { ".": { default: string } };
  };
  const devsim = pathToFileURL(join(dirname(manifestPath), manifest.exports["."].default)).href;
  const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { devsim } });
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 1;
  await new Promise<void>((resolve, reject) => {
    worker.once("error", reject);
    worker.on(
      "message",
      (m: { ready?: boolean; failed?: string; id?: number; value?: unknown; error?: string }) => {
        if (m.ready) resolve();
        else if (m.failed !== undefined)
          reject(new Error(`the simulator worker could not load devsim: ${m.failed}`));
        else if (m.id !== undefined) {
          const p = pending.get(m.id);
          pending.delete(m.id);
          if (m.error !== undefined) p?.reject(new Error(m.error));
          else p?.resolve(m.value);
        }
      },
    );
  });
  const call = (op: string, args: unknown): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, op, args });
    });
  return {
    async start(options) {
      const v = (await call("start", options)) as SimEndpoint & { key: number };
      return {
        ...v,
        setFaults: async (faults) => {
          await call("setFaults", { key: v.key, faults });
        },
        close: async () => {
          await call("close", { key: v.key });
        },
      };
    },
    async close() {
      await worker.terminate();
    },
  };
}
