import { join } from "node:path";
import {
  createDevice,
  DisconnectedError,
  isPatchbayError,
  OperationAbortedError,
  TimeoutError,
} from "@patchbay/core";
import { NETCONF_ROUTE_BYTES, type SimDevice, startDevice } from "@patchbay/devsim";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { NetconfConnection, RpcError } from "../../src/index.ts";
import { tempDir } from "./peers.ts";

const dir = tempDir();
afterAll(() => dir.remove());

const IF = "urn:ietf:params:xml:ns:yang:ietf-interfaces";
const ROUTES = "urn:patchbay:devsim:routes";
let sim: SimDevice | undefined;
const conns: NetconfConnection[] = [];

afterEach(async () => {
  for (const c of conns.splice(0)) await c.disconnect();
  await sim?.close();
  sim = undefined;
});

async function connect(routes = 0): Promise<NetconfConnection> {
  sim ??= await startDevice({
    platform: "cisco_iosxe",
    username: "admin",
    password: "sim-Secret-1",
    netconf: { routes },
  });
  const conn = new NetconfConnection({
    device: createDevice({
      id: "sim",
      host: sim.host,
      port: 22,
      username: "admin",
      password: "sim-Secret-1",
      platform: "cisco_iosxe",
      data: { netconf: { port: sim.port } },
    }),
    sshOptions: { knownHostsPath: join(dir.path, "known_hosts"), keepaliveIntervalMs: 0 },
  });
  conns.push(conn);
  await conn.connect();
  return conn;
}

const description = (name: string) =>
  `<interfaces xmlns="${IF}"><interface><name>${name}</name><description/></interface></interfaces>`;

describe("NETCONF against the devsim simulator", () => {
  it("opens the netconf subsystem on the simulator's SSH port, with the port from device.data.netconf", async () => {
    const conn = await connect();
    expect(conn.options.port).toBe(sim?.port);
    expect(conn.session.framing).toBe("1.1");
    expect(conn.capabilities.has(":writable-running")).toBe(true);
    expect(sim?.netconf?.sessions).toBe(1);
  });

  it("reads a 20 MB get-config through the streaming reader, every route intact", async () => {
    const routes = Math.ceil((20 * 1024 * 1024) / NETCONF_ROUTE_BYTES);
    const conn = await connect(routes);
    const reply = await conn.getConfig({ filter: `<routes xmlns="${ROUTES}"/>` });
    const xml = reply.xml;
    expect(xml.length).toBeGreaterThan(routes * NETCONF_ROUTE_BYTES);
    expect(xml.split("<route>").length - 1).toBe(routes);
    expect(xml).toContain("<prefix>10.100.100.100/32</prefix>");
    expect(xml.trimEnd().endsWith("</routes>")).toBe(true);
  });

  it("builds elements and objects of a routes reply on demand", async () => {
    const conn = await connect(300);
    const reply = await conn.getConfig({ filter: `<routes xmlns="${ROUTES}"/>` });
    const list = (reply.data.routes as { route: { prefix: string; metric: string }[] }).route;
    expect(list).toHaveLength(300);
    expect(list[0]).toMatchObject({ prefix: "10.100.100.100/32", metric: "100" });
    expect(reply.elements[0]?.namespace).toBe(ROUTES);
  });

  it("round-trips a description holding ]]>]]>, #, markup characters and non-ASCII text", async () => {
    const conn = await connect();
    // The simulator allows one line per description; netconfd's test covers newlines.
    const tricky = "a]]>]]>b ## c <x> & \"q\" 's' — ünïcødé ✓";
    await conn.editConfig({
      target: "running",
      config: { interfaces: { "@xmlns": IF, interface: { name: "GigabitEthernet1", description: tricky } } },
    });
    const reply = await conn.getConfig({ filter: description("GigabitEthernet1") });
    const iface = (reply.data.interfaces as { interface: { description: string } }).interface;
    expect(iface.description).toBe(tricky);
  });

  it("edits the candidate and commits it; another session's lock is denied meanwhile", async () => {
    const a = await connect();
    const b = await connect();
    await a.lock("candidate");
    await a.editConfig({
      target: "candidate",
      config: {
        interfaces: { "@xmlns": IF, interface: { name: "GigabitEthernet2", description: "from-candidate" } },
      },
    });
    const denied = (await b.lock("candidate").catch((e: unknown) => e)) as RpcError;
    expect(denied).toBeInstanceOf(RpcError);
    expect(denied.tag).toBe("lock-denied");
    expect(denied.errors[0]?.info["session-id"]).toBe(a.sessionId);
    await a.commit();
    await a.unlock("candidate");
    const running = await b.getConfig({ filter: description("GigabitEthernet2") });
    expect(running.xml).toContain("<description>from-candidate</description>");
  });

  it("answers ten RPCs in flight on one session, each with its own reply", async () => {
    const conn = await connect(50);
    const names = Array.from({ length: 10 }, (_, i) => `GigabitEthernet${(i % 3) + 1}`);
    const replies = await Promise.all(names.map((n) => conn.getConfig({ filter: description(n) })));
    replies.forEach((r, i) => {
      expect(r.xml).toContain(`<name>${names[i]}</name>`);
    });
    expect(new Set(replies.map((r) => r.messageId)).size).toBe(10);
  });

  it("abandons an aborted large get-config mid-stream and keeps the session for the next RPC", async () => {
    const conn = await connect(Math.ceil((10 * 1024 * 1024) / NETCONF_ROUTE_BYTES));
    const controller = new AbortController();
    const big = conn.getConfig({ filter: `<routes xmlns="${ROUTES}"/>`, signal: controller.signal });
    await new Promise((r) => setImmediate(r));
    controller.abort();
    expect(await big.catch((e: unknown) => e)).toBeInstanceOf(OperationAbortedError);
    const small = await conn.getConfig({ filter: description("GigabitEthernet1") });
    expect(small.xml).toContain("<name>GigabitEthernet1</name>");
    expect(conn.session.closed).toBe(false);
  });

  it("delivers a netconf-config-change notification for another session's edit", async () => {
    const listener = await connect();
    const writer = await connect();
    const controller = new AbortController();
    const sub = await listener.subscribe({ signal: controller.signal });
    await writer.editConfig({
      target: "running",
      config: {
        interfaces: { "@xmlns": IF, interface: { name: "GigabitEthernet3", description: "notify" } },
      },
    });
    for await (const n of sub) {
      expect(n.eventName).toBe("netconf-config-change");
      controller.abort();
    }
    expect(sub.ended).toBe(true);
  });

  it("times out an RPC whose reply stalls mid-message, drops the late reply and answers the next RPC", async () => {
    const conn = await connect(100);
    sim?.setFaults({ stall: { afterBytes: 200, ms: 2_000 } });
    const err = await conn
      .getConfig({ filter: `<routes xmlns="${ROUTES}"/>`, timeoutMs: 100 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    sim?.setFaults({});
    const next = await conn.getConfig({ filter: description("GigabitEthernet1") });
    expect(next.xml).toContain("<name>GigabitEthernet1</name>");
    expect(next.xml).not.toContain("<route>");
    expect(conn.session.pendingCount).toBe(0);
  });

  it("ends the session with a typed protocol error when the reply stream turns to garbage", async () => {
    const conn = await connect(100);
    sim?.setFaults({ garbage: { everyBytes: 300, kinds: ["random"], seed: 7 } });
    const err = await conn.getConfig({ filter: `<routes xmlns="${ROUTES}"/>` }).catch((e: unknown) => e);
    expect(isPatchbayError(err, "NETCONF_PROTOCOL")).toBe(true);
    expect(conn.raw?.closed).toBe(true);
    await expect(conn.get()).rejects.toBeInstanceOf(DisconnectedError);
    expect(await conn.isAlive()).toBe(false);
  });

  it("fails the RPC with DisconnectedError when the connection drops mid-reply", async () => {
    const conn = await connect(1_000);
    sim?.setFaults({ dropMidOutput: { afterBytes: 5_000 } });
    const err = await conn.getConfig({ filter: `<routes xmlns="${ROUTES}"/>` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DisconnectedError);
    expect(await conn.isAlive()).toBe(false);
  });
});
