import { join } from "node:path";
import { createDevice, type DisconnectedError, isPatchbayError, type TimeoutError } from "@patchbay/core";
import { type SimDevice, type SimFaults, startDevice } from "@patchbay/devsim";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { NetconfConnection, type NetconfFramingError, type NetconfSession } from "../../src/index.ts";
import { tempDir } from "./peers.ts";

// Every simulator output fault crossed with three operations: each fails with a typed error that
// carries the part of the reply that arrived (issue 16 item 8, the NETCONF cells).
const dir = tempDir();
const IF = "urn:ietf:params:xml:ns:yang:ietf-interfaces";
let sim: SimDevice | undefined;
let conn: NetconfConnection | undefined;

afterEach(async () => {
  // The simulator first: a stalled server would hold close-session for its whole time limit.
  await sim?.close();
  sim = undefined;
  await conn?.disconnect();
  conn = undefined;
});
afterAll(() => dir.remove());

const operations: Record<string, (s: NetconfSession) => Promise<unknown>> = {
  get: (s) =>
    s.get({ filter: `<system xmlns="urn:ietf:params:xml:ns:yang:ietf-system"/>`, timeoutMs: 1_500 }),
  "get-config": (s) => s.getConfig({ source: "running", timeoutMs: 1_500 }),
  "edit-config": (s) =>
    s.editConfig({
      target: "running",
      config: `<interfaces xmlns="${IF}"><interface><name>GigabitEthernet2</name><description>fault</description></interface></interfaces>`,
      timeoutMs: 1_500,
    }),
};

const faults: Record<string, { faults: SimFaults; code: string }> = {
  "dropped mid-reply": { faults: { dropMidOutput: { afterBytes: 60 } }, code: "DISCONNECTED" },
  "stalled mid-reply": { faults: { stall: { afterBytes: 60 } }, code: "TIMEOUT" },
  "garbage in the reply": {
    faults: { garbage: { everyBytes: 60, kinds: ["random"], seed: 7 } },
    code: "NETCONF_FRAMING",
  },
};

describe("NETCONF errors carry the partial reply (simulator faults)", () => {
  for (const [faultName, fault] of Object.entries(faults)) {
    for (const [opName, op] of Object.entries(operations)) {
      it(`${opName}, ${faultName}: ${fault.code} with what arrived`, async () => {
        sim = await startDevice({ platform: "cisco_iosxe", username: "admin", password: "sim-Secret-1" });
        conn = new NetconfConnection({
          device: createDevice({
            id: "sim",
            host: sim.host,
            port: sim.port,
            username: "admin",
            password: "sim-Secret-1",
            platform: "cisco_iosxe",
          }),
          options: { helloGapMs: 0 },
          sshOptions: { knownHostsPath: join(dir.path, "known_hosts"), keepaliveIntervalMs: 0 },
        });
        await conn.connect({ timeoutMs: 10_000 });
        sim.setFaults(fault.faults);
        const error = await op(conn.session).catch((e: unknown) => e);
        expect(isPatchbayError(error, fault.code), String(error)).toBe(true);
        const partial = (error as TimeoutError | DisconnectedError | NetconfFramingError).partialOutput ?? "";
        expect(partial).toMatch(/^\s*(<\?xml[^>]*\?>\s*)?<rpc-reply/);
        expect(partial.length).toBeGreaterThan(10);
      });
    }
  }
});
