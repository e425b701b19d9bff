import { DisconnectedError, OperationAbortedError, TimeoutError } from "@patchbay/core";
import { describe, expect, it } from "vitest";
import { BASE, FakeServer } from "../test/fake-server.ts";
import { NETCONF_BASE_1_0, NETCONF_BASE_1_1 } from "./capabilities.ts";
import { NetconfCapabilityError, NetconfFramingError, NetconfRequestError, RpcError } from "./errors.ts";
import { NetconfSession } from "./session.ts";

async function open(server = new FakeServer(), options: { stripNamespaces?: boolean } = {}) {
  const session = await NetconfSession.open({
    transport: server,
    context: { deviceId: "r1", host: "10.0.0.1" },
    helloGapMs: 0,
    ...options,
  });
  return { server, session };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe("hello and framing", () => {
  it("negotiates base 1.1 when both sides advertise it, and sends chunks with the leading newline", async () => {
    const { server, session } = await open();
    expect(session.framing).toBe("1.1");
    expect(session.sessionId).toBe("7");
    expect(session.capabilities.has(":candidate")).toBe(false);
    server.onRequest = (r) => server.reply(r.id, "<ok/>");
    const reply = await session.lock("running");
    expect(reply.ok).toBe(true);
    expect(Buffer.concat(server.raw).toString()).toMatch(/^\n#\d+\n<rpc [\s\S]*<\/rpc>\n##\n$/);
    expect(server.requests[0]?.operation?.name).toBe("lock");
  });

  it("stays on base 1.0 end-of-message framing with a 1.0-only server", async () => {
    const { server, session } = await open(new FakeServer([NETCONF_BASE_1_0]));
    expect(session.framing).toBe("1.0");
    server.onRequest = (r) => server.reply(r.id, "<ok/>");
    await session.unlock("running");
    expect(Buffer.concat(server.raw).toString()).toMatch(/^<rpc [\s\S]*<\/rpc>\]\]>\]\]>$/);
  });

  it("refuses, before sending, a 1.0 request that contains ]]>]]>", async () => {
    const { server, session } = await open(new FakeServer([NETCONF_BASE_1_0]));
    await expect(session.rpc("<x><![CDATA[]]>]]>]]></x>")).rejects.toBeInstanceOf(NetconfRequestError);
    expect(server.requests).toHaveLength(0);
  });

  it("times out a server that never says hello, and closes the transport", async () => {
    const server = new FakeServer(undefined, { hello: "never" });
    const err = await NetconfSession.open({ transport: server, timeoutMs: 20 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(server.closed).toBe(true);
  });

  it("fails the hello at once with NetconfFramingError when the server sends garbage instead", async () => {
    const server = new FakeServer(undefined, { hello: "never" });
    setImmediate(() => server.sendRaw("Password: "));
    const err = await NetconfSession.open({ transport: server }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetconfFramingError);
    expect(server.closed).toBe(true);
  });

  it("waits for the channel to drain between the frames of a large request", async () => {
    const { server, session } = await open();
    const order: string[] = [];
    const write = server.write.bind(server);
    let release: () => void = () => {};
    server.write = (data) => {
      order.push(`write ${Buffer.byteLength(data)}`);
      write(data);
      return false;
    };
    server.drain = () => {
      order.push("drain");
      return new Promise<void>((r) => {
        release = r;
      });
    };
    server.onRequest = (r) => server.reply(r.id, "<ok/>");
    const pending = session.rpc(`<big>${"x".repeat(100_000)}</big>`);
    await tick();
    expect(order).toEqual(["write 9", "drain"]);
    release();
    await tick();
    release();
    await tick();
    release();
    expect((await pending).ok).toBe(true);
    expect(order.filter((o) => o === "drain")).toHaveLength(3);
  });

  it("fails the hello with a typed error when the server advertises no base capability", async () => {
    const err = await open(new FakeServer(["urn:example:other"])).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/neither NETCONF base 1.0 nor 1.1/);
  });
});

describe("RPCs", () => {
  it("correlates several RPCs in flight by message-id, whatever the order of the replies", async () => {
    const { server, session } = await open();
    const calls = [1, 2, 3].map((n) => session.rpc(`<get-thing><n>${n}</n></get-thing>`));
    await tick();
    expect(session.pendingCount).toBe(3);
    for (const r of [...server.requests].reverse()) {
      server.reply(r.id, `<data><n>${r.operation?.children[0]?.text}</n></data>`);
    }
    const replies = await Promise.all(calls);
    expect(replies.map((r) => r.xml)).toEqual(["<n>1</n>", "<n>2</n>", "<n>3</n>"]);
    expect(replies.map((r) => r.messageId)).toEqual(server.requests.map((r) => r.id));
  });

  it("turns rpc-errors into an RpcError listing every error with all its fields", async () => {
    const { server, session } = await open();
    server.onRequest = (r) =>
      server.reply(
        r.id,
        `<rpc-error><error-type>protocol</error-type><error-tag>lock-denied</error-tag><error-severity>error</error-severity>
         <error-message xml:lang="en">Lock failed, lock already held</error-message>
         <error-info><session-id>4</session-id></error-info></rpc-error>
         <rpc-error><error-type>application</error-type><error-tag>invalid-value</error-tag><error-severity>error</error-severity>
         <error-app-tag>too-big</error-app-tag><error-path>/if:interfaces/if:interface[if:name='a']/if:mtu</error-path>
         <error-info><bad-element>mtu</bad-element></error-info></rpc-error>`,
      );
    const err = (await session.lock("running").catch((e: unknown) => e)) as RpcError;
    expect(err).toBeInstanceOf(RpcError);
    expect(err.code).toBe("NETCONF_RPC_ERROR");
    expect(err.deviceId).toBe("r1");
    expect(err.host).toBe("10.0.0.1");
    expect(err.operation).toBe("lock");
    expect(err.tag).toBe("lock-denied");
    expect(err.message).toContain("Lock failed, lock already held");
    expect(err.errors).toEqual([
      {
        type: "protocol",
        tag: "lock-denied",
        severity: "error",
        message: "Lock failed, lock already held",
        info: { "session-id": "4" },
        infoXml: `<session-id xmlns="${BASE}">4</session-id>`,
      },
      {
        type: "application",
        tag: "invalid-value",
        severity: "error",
        appTag: "too-big",
        path: "/if:interfaces/if:interface[if:name='a']/if:mtu",
        info: { "bad-element": "mtu" },
        infoXml: `<bad-element xmlns="${BASE}">mtu</bad-element>`,
      },
    ]);
  });

  it("resolves a reply with only warnings, keeping them on the reply", async () => {
    const { server, session } = await open();
    server.onRequest = (r) =>
      server.reply(
        r.id,
        "<rpc-error><error-type>application</error-type><error-tag>operation-failed</error-tag><error-severity>warning</error-severity><error-message>careful</error-message></rpc-error><ok/>",
      );
    const reply = await session.rpc("<do-it/>");
    expect(reply.ok).toBe(true);
    expect(reply.warnings.map((w) => w.message)).toEqual(["careful"]);
  });

  it("rejects a timed-out RPC with TimeoutError, drops its late reply, and keeps the session", async () => {
    const { server, session } = await open();
    const err = await session.rpc("<slow/>", { timeoutMs: 20 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(session.pendingCount).toBe(0);
    const late = server.requests[0];
    server.onRequest = (r) => server.reply(r.id, "<data><fast/></data>");
    server.reply(late?.id, "<data><late/></data>");
    const reply = await session.rpc("<fast/>");
    expect(reply.xml).toBe("<fast/>");
    expect(session.closed).toBe(false);
  });

  it("rejects an aborted RPC with OperationAbortedError; an RPC aborted before sending is not sent", async () => {
    const { server, session } = await open();
    const controller = new AbortController();
    const pending = session.rpc("<wait/>", { signal: controller.signal });
    controller.abort();
    expect(await pending.catch((e: unknown) => e)).toBeInstanceOf(OperationAbortedError);
    await tick();
    expect(server.requests).toHaveLength(0);
    const again = await session.rpc("<wait/>", { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(OperationAbortedError);
  });

  it("gives a reply without message-id to the only RPC waiting", async () => {
    const { server, session } = await open();
    server.onRequest = () =>
      server.reply(
        undefined,
        "<rpc-error><error-type>rpc</error-type><error-tag>missing-attribute</error-tag><error-severity>error</error-severity></rpc-error>",
      );
    const err = (await session.rpc("<x/>").catch((e: unknown) => e)) as RpcError;
    expect(err.errors[0]?.tag).toBe("missing-attribute");
  });

  it("rejects pending RPCs with DisconnectedError when the channel drops, and refuses new ones", async () => {
    const { server, session } = await open();
    const pending = session.rpc("<x/>");
    await tick();
    server.drop();
    expect(await pending.catch((e: unknown) => e)).toBeInstanceOf(DisconnectedError);
    expect(session.closed).toBe(true);
    await expect(session.rpc("<y/>")).rejects.toBeInstanceOf(DisconnectedError);
  });
});

describe("replies through the streaming reader", () => {
  it("decodes a multi-byte character split across two chunks", async () => {
    const { server, session } = await open();
    server.onRequest = (r) => {
      const msg = Buffer.from(
        `<rpc-reply xmlns="${BASE}" message-id="${r.id}"><data><d>€uro ✓</d></data></rpc-reply>`,
      );
      const cut = msg.indexOf(Buffer.from("€")) + 1;
      server.sendRaw(`\n#${cut}\n`);
      server.sendRaw(msg.subarray(0, cut));
      server.sendRaw(`\n#${msg.length - cut}\n`);
      server.sendRaw(msg.subarray(cut));
      server.sendRaw("\n##\n");
    };
    const reply = await session.get();
    expect(reply.xml).toBe("<d>€uro ✓</d>");
    expect(reply.data).toEqual({ d: "€uro ✓" });
  });

  it("decodes a character split across the 1 MiB blocks of a large reply, ASCII on either side", async () => {
    const { server, session } = await open();
    const text = `${"a".repeat(1 << 20)}€${"b".repeat(1 << 20)}✓`;
    server.onRequest = (r) => {
      const msg = Buffer.from(
        `<rpc-reply xmlns="${BASE}" message-id="${r.id}"><data><t>${text}</t></data></rpc-reply>`,
      );
      const cut = msg.indexOf(Buffer.from("€")) + 2;
      for (const part of [msg.subarray(0, cut), msg.subarray(cut)]) {
        server.sendRaw(`\n#${part.length}\n`);
        server.sendRaw(part);
      }
      server.sendRaw("\n##\n");
    };
    const reply = await session.get();
    expect(reply.xml).toBe(`<t>${text}</t>`);
  });

  it("keeps ]]>]]> and \\n##\\n inside data under 1.1, in CDATA and comments too", async () => {
    const { server, session } = await open();
    const body =
      "<d><![CDATA[x]]]]><![CDATA[>\n##\n<not-a-tag>]]></d><!-- </data> ]]>]]> --><e a='>' b=\"]]>]]>/>\"/>";
    server.onRequest = (r) => server.reply(r.id, `<data>${body}</data>`);
    const reply = await session.get();
    expect(reply.xml).toBe(body);
    expect(reply.elements.map((e) => e.name)).toEqual(["d", "e"]);
    expect(reply.elements[0]?.text).toBe("x]]>\n##\n<not-a-tag>");
    expect(reply.elements[1]?.attributes).toEqual({ a: ">", b: "]]>]]>/>" });
  });

  it("closes the session with NetconfFramingError on a bad chunk header, failing pending RPCs at once", async () => {
    const { server, session } = await open();
    const pending = session.rpc("<x/>");
    await tick();
    server.sendRaw("\n#12x\n");
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetconfFramingError);
    expect((err as Error).message).toMatch(/chunk size/);
    expect(session.closed).toBe(true);
    expect(server.closed).toBe(true);
  });

  it("fails at once on garbage under 1.0 framing, without waiting for an end-of-message marker", async () => {
    const { server, session } = await open(new FakeServer([NETCONF_BASE_1_0]));
    const pending = session.rpc("<x/>");
    await tick();
    server.sendRaw("Welcome to the router! Type help");
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetconfFramingError);
    expect((err as Error).message).toMatch(/not XML/);
  });

  it("fails on a well-framed message that is malformed XML", async () => {
    const { server, session } = await open();
    const pending = session.rpc("<x/>");
    await tick();
    server.send(`<rpc-reply xmlns="${BASE}" message-id="1"><data><a></b></data></rpc-reply>`);
    // The data content is parsed on demand, so the envelope is fine; the reply resolves and the
    // bad content throws when read as elements.
    const reply = await pending;
    expect(reply.xml).toBe("<a></b>");
    expect(() => reply.elements).toThrow(/close tag/);
    server.send(`<rpc-reply xmlns="${BASE}" message-id="2"><ok></rpc-reply>`);
    await tick();
    expect(session.closed).toBe(true);
  });

  it("keys data by local names, or by {namespace}name with stripNamespaces false", async () => {
    const body = '<top xmlns="urn:a"><x:leaf xmlns:x="urn:b">1</x:leaf><leaf>2</leaf><leaf>3</leaf></top>';
    for (const strip of [true, false]) {
      const { server, session } = await open(new FakeServer(), { stripNamespaces: strip });
      server.onRequest = (r) => server.reply(r.id, `<data>${body}</data>`);
      const reply = await session.get();
      expect(reply.data).toEqual(
        strip
          ? { top: { leaf: ["1", "2", "3"] } }
          : { "{urn:a}top": { "{urn:b}leaf": "1", leaf: ["2", "3"] } },
      );
      expect(reply.elements[0]?.namespace).toBe("urn:a");
    }
  });

  it("resolves prefixes declared on <rpc-reply> and <data> inside the content", async () => {
    const { server, session } = await open();
    server.onRequest = (r) =>
      server.send(
        `<nc:rpc-reply xmlns:nc="${BASE}" xmlns:if="urn:if" message-id="${r.id}"><nc:data xmlns:ip="urn:ip"><if:a><ip:b>1</ip:b></if:a></nc:data></nc:rpc-reply>`,
      );
    const reply = await session.get();
    expect(reply.hasData).toBe(true);
    expect(reply.elements[0]?.namespace).toBe("urn:if");
    expect(reply.elements[0]?.children[0]?.namespace).toBe("urn:ip");
  });

  it("returns get-schema text with entities decoded", async () => {
    const server = new FakeServer([
      NETCONF_BASE_1_1,
      "urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring?module=ietf-netconf-monitoring",
    ]);
    const { session } = await open(server);
    server.onRequest = (r) =>
      server.reply(
        r.id,
        '<data xmlns="urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring">module m { description "a &lt; b &amp; c"; }</data>',
      );
    expect(await session.getSchema({ identifier: "m" })).toBe('module m { description "a < b & c"; }');
    expect(server.requests[0]?.xml).toContain("<identifier>m</identifier><format>yang</format>");
  });
});

describe("capability checks", () => {
  it("refuses an XPath filter before sending when the server lacks :xpath", async () => {
    const { server, session } = await open();
    const err = (await session
      .get({ filter: { xpath: "/a" } })
      .catch((e: unknown) => e)) as NetconfCapabilityError;
    expect(err).toBeInstanceOf(NetconfCapabilityError);
    expect(err.capability).toBe(":xpath");
    expect(err.message).toMatch(/nothing was sent/);
    expect(server.requests).toHaveLength(0);
  });

  it("sends an XPath filter with its namespaces, escaped, when :xpath is advertised", async () => {
    const server = new FakeServer([NETCONF_BASE_1_1, "urn:ietf:params:netconf:capability:xpath:1.0"]);
    const { session } = await open(server);
    server.onRequest = (r) => server.reply(r.id, "<data/>");
    const reply = await session.get({
      filter: { xpath: "/if:a[name='x\"<&']", namespaces: { if: "urn:if" } },
    });
    expect(reply.xml).toBe("");
    const filter = server.requests[0]?.operation?.children[0];
    expect(filter?.attributes).toEqual({ type: "xpath", select: "/if:a[name='x\"<&']" });
    expect(filter?.namespaces).toEqual({ if: "urn:if" });
  });

  it("refuses a with-defaults mode the server does not list", async () => {
    const server = new FakeServer([
      NETCONF_BASE_1_1,
      "urn:ietf:params:netconf:capability:with-defaults:1.0?basic-mode=explicit&also-supported=trim",
    ]);
    const { session } = await open(server);
    await expect(session.get({ withDefaults: "report-all" })).rejects.toBeInstanceOf(NetconfCapabilityError);
    server.onRequest = (r) => server.reply(r.id, "<data/>");
    await session.get({ withDefaults: "trim" });
    expect(server.requests[0]?.xml).toContain(
      '<with-defaults xmlns="urn:ietf:params:xml:ns:yang:ietf-netconf-with-defaults">trim</with-defaults>',
    );
  });

  it("refuses bad arguments with NetconfRequestError", async () => {
    const { session } = await open();
    await expect(session.getConfig({ source: "bogus<x/>" as never })).rejects.toBeInstanceOf(
      NetconfRequestError,
    );
    await expect(session.killSession("1; drop")).rejects.toBeInstanceOf(NetconfRequestError);
  });
});

describe("notifications", () => {
  const NOTIF = "urn:ietf:params:xml:ns:netconf:notification:1.0";
  const notificationServer = () =>
    new FakeServer([NETCONF_BASE_1_1, "urn:ietf:params:netconf:capability:notification:1.0"]);
  const event = (n: number) =>
    `<notification xmlns="${NOTIF}"><eventTime>2026-01-01T00:00:0${n}Z</eventTime><ev xmlns="urn:ev"><n>${n}</n></ev></notification>`;

  it("yields notifications in order, including those in the same read as the reply, and ends on close", async () => {
    const server = notificationServer();
    const { session } = await open(server);
    server.onRequest = (r) => {
      if (r.operation?.name === "create-subscription") {
        server.reply(r.id, "<ok/>");
        server.send(event(1));
      } else server.reply(r.id, "<ok/>");
    };
    const sub = await session.subscribe({ stream: "NETCONF" });
    server.send(event(2));
    const seen: string[] = [];
    for await (const n of sub) {
      seen.push(`${n.eventName}:${n.data.ev && (n.data.ev as { n: string }).n}@${n.eventTime}`);
      if (seen.length === 2) void session.close();
    }
    expect(seen).toEqual(["ev:1@2026-01-01T00:00:01Z", "ev:2@2026-01-01T00:00:02Z"]);
    expect(server.requests[0]?.xml).toContain(
      `<create-subscription xmlns="${NOTIF}"><stream>NETCONF</stream>`,
    );
  });

  it("ends the iterator cleanly when the signal aborts, and throws when the channel drops", async () => {
    const server = notificationServer();
    const { session } = await open(server);
    server.onRequest = (r) => server.reply(r.id, "<ok/>");
    const controller = new AbortController();
    const sub = await session.subscribe({ signal: controller.signal });
    const next = sub.next();
    controller.abort();
    expect(await next).toEqual({ value: undefined, done: true });
    const second = await session.subscribe();
    const waiting = second.next();
    server.drop();
    await expect(waiting).rejects.toBeInstanceOf(DisconnectedError);
  });

  it("needs :notification", async () => {
    const { session } = await open();
    await expect(session.subscribe()).rejects.toBeInstanceOf(NetconfCapabilityError);
  });
});
