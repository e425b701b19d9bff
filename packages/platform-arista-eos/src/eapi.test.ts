import { createDevice } from "@patchbay/core";
import {
  type HttpConnection,
  type HttpRequestOptions,
  type HttpResponse,
  JsonRpcClient,
  JsonRpcError,
} from "@patchbay/http";
import { describe, expect, it } from "vitest";
import { runCmds } from "./eapi.ts";

/** A connection that answers every request with `reply(requestBody)` (pure logic: no server needed). */
function fake(reply: (body: { id?: unknown } & Record<string, unknown>) => unknown) {
  const sent: HttpRequestOptions[] = [];
  const device = createDevice({ id: "r1", host: "10.0.0.1", platform: "arista_eos" });
  const connection = {
    device,
    async request(options: HttpRequestOptions): Promise<HttpResponse> {
      sent.push(options);
      const body = Buffer.from(JSON.stringify(reply(JSON.parse(String(options.body)))));
      return {
        status: 200,
        headers: { "content-type": ["application/json"] },
        body,
        text: () => body.toString("utf8"),
        json: <T>() => JSON.parse(body.toString("utf8")) as T,
        header: (name: string) => (name === "content-type" ? "application/json" : undefined),
      };
    },
  } as unknown as HttpConnection;
  return { connection, sent };
}

describe("runCmds", () => {
  it("marks show-only calls idempotent and configuration calls not", async () => {
    const { connection, sent } = fake((b) => ({ jsonrpc: "2.0", id: b.id, result: [{}] }));
    const rpc = new JsonRpcClient(connection);
    await runCmds(rpc, ["show version"]);
    await runCmds(rpc, ["configure", "hostname x"]);
    expect(sent.map((s) => s.idempotent)).toEqual([true, false]);
    expect(JSON.parse(String(sent[0]?.body)).params).toEqual({
      version: 1,
      cmds: ["show version"],
      format: "json",
    });
  });

  it("finds the failing command from the entry with errors in error.data", async () => {
    const { connection } = fake((b) => ({
      jsonrpc: "2.0",
      id: b.id,
      error: {
        code: 1002,
        message: "CLI command 3 of 3 'show x' failed: invalid command",
        data: [{}, { a: 1 }, { errors: ["Invalid input (at token 1: 'x')"] }],
      },
    }));
    const err = (await runCmds(new JsonRpcClient(connection), ["enable", { cmd: "show a" }, "show x"]).catch(
      (e: unknown) => e,
    )) as JsonRpcError;
    expect(err).toBeInstanceOf(JsonRpcError);
    expect([err.command, err.commandIndex, err.rpcCode]).toEqual(["show x", 2, 1002]);
    expect(err.commandErrors).toEqual(["Invalid input (at token 1: 'x')"]);
    expect(err.partialResults).toEqual([{}, { a: 1 }]);
  });
});
