import { createDevice, isPatchbayError } from "@patchbay/core";
import type { SimDevice } from "@patchbay/devsim";
import { HttpConnection, JsonRpcClient, JsonRpcError } from "@patchbay/http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCmds } from "../../src/index.ts";
import { apiDevice, startEos } from "./sim.ts";

let sim: SimDevice;
let http: HttpConnection;
let rpc: JsonRpcClient;

beforeAll(async () => {
  sim = await startEos({ http: true, hostname: "spine1" });
  http = new HttpConnection({
    device: createDevice(apiDevice(sim)),
    options: { retryMinDelayMs: 1, retryMaxDelayMs: 2 },
  });
  await http.connect({ timeoutMs: 10_000 });
  rpc = new JsonRpcClient(http);
});
afterAll(async () => {
  await http.disconnect();
  await sim.close();
});

describe("eAPI runCmds", () => {
  it("returns one JSON result per command", async () => {
    const [version, host] = await runCmds(rpc, ["show version", "show hostname"]);
    expect(version).toMatchObject({ modelName: "vEOS-lab", version: "4.31.2F" });
    expect(host).toEqual({ hostname: "spine1", fqdn: "spine1.lab.example.net" });
  });

  it("returns text output with format text", async () => {
    const [clock] = await runCmds<{ output: string }>(rpc, ["show clock"], { format: "text" });
    expect(clock?.output).toContain("Clock source: local");
  });

  it("names the failing command, its errors and the results before it", async () => {
    const err = await runCmds(rpc, ["show hostname", "show nonsense", "show version"]).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(JsonRpcError);
    const e = err as JsonRpcError;
    expect(e.rpcCode).toBe(1002);
    expect(e.command).toBe("show nonsense");
    expect(e.commandIndex).toBe(1);
    expect(e.commandErrors[0]).toMatch(/Invalid input/);
    expect(e.partialResults).toEqual([{ hostname: "spine1", fqdn: "spine1.lab.example.net" }]);
    expect(e.message).toContain('eAPI command 2 of 3 "show nonsense" failed');
    expect(isPatchbayError(e, "COMMAND_FAILED")).toBe(true);
  });

  it("retries show-only calls after a dropped connection but never configuration", async () => {
    sim.setFaults({ httpFailures: { count: 1 } });
    const [host] = await runCmds(rpc, ["show hostname"]);
    expect(host).toMatchObject({ hostname: "spine1" });
    sim.setFaults({ httpFailures: { count: 1 } });
    const err = await runCmds(rpc, ["configure", "hostname never", "end"]).catch((e: unknown) => e);
    expect(isPatchbayError(err, "DISCONNECTED")).toBe(true);
    expect(sim.hostname).toBe("spine1");
    sim.setFaults({});
  });
});
