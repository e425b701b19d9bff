import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InventoryError, parseInventory } from "../../src/index.ts";

let server: Server;
let base: string;
const seen: { auth?: string | undefined }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ auth: req.headers.authorization });
    if (req.url === "/hosts") {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ hosts: [{ name: "cmdb1", platform: "arista_eos", site: "par" }] }));
    } else if (req.url === "/slow") {
      setTimeout(() => res.end("[]"), 5_000);
    } else {
      res.statusCode = 503;
      res.end("maintenance");
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

describe("the http inventory source", () => {
  it("adds the hosts an HTTP endpoint returns, sending the configured headers", async () => {
    const inventory = await parseInventory(
      `sources: [{ type: http, url: "${base}/hosts", headers: { authorization: "Bearer t0ken" } }]`,
      { file: "/tmp/fleet.yaml", env: {} },
    );
    expect(inventory.hosts.map((h) => [h.name, h.device.platform, h.device.data.site])).toEqual([
      ["cmdb1", "arista_eos", "par"],
    ]);
    expect(seen.at(-1)?.auth).toBe("Bearer t0ken");
  });

  it("reports an error status and a timeout as inventory problems", async () => {
    const failed = await parseInventory(`sources: [{ type: http, url: "${base}/down" }]`, {
      file: "/tmp/fleet.yaml",
      env: {},
    }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(InventoryError);
    expect((failed as InventoryError).issues[0]?.message).toContain("503");
    const slow = await parseInventory(`sources: [{ type: http, url: "${base}/slow" }]`, {
      file: "/tmp/fleet.yaml",
      env: {},
      sourceTimeoutMs: 200,
    }).catch((e: unknown) => e);
    expect((slow as InventoryError).issues[0]?.message).toMatch(
      /the http source http:\/\/127.0.0.1:\d+\/slow failed: .*(abort|timeout|time)/i,
    );
  });
});
