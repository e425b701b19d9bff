import { afterEach, describe, expect, it } from "vitest";
import { MemoryConnection } from "../test/fixtures/plugins.ts";
import { createDevice } from "./device.ts";
import { ConnectionCreationError, ConnectionError } from "./errors.ts";

const device = createDevice({ id: "r1", host: "10.0.0.1", platform: "acme_os" });

describe("BaseConnection lifecycle", () => {
  let conn: MemoryConnection | undefined;
  afterEach(async () => conn?.disconnect());

  it("imports its library lazily, inside connect, and stores the raw client only after success", async () => {
    const events: string[] = [];
    conn = new MemoryConnection(device, {}, events);
    expect(events).toEqual([]);
    expect(conn.raw).toBeUndefined();
    const raw = await conn.connect();
    expect(events).toEqual(["import", "open"]);
    expect(conn.raw).toBe(raw);
    expect(await conn.connect()).toBe(raw);
    expect(events).toEqual(["import", "open"]);
  });

  it("turns a missing library into ConnectionCreationError with the cause and what to install", async () => {
    const cause = Object.assign(new Error("Cannot find package 'memory-lib'"), {
      code: "ERR_MODULE_NOT_FOUND",
    });
    conn = new MemoryConnection(device, { failImport: cause });
    const err = await conn.connect().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionCreationError);
    expect((err as ConnectionCreationError).cause).toBe(cause);
    expect((err as Error).message).toContain("npm install memory-lib");
    expect((err as ConnectionCreationError).deviceId).toBe("r1");
    expect(conn.raw).toBeUndefined();
  });

  it("keeps no raw client when open fails, and wraps untyped failures", async () => {
    conn = new MemoryConnection(device, { failOpen: new Error("boom") });
    const err = await conn.connect().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(conn.raw).toBeUndefined();
    expect(conn.connected).toBe(false);
  });

  it("never throws from disconnect or isAlive, and logs a warning instead", async () => {
    conn = new MemoryConnection(device, {
      failClose: new Error("close failed"),
      failProbe: new Error("probe failed"),
    });
    await conn.connect();
    await expect(conn.isAlive()).resolves.toBe(false);
    await expect(conn.disconnect()).resolves.toBeUndefined();
    await expect(conn.disconnect()).resolves.toBeUndefined();
    expect(conn.raw).toBeUndefined();
  });

  it("reports not alive before connect and after disconnect", async () => {
    conn = new MemoryConnection(device);
    expect(await conn.isAlive()).toBe(false);
    await conn.connect();
    expect(await conn.isAlive()).toBe(true);
    await conn.disconnect();
    expect(await conn.isAlive()).toBe(false);
  });

  it("shares one attempt between concurrent connect calls", async () => {
    const events: string[] = [];
    conn = new MemoryConnection(device, {}, events);
    const [a, b] = await Promise.all([conn.connect(), conn.connect()]);
    expect(a).toBe(b);
    expect(events.filter((e) => e === "open")).toHaveLength(1);
  });

  it("supports await using", async () => {
    const events: string[] = [];
    {
      await using c = new MemoryConnection(device, {}, events);
      await c.connect();
    }
    expect(events).toEqual(["import", "open", "close"]);
  });
});
