import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createDevice, DisconnectedError, TimeoutError } from "@patchbay/core";
import type { SimDevice } from "@patchbay/devsim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpConnection, HttpStatusError } from "../../src/index.ts";
import { openConnection, startHttpDevice } from "./sim.ts";

describe("errors carry the part of the body that arrived", () => {
  let stalled: SimDevice;
  let plain: Server;
  let port = 0;
  beforeAll(async () => {
    stalled = await startHttpDevice({ faults: { stall: { afterBytes: 20 } } });
    // A plain HTTP server whose answers stop midway: the connection drops after the first bytes.
    plain = createServer((req, res) => {
      const status = req.url === "/status" ? 500 : 200;
      res.writeHead(status, { "content-type": "text/plain", "content-length": "100" });
      res.write("the first part ");
      setTimeout(() => res.socket?.destroy(), 20);
    });
    await new Promise<void>((r) => plain.listen(0, "127.0.0.1", r));
    port = (plain.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await stalled.close();
    plain.closeAllConnections();
    await new Promise((r) => plain.close(r));
  });

  async function plainConnection(): Promise<HttpConnection> {
    const connection = new HttpConnection({
      device: createDevice({ id: "web1", host: "127.0.0.1", port, platform: "x" }),
      options: { scheme: "http", retries: 0 },
    });
    await connection.connect({ timeoutMs: 5_000 });
    return connection;
  }

  it("a body stalled past bodyTimeoutMs: TimeoutError (phase body) with the bytes received", async () => {
    await using c = await openConnection(stalled, { retries: 0, bodyTimeoutMs: 200 });
    const err = (await c.request({ path: "/restconf/data" }).catch((e: unknown) => e)) as TimeoutError;
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.phase).toBe("body");
    expect(err.partialOutput).toHaveLength(20);
  });

  it("a request whose time runs out mid-body: TimeoutError (phase request) with the bytes received", async () => {
    await using c = await openConnection(stalled, { retries: 0 });
    const err = (await c
      .request({ path: "/restconf/data", timeoutMs: 300 })
      .catch((e: unknown) => e)) as TimeoutError;
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.phase).toBe("request");
    expect(err.partialOutput).toHaveLength(20);
  });

  it("a connection dropped mid-body: DisconnectedError with the bytes received", async () => {
    await using c = await plainConnection();
    const err = (await c.request({ path: "/data" }).catch((e: unknown) => e)) as DisconnectedError;
    expect(err).toBeInstanceOf(DisconnectedError);
    expect(err.partialOutput).toBe("the first part ");
  });

  it("an error status whose body drops midway keeps what arrived as the excerpt", async () => {
    await using c = await plainConnection();
    const err = (await c.request({ path: "/status" }).catch((e: unknown) => e)) as HttpStatusError;
    expect(err).toBeInstanceOf(HttpStatusError);
    expect(err.status).toBe(500);
    expect(err.bodyExcerpt).toBe("the first part");
  });
});
