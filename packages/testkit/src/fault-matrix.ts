import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type ConnectionPlugin,
  createDevice,
  type DeviceInput,
  type PluginDefinition,
  type PluginRegistration,
  silentLogger,
} from "@patchbay/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MatrixOperation, OPERATIONS, type OperationContext } from "./internal/operations.ts";
import { trackResources } from "./internal/resources.ts";
import { type SimEndpoint, type SimHost, startSimHost } from "./internal/sim-host.ts";

import { type FaultName, type Outcome, problems } from "./internal/verdict.ts";

export type { FaultName } from "./internal/verdict.ts";

/** Every fault, in the order the matrix runs them. */
export const FAULTS: readonly FaultName[] = [
  "drop",
  "stall",
  "noPrompt",
  "garbage",
  "authRefused",
  "hostKeyChanged",
];

/** The simulator's faults (devsim `SimFaults`) for the output faults; the others act at connect. */
const OUTPUT_FAULTS: Partial<Record<FaultName, Record<string, unknown>>> = {
  drop: { dropMidOutput: { afterBytes: 24 } },
  stall: { stall: { afterBytes: 24 } },
  noPrompt: { neverReturnPrompt: true },
  garbage: { garbage: { everyBytes: 16, seed: 7 } },
};

/** The devsim platform that impersonates each platform id. */
const SIMULATORS: Readonly<Record<string, string>> = {
  cisco_ios: "cisco_iosxe",
  cisco_iosxe: "cisco_iosxe",
  cisco_nxos: "cisco_nxos",
  cisco_iosxr: "cisco_iosxr",
  arista_eos: "arista_eos",
  juniper_junos: "juniper_junos",
  junos: "juniper_junos",
  linux: "linux",
  frr: "frr",
};

/** Options of {@link describeFaultMatrix}. */
export interface FaultMatrixOptions {
  /** The registrations the package exports (its `plugins`). */
  plugins: readonly PluginRegistration[];
  /**
   * Plugins left out, each with the reason (for example a plugin with no network to break). A plugin
   * whose connection type the matrix cannot point at the simulator must be listed here or given a
   * `device` builder.
   */
  exclude?: Readonly<Record<string, string>>;
  /**
   * How a plugin reaches a simulated device, by plugin name. By default: `ssh` plugins the SSH port,
   * `netconf` plugins the NETCONF subsystem on that port, `api` plugins the HTTPS endpoint.
   */
  device?: Readonly<Record<string, (sim: SimEndpoint) => DeviceInput>>;
  /** The devsim platform per plugin name. @default the one impersonating the plugin's platform */
  simulator?: Readonly<Record<string, string>>;
  /** The command `Commands.runCommands` sends. @default "show version" ("uname -a" on linux) */
  command?: string;
  /** The line `ConfigWrite.loadConfig` stages. @default a hostname change in the platform's syntax */
  configLine?: string;
  /** Faults to run. @default every fault */
  faults?: readonly FaultName[];
  /** The time limit given to each operation; the stall and no-prompt columns wait this long. @default 300 */
  operationTimeoutMs?: number;
  /** The time limit of each connect. @default 5000 */
  connectTimeoutMs?: number;
}

/**
 * The fault matrix for a plugin package, as vitest `describe` blocks: every simulator fault (a
 * connection dropped mid-output, output that stalls, a prompt that never comes, garbage in the output,
 * refused authentication, a changed host key) crossed with every operation of every capability each
 * plugin declares, against `@patchbay/devsim` devices (in a worker thread, so that only the plugin's
 * handles are counted). An alias (the same plugin under a second platform id) runs once. Each cell must settle within its time limit
 * (no hang), fail only with a typed Patchbay error (the expected code for refused authentication and a
 * changed host key), keep the partial output on timeouts and disconnects, and leave no socket, pipe
 * or timer behind. Call it once from an integration test file:
 *
 * ```ts
 * describeFaultMatrix({ plugins });
 * ```
 */
export function describeFaultMatrix(options: FaultMatrixOptions): void {
  const faults = options.faults ?? FAULTS;
  const operationTimeoutMs = options.operationTimeoutMs ?? 300;
  const connectTimeoutMs = options.connectTimeoutMs ?? 5000;
  describe("fault matrix", () => {
    let host: SimHost;
    beforeAll(async () => {
      host = await startSimHost();
    });
    afterAll(async () => {
      await host?.close();
    });
    const seen: PluginDefinition[] = [];
    for (const registration of options.plugins) {
      const definition = registration.plugin;
      if (options.exclude?.[definition.name] !== undefined) continue;
      // An alias (the same plugin registered under a second platform id) would only repeat the cells.
      if (seen.some((earlier) => isAlias(earlier, definition, options))) continue;
      seen.push(definition);
      const simulator = options.simulator?.[definition.name] ?? SIMULATORS[definition.platform];
      const builder = options.device?.[definition.name] ?? defaultDevice(definition);
      if (simulator === undefined || builder === undefined) {
        throw new Error(
          `fault matrix: no simulator for plugin "${definition.name}" (platform "${definition.platform}", type "${definition.connectionType}"). ` +
            "Pass simulator and device for it, or exclude it with the reason.",
        );
      }
      const operations = OPERATIONS.filter((o) => definition.capabilities.some((c) => c.id === o.capability));
      const context: OperationContext = {
        platform: definition.platform,
        timeoutMs: operationTimeoutMs,
        command: options.command ?? (simulator === "linux" ? "uname -a" : "show version"),
        configLine: options.configLine ?? configLineFor(simulator),
      };
      describe(`fault matrix: ${definition.name}`, () => {
        for (const fault of faults) {
          it(`${fault}: ${operations.map((o) => o.name).join(", ")} settle in time with typed errors and leave nothing open`, async () => {
            const sim = await host.start({
              platform: simulator,
              http: definition.connectionType === "api",
              ...(fault === "authRefused" ? { faults: { refuseAuth: true } } : {}),
            });
            const keys = fault === "hostKeyChanged" ? changedIdentity() : undefined;
            const tracker = trackResources();
            let outcomes: Outcome[];
            try {
              const cells = operations.map((operation) => {
                const input = keys ? keys.apply(builder(sim), sim) : builder(sim);
                return new Cell(definition, input, operation);
              });
              // Every cell logs in before the fault is set: output faults are device-wide and must hit
              // the operations, not another cell's session set-up.
              await Promise.all(cells.map((cell) => cell.connect(connectTimeoutMs)));
              const deviceFaults = OUTPUT_FAULTS[fault];
              if (deviceFaults) await sim.setFaults(deviceFaults);
              await Promise.all(cells.map((cell) => cell.operate(context)));
              await Promise.all(cells.map((cell) => cell.teardown()));
              outcomes = cells.map((cell) => cell.outcome());
              if (process.env.PB_FAULTS_DEBUG) {
                for (const o of outcomes)
                  process.stderr.write(`${definition.name} ${fault} ${describeOutcome(o)}\n`);
              }
            } finally {
              keys?.remove();
            }
            const leaks = await tracker.leaks();
            tracker.stop();
            await sim.close();
            expect(
              problems(outcomes, fault, definition.connectionType),
              `${definition.name} under ${fault}`,
            ).toEqual([]);
            expect(leaks, `handles left open by ${definition.name} under ${fault}`).toEqual({});
          });
        }
      });
    }
  });
}

/** One (operation, fault) cell: its own plugin instance and connection. */
class Cell {
  readonly #plugin: ConnectionPlugin & Record<string, unknown>;
  readonly #operation: MatrixOperation;
  #stage: Outcome["stage"] = "connect";
  #result: unknown;
  #settled = true;

  constructor(definition: PluginDefinition, input: DeviceInput, operation: MatrixOperation) {
    this.#operation = operation;
    this.#plugin = definition.create(createDevice(input), {
      logger: silentLogger,
      definition,
    }) as ConnectionPlugin & Record<string, unknown>;
  }

  async connect(timeoutMs: number): Promise<void> {
    // A generous bound: a connect that honours its time limit settles long before it.
    const result = await withBound(
      settle(this.#plugin.initializeConnection({ timeoutMs })),
      timeoutMs + 3000,
    );
    this.#record(result);
    if (result === undefined) this.#stage = "operation";
  }

  async operate(context: OperationContext): Promise<void> {
    if (this.#stage !== "operation") return;
    const result = await withBound(
      settle(this.#operation.run(this.#plugin, context)),
      context.timeoutMs * 3 + 3000,
    );
    this.#record(result);
    if (result === undefined) this.#stage = "none";
  }

  async teardown(): Promise<void> {
    // Teardown may wait out a polite close (NETCONF's close-session is bounded at 5 s, a channel at 2 s).
    if ((await withBound(this.#plugin.teardownConnection(), 10_000)) === "hung") {
      this.#settled = false;
      this.#stage = "teardown";
    }
  }

  outcome(): Outcome {
    return {
      operation: this.#operation.name,
      settled: this.#settled,
      error: this.#result,
      stage: this.#stage,
    };
  }

  #record(result: unknown): void {
    if (result === "hung") this.#settled = false;
    else this.#result = result;
  }
}

/** Resolves with undefined on success and with the error on failure. */
function settle(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e ?? new Error("rejected with undefined"),
  );
}

function describeOutcome(o: Outcome): string {
  const e = o.error as { code?: string; partialOutput?: unknown; message?: string } | undefined;
  const what = !o.settled ? "HUNG" : (e?.code ?? (e === undefined ? "ok" : "untyped"));
  return `${o.operation} ${o.stage} ${what} partial=${typeof e?.partialOutput} ${e?.message?.slice(0, 120) ?? ""}`;
}

/** The promise's value, or "hung" when it has not settled within `ms` (the timer is cleared either way). */
async function withBound<T>(promise: Promise<T>, ms: number): Promise<T | "hung"> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<"hung">((resolve) => {
    timer = setTimeout(() => resolve("hung"), ms);
  });
  try {
    return await Promise.race([promise, hung]);
  } finally {
    clearTimeout(timer);
  }
}

function isAlias(a: PluginDefinition, b: PluginDefinition, options: FaultMatrixOptions): boolean {
  const simulator = (d: PluginDefinition): string | undefined =>
    options.simulator?.[d.name] ?? SIMULATORS[d.platform];
  const ids = (d: PluginDefinition): string => d.capabilities.map((c) => c.id).join(",");
  return (
    a.connectionType === b.connectionType &&
    a.connectionLibrary === b.connectionLibrary &&
    a.packageName === b.packageName &&
    simulator(a) === simulator(b) &&
    ids(a) === ids(b) &&
    options.device?.[b.name] === undefined &&
    a.create.toString() === b.create.toString()
  );
}

function defaultDevice(definition: PluginDefinition): ((sim: SimEndpoint) => DeviceInput) | undefined {
  const ssh = { hostKeyPolicy: "off", keepaliveIntervalMs: 0, connectRetries: 0 };
  const base = (sim: SimEndpoint) => ({
    id: `faults-${definition.name.replace(/[^a-z0-9]+/gi, "-")}`,
    username: sim.username,
    password: sim.password,
    platform: definition.platform,
  });
  switch (definition.connectionType) {
    case "ssh":
      return (sim) => ({
        ...base(sim),
        host: sim.host,
        port: sim.port,
        data: { enableSecret: sim.password, ssh },
      });
    case "netconf":
      return (sim) => ({ ...base(sim), host: sim.host, data: { ssh, netconf: { port: sim.port } } });
    case "api":
      return (sim) => {
        if (sim.http === undefined) throw new Error("the simulator was started without HTTPS");
        return {
          ...base(sim),
          host: sim.http.host,
          port: sim.http.port,
          data: { enableSecret: sim.password, http: { retries: 0, tls: { ca: sim.http.certificatePem } } },
        };
      };
    default:
      return undefined;
  }
}

function configLineFor(simulator: string): string {
  return simulator === "juniper_junos" ? "set system host-name fault-matrix" : "hostname fault-matrix";
}

/**
 * A known_hosts file that records another key for the simulator (strict checking), or for TLS a CA
 * the simulator's certificate does not chain to: the host's identity "changed".
 */
function changedIdentity(): { apply(device: DeviceInput, sim: SimEndpoint): DeviceInput; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "pb-faults-keys-"));
  const knownHostsPath = join(dir, "known_hosts");
  const raw = generateKeyPairSync("ed25519").publicKey.export({ format: "jwk" }).x ?? "";
  const wire = Buffer.concat([
    sshString(Buffer.from("ssh-ed25519")),
    sshString(Buffer.from(raw, "base64url")),
  ]);
  return {
    apply(device, sim) {
      const data = { ...(device.data ?? {}) } as Record<string, Record<string, unknown>>;
      if (data.http?.tls !== undefined) {
        data.http = { ...data.http, tls: { ...(data.http.tls as object), ca: sim.otherCertificatePem } };
        return { ...device, data };
      }
      writeFileSync(knownHostsPath, `[${sim.host}]:${sim.port} ssh-ed25519 ${wire.toString("base64")}\n`);
      data.ssh = { ...(data.ssh ?? {}), hostKeyPolicy: "strict", knownHostsPath };
      return { ...device, data };
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function sshString(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}
