import { createDevice, isPatchbayError } from "@patchbay/core";
import { describe, expect, it } from "vitest";
import type { HttpConnection, HttpRequestOptions } from "./connection.ts";
import { JsonRpcClient } from "./json-rpc.ts";
import { BufferedResponse } from "./response.ts";

/** A connection that answers every request with `reply(requestBody)`. */
function fake(reply: (body: { id?: unknown } & Record<string, unknown>) => unknown, status = 200) {
  const sent: HttpRequestOptions[] = [];
  const device = createDevice({ id: "r1", host: "10.0.0.1", platform: "arista_eos" });
  const connection = {
    device,
    async request(options: HttpRequestOptions) {
      sent.push(options);
      const answer = JSON.stringify(reply(JSON.parse(String(options.body))));
      return new BufferedResponse(status, {}, Buffer.from(answer), {
        deviceId: "r1",
        operation: "POST /command-api",
      });
    },
  } as unknown as HttpConnection;
  return { connection, sent };
}

describe("JsonRpcClient", () => {
  it("numbers calls and refuses an answer whose id does not match", async () => {
    const { connection, sent } = fake((b) => ({ jsonrpc: "2.0", id: Number(b.id) + 100, result: 1 }));
    const err = await new JsonRpcClient(connection).call("x").catch((e: unknown) => e);
    expect(isPatchbayError(err, "INVALID_RESPONSE")).toBe(true);
    expect((err as Error).message).toContain("does not match request id 1");
    expect(sent[0]?.idempotent).toBe(false);
  });

  it("refuses answers that are not JSON-RPC 2.0", async () => {
    const { connection } = fake((b) => ({ id: b.id, result: 1 }));
    await expect(new JsonRpcClient(connection).call("x")).rejects.toThrow(/not a JSON-RPC 2.0 response/);
  });

  it("matches batch answers by id whatever their order", async () => {
    const { connection } = fake((b) => {
      const calls = b as unknown as { id: number; method: string }[];
      return [...calls].reverse().map((c) => ({ jsonrpc: "2.0", id: c.id, result: c.method }));
    });
    const out = await new JsonRpcClient(connection).batch([{ method: "a" }, { method: "b" }]);
    expect(out).toEqual([
      { ok: true, result: "a" },
      { ok: true, result: "b" },
    ]);
  });
});
