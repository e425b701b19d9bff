import { createDevice } from "@patchbay/core";
import type { SimDevice } from "@patchbay/devsim";
import { HttpConnection, JsonRpcClient, JsonRpcError } from "@patchbay/http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nxapiCli } from "../../src/index.ts";
import { apiDevice, startNxos } from "./sim.ts";

let sim: SimDevice;
let http: HttpConnection;

beforeAll(async () => {
  sim = await startNxos({ http: true, hostname: "spine1" });
  http = new HttpConnection({ device: createDevice(apiDevice(sim)) });
  await http.connect({ timeoutMs: 10_000 });
});
afterAll(async () => {
  await http.disconnect();
  await sim.close();
});

describe("nxapiCli", () => {
  it("runs NX-API cli calls through one batch and names the failing command", async () => {
    const nx = new JsonRpcClient(http, { path: "/ins", contentType: "application/json-rpc" });
    const [host, version] = await nxapiCli<{ body: Record<string, unknown> }>(nx, [
      "show hostname",
      "show version",
    ]);
    expect(host?.body).toEqual({ hostname: "spine1", fqdn: "spine1" });
    expect(version?.body).toMatchObject({ hostname: "spine1", nxos: expect.stringContaining("10.3(4a)") });
    const [clock] = await nxapiCli<{ msg: string }>(nx, ["show clock"], { method: "cli_ascii" });
    expect(clock?.msg).toContain("Time source is NTP");
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
