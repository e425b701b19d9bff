import { DisconnectedError, TimeoutError } from "@patchbay/core";
import { describe, expect, it, vi } from "vitest";
import { BASE, FakeServer } from "../test/fake-server.ts";
import { NetconfFramingError, NetconfProtocolError, NetconfRequestError, RpcError } from "./errors.ts";
import { NetconfSession, type NetconfSessionOptions } from "./session.ts";

async function open(server = new FakeServer(), options: Partial<NetconfSessionOptions> = {}) {
  const session = await NetconfSession.open({
    transport: server,
    context: { deviceId: "r1", host: "10.0.0.1" },
    helloGapMs: 0,
    ...options,
  });
  return { server, session };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
const ERROR = `<rpc-error><error-type>application</error-type><error-tag>operation-failed</error-tag><error-severity>error</error-severity><error-message>boom</error-message></rpc-error>`;

describe("hello order", () => {
  it("sends the client hello only after the server's hello by default", async () => {
    const { server, session } = await open();
    expect(server.writes[0]?.data).toMatch(/^<\?xml[^>]*\?><hello /);
    expect(server.writes[0]?.afterServerHello).toBe(true);
    expect(session.framing).toBe("1.1");
    server.onRequest = (r) => server.reply(r.id, "<ok/>");
    expect((await session.lock("running")).ok).toBe(true);
  });

  it("does not write the first RPC right behind the hello (netconfd loses an RPC read with the hello)", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const server = new FakeServer();
      const session = await NetconfSession.open({ transport: server, helloGapMs: 1_000 });
      server.onRequest = (r) => server.reply(r.id, "<ok/>");
      const reply = session.lock("running");
      await tick();
      expect(server.writes).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1_000);
      expect((await reply).ok).toBe(true);
      expect(server.writes.length).toBeGreaterThan(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it("sends the client hello at once with helloOrder at-open (a server that waits for it still answers)", async () => {
    const server = new FakeServer(undefined, { hello: "after-client" });
    const { session } = await open(server, { helloOrder: "at-open" });
    expect(server.writes[0]?.afterServerHello).toBe(false);
    expect(session.framing).toBe("1.1");
  });
});

describe("replies", () => {
  it("rejects with RpcError when an rpc-error sits between two <data> elements (never merged into data)", async () => {
    const { server, session } = await open();
    server.onRequest = (r) => server.reply(r.id, `<data><a>1</a></data>${ERROR}<data><b>2</b></data>`);
    const err = await session.get().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcError);
    expect((err as RpcError).errors.map((e) => e.message)).toEqual(["boom"]);
  });

  it("rejects with RpcError for an rpc-error after <data>, also when <data> is prefixed", async () => {
    const { server, session } = await open();
    server.onRequest = (r) =>
      server.send(
        `<nc:rpc-reply xmlns:nc="${BASE}" message-id="${r.id}"><nc:data><x/></nc:data><nc:rpc-error><nc:error-type>rpc</nc:error-type><nc:error-tag>bad</nc:error-tag><nc:error-severity>error</nc:error-severity></nc:rpc-error></nc:rpc-reply>`,
      );
    const err = (await session.get().catch((e: unknown) => e)) as RpcError;
    expect(err).toBeInstanceOf(RpcError);
    expect(err.tag).toBe("bad");
  });

  it("gives the whole <rpc-reply> text as reply.raw and on RpcError.raw", async () => {
    const { server, session } = await open();
    server.onRequest = (r) =>
      r.operation?.name === "get"
        ? server.send(
            `<?xml version="1.0"?>\n<rpc-reply xmlns="${BASE}" message-id="${r.id}"><data><a>1</a></data></rpc-reply>\n`,
          )
        : server.reply(r.id, ERROR);
    const reply = await session.get();
    expect(reply.raw).toBe(`<rpc-reply xmlns="${BASE}" message-id="1"><data><a>1</a></data></rpc-reply>`);
    expect(reply.xml).toBe("<a>1</a>");
    const err = (await session.lock("running").catch((e: unknown) => e)) as RpcError;
    expect(err.raw).toBe(`<rpc-reply xmlns="${BASE}" message-id="2">${ERROR}</rpc-reply>`);
  });

  it("starts message-ids at firstMessageId, and refuses a bad one", async () => {
    const { server, session } = await open(new FakeServer(), { firstMessageId: 100 });
    server.onRequest = (r) => server.reply(r.id, "<ok/>");
    await session.lock("running");
    await session.unlock("running");
    expect(server.requests.map((r) => r.id)).toEqual(["100", "101"]);
    await expect(open(new FakeServer(), { firstMessageId: -1 })).rejects.toBeInstanceOf(NetconfRequestError);
  });
});

describe("close-session", () => {
  it("reports a close-session the server refused, and closes the channel anyway", async () => {
    const { server, session } = await open();
    server.onRequest = (r) => server.reply(r.id, ERROR);
    const err = await session.close().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcError);
    expect((err as RpcError).operation).toBe("close-session");
    expect(server.closed).toBe(true);
    expect(session.closed).toBe(true);
  });

  it("reports a close-session that timed out", async () => {
    const { server, session } = await open();
    const err = await session.close({ timeoutMs: 20 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(server.closed).toBe(true);
  });

  it("resolves when the server confirms the close", async () => {
    const { server, session } = await open();
    server.onRequest = (r) => server.reply(r.id, "<ok/>");
    await expect(session.close()).resolves.toBeUndefined();
  });
});

describe("partial replies on errors", () => {
  const head = (id: string | undefined) => `<rpc-reply xmlns="${BASE}" message-id="${id}"><data><a>1</a><b>`;

  it("a timeout mid-reply carries what arrived of the reply", async () => {
    const { server, session } = await open();
    server.onRequest = (r) => server.sendRaw(`\n#${head(r.id).length + 10}\n${head(r.id)}`);
    const err = (await session.get({ timeoutMs: 30 }).catch((e: unknown) => e)) as TimeoutError;
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.partialOutput).toBe(head("1"));
  });

  it("a timeout does not take another RPC's partial reply as its own", async () => {
    const { server, session } = await open();
    server.onRequest = (r) => {
      if (r.id === "1") server.sendRaw(`\n#${head(r.id).length + 10}\n${head(r.id)}`);
    };
    const first = session.get({ timeoutMs: 1_000 }).catch((e: unknown) => e);
    const err = (await session.get({ timeoutMs: 30 }).catch((e: unknown) => e)) as TimeoutError;
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.partialOutput).toBe("");
    server.drop();
    expect(((await first) as DisconnectedError).partialOutput).toBe(head("1"));
  });

  it("a channel dropped mid-reply gives DisconnectedError with the partial reply", async () => {
    const { server, session } = await open();
    server.onRequest = (r) => {
      server.sendRaw(`\n#${head(r.id).length + 10}\n${head(r.id)}`);
      setImmediate(() => server.drop());
    };
    const err = (await session.getConfig().catch((e: unknown) => e)) as DisconnectedError;
    expect(err).toBeInstanceOf(DisconnectedError);
    expect(err.partialOutput).toBe(head("1"));
  });

  it("broken framing mid-reply gives NetconfFramingError with the partial reply", async () => {
    const { server, session } = await open();
    server.onRequest = (r) => server.sendRaw(`\n#${head(r.id).length}\n${head(r.id)}\n#zz\n`);
    const err = (await session.get().catch((e: unknown) => e)) as NetconfFramingError;
    expect(err).toBeInstanceOf(NetconfFramingError);
    expect(err.partialOutput).toBe(head("1"));
  });

  it("malformed XML in a reply gives NetconfFramingError with the message", async () => {
    const { server, session } = await open();
    const bad = `<rpc-reply xmlns="${BASE}" message-id="1"><ok></rpc-reply>`;
    server.onRequest = () => server.send(bad);
    const err = (await session.get().catch((e: unknown) => e)) as NetconfFramingError;
    expect(err).toBeInstanceOf(NetconfFramingError);
    expect(err.partialOutput).toBe(bad);
  });

  it("a hello timeout carries the part of the server's hello that arrived", async () => {
    const server = new FakeServer(undefined, { hello: "never" });
    const part = `<hello xmlns="${BASE}"><capabilities><capability>urn:ietf`;
    setImmediate(() => server.sendRaw(part));
    const err = (await NetconfSession.open({ transport: server, timeoutMs: 30 }).catch(
      (e: unknown) => e,
    )) as TimeoutError;
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.partialOutput).toBe(part);
  });

  it("a hello without session-id gives NetconfProtocolError with the hello", async () => {
    const server = new FakeServer(undefined, { hello: "never" });
    const hello = `<hello xmlns="${BASE}"><capabilities><capability>urn:ietf:params:netconf:base:1.0</capability></capabilities></hello>`;
    setImmediate(() => server.sendRaw(`${hello}]]>]]>`));
    const err = (await NetconfSession.open({ transport: server }).catch(
      (e: unknown) => e,
    )) as NetconfProtocolError;
    expect(err).toBeInstanceOf(NetconfProtocolError);
    expect(err.partialOutput).toBe(hello);
    await tick();
  });
});
