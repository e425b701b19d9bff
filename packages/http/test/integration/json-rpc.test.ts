import type { SimDevice } from "@patchbay/devsim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpConnection, JsonRpcClient, JsonRpcError } from "../../src/index.ts";
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
});
