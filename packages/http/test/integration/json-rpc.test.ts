import { isPatchbayError } from "@patchbay/core";
import type { SimDevice } from "@patchbay/devsim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpConnection, JsonRpcClient, JsonRpcError, nxapiCli, runCmds } from "../../src/index.ts";
import { openConnection, startHttpDevice } from "./sim.ts";

let sim: SimDevice;
let http: HttpConnection;
let rpc: JsonRpcClient;

beforeAll(async () => {
  sim = await startHttpDevice({ hostname: "spine1" });
  http = await openConnection(sim, { retryMinDelayMs: 1, retryMaxDelayMs: 2 });
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

describe("JSON-RPC", () => {
  it("raises the server's error object as JsonRpcError with its code", async () => {
    const err = await rpc.call("noSuchMethod", {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JsonRpcError);
    expect((err as JsonRpcError).rpcCode).toBe(-32601);
    expect((err as JsonRpcError).rpcMessage).toBe("Method not found: noSuchMethod");
  });

  it("sends a batch and matches each answer to its call by id", async () => {
    const outcomes = await rpc.batch([
      { method: "runCmds", params: { version: 1, cmds: ["show hostname"] } },
      { method: "bogus" },
      { method: "runCmds", params: { version: 1, cmds: ["show clock"], format: "text" } },
    ]);
    expect(outcomes[0]).toEqual({
      ok: true,
      result: [{ hostname: "spine1", fqdn: "spine1.lab.example.net" }],
    });
    expect(outcomes[1]?.ok).toBe(false);
    expect(outcomes[1]?.ok === false && outcomes[1].error.rpcCode).toBe(-32601);
    expect(outcomes[2]?.ok === true && JSON.stringify(outcomes[2].result)).toContain("Timezone");
  });

  it("runs NX-API cli calls through one batch and names the failing command", async () => {
    const nx = new JsonRpcClient(http, { path: "/ins", contentType: "application/json-rpc" });
    const [host, version] = await nxapiCli<{ body: Record<string, unknown> }>(nx, [
      "show hostname",
      "show version",
    ]);
    expect(host?.body).toEqual({ hostname: "spine1", fqdn: "spine1.lab.example.net" });
    expect(version?.body).toMatchObject({ version: "4.31.2F" });
    const [clock] = await nxapiCli<{ msg: string }>(nx, ["show clock"], { method: "cli_ascii" });
    expect(clock?.msg).toContain("Timezone: UTC");
    const err = (await nxapiCli(nx, ["show hostname", "show bogus"]).catch(
      (e: unknown) => e,
    )) as JsonRpcError;
    expect(err).toBeInstanceOf(JsonRpcError);
    expect([err.command, err.commandIndex, err.rpcCode]).toEqual(["show bogus", 1, -32602]);
    expect(err.partialResults).toHaveLength(1);
    expect(err.commandErrors[0]).toBe("Input CLI command error");
    expect(err.message).toContain('NX-API command 2 of 2 "show bogus" failed: Input CLI command error');
  });
});
