import { afterEach, describe, expect, it } from "vitest";
import { type SimDevice, startDevice } from "../../src/index.ts";
import { chunk, clientHello, errorTags, NetconfTestClient, texts } from "./netconf-client.ts";

const IF = "urn:ietf:params:xml:ns:yang:ietf-interfaces";
const SYS = "urn:ietf:params:xml:ns:yang:ietf-system";

let device: SimDevice | undefined;
const clients: NetconfTestClient[] = [];

async function open(
  options: Parameters<typeof startDevice>[0] = { platform: "cisco_iosxe" },
): Promise<NetconfTestClient> {
  device ??= await startDevice(options);
  const c = await NetconfTestClient.open(device);
  clients.push(c);
  return c;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await device?.close();
  device = undefined;
});

describe("NETCONF hello and framing", () => {
  it("announces base 1.0 and 1.1, the optional capabilities and a session-id", async () => {
    const c = await open();
    const caps = texts(c.serverHello, "capability");
    for (const cap of [
      "urn:ietf:params:netconf:base:1.0",
      "urn:ietf:params:netconf:base:1.1",
      "urn:ietf:params:netconf:capability:candidate:1.0",
      "urn:ietf:params:netconf:capability:confirmed-commit:1.1",
      "urn:ietf:params:netconf:capability:validate:1.1",
      "urn:ietf:params:netconf:capability:startup:1.0",
      "urn:ietf:params:netconf:capability:xpath:1.0",
      "urn:ietf:params:netconf:capability:rollback-on-error:1.0",
      "urn:ietf:params:netconf:capability:notification:1.0",
      "urn:ietf:params:netconf:capability:interleave:1.0",
    ])
      expect(caps).toContain(cap);
    expect(caps.some((c) => c.startsWith("urn:ietf:params:netconf:capability:with-defaults:1.0"))).toBe(true);
    expect(caps.some((c) => c.startsWith("urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring?"))).toBe(true);
    expect(c.sessionId).toBeGreaterThan(0);
  });

  it("gives every session its own session-id", async () => {
    const a = await open();
    const b = await open();
    expect(b.sessionId).not.toBe(a.sessionId);
  });

  it("speaks chunked framing after both hellos announce base:1.1", async () => {
    const c = await open();
    const reply = await c.rpc("<get-config><source><running/></source></get-config>");
    expect(reply).toContain('<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="1"');
    expect(reply).toContain("<hostname>R1</hostname>");
    expect(c.lastChunkSizes.length).toBeGreaterThan(0);
  });

  it("keeps end-of-message framing with a base:1.0-only client", async () => {
    device = await startDevice({ platform: "cisco_iosxe" });
    const c = await NetconfTestClient.open(device, { bases: ["1.0"] });
    clients.push(c);
    expect(c.chunked).toBe(false);
    const reply = await c.rpc("<get-config><source><running/></source></get-config>");
    expect(reply).toContain("<hostname>R1</hostname>");
    expect(reply).toContain("</rpc-reply>");
  });

  it("accepts white space between end-of-message framed messages, before an XML declaration", async () => {
    device = await startDevice({ platform: "cisco_iosxe" });
    const c = await NetconfTestClient.open(device, { bases: ["1.0"] });
    clients.push(c);
    c.sendRaw(
      '\n<?xml version="1.0" encoding="UTF-8"?><rpc xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="w"><get-config><source><running/></source></get-config></rpc>]]>]]>',
    );
    expect(await c.nextReply()).toContain("<hostname>R1</hostname>");
  });

  it("stays with end-of-message framing on a server started with base11: false", async () => {
    device = await startDevice({ platform: "cisco_iosxe", netconf: { base11: false } });
    const c = await NetconfTestClient.open(device, { bases: ["1.0", "1.1"] });
    clients.push(c);
    expect(c.serverHello).not.toContain("urn:ietf:params:netconf:base:1.1");
    c.chunked = false;
    const reply = await c.rpc("<get-config><source><running/></source></get-config>");
    expect(reply).toContain("<hostname>R1</hostname>");
  });

  it("reads chunks by their length, however the client splits a message", async () => {
    const c = await open();
    // Chunks of 7 bytes, and a description holding "]]>]]>" and "\n##\n" that must not end anything.
    const rpc = `<rpc xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="x7"><edit-config><target><running/></target><config><interfaces xmlns="${IF}"><interface><name>GigabitEthernet1</name><description>a]]&gt;]]&gt;b</description></interface></interfaces></config></edit-config></rpc>`;
    const framed = chunk(rpc, 7);
    for (let i = 0; i < framed.length; i += 5) c.sendRaw(framed.subarray(i, i + 5));
    const reply = await c.nextReply();
    expect(reply).toContain('message-id="x7"');
    expect(reply).toContain("<ok/>");
    const got = await c.rpc(
      `<get-config><source><running/></source><filter><interfaces xmlns="${IF}"><interface><name>GigabitEthernet1</name><description/></interface></interfaces></filter></get-config>`,
    );
    expect(got).toContain("<description>a]]&gt;]]&gt;b</description>");
  });

  it("answers a broken chunk header with malformed-message and ends the session", async () => {
    const c = await open();
    c.sendRaw("\n#abc\n<rpc/>\n##\n");
    const reply = await c.nextReply();
    expect(errorTags(reply)).toEqual(["malformed-message"]);
    await c.waitClosed();
  });

  it("ends the session when the client hello carries a session-id", async () => {
    device = await startDevice({ platform: "cisco_iosxe" });
    const c = await NetconfTestClient.open(device, { hello: false });
    clients.push(c);
    c.sendRaw(
      `<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities><capability>urn:ietf:params:netconf:base:1.1</capability></capabilities><session-id>4</session-id></hello>]]>]]>`,
    );
    await c.waitClosed();
  });

  it("accepts a client hello sent together with the first chunked rpc in one write", async () => {
    device = await startDevice({ platform: "cisco_iosxe" });
    const c = await NetconfTestClient.open(device, { hello: false });
    clients.push(c);
    c.chunked = true;
    c.sendRaw(
      Buffer.concat([
        Buffer.from(`${clientHello()}]]>]]>`),
        chunk(
          '<rpc xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="1"><get-config><source><running/></source></get-config></rpc>',
        ),
      ]),
    );
    expect(await c.nextReply()).toContain("<hostname>R1</hostname>");
  });
});

describe("NETCONF get-config, edit-config and commit", () => {
  it("shows the CLI's hostname and interfaces as ietf-system and ietf-interfaces", async () => {
    const c = await open();
    const reply = await c.rpc("<get-config><source><running/></source></get-config>");
    expect(reply).toContain(`<system xmlns="${SYS}"><hostname>R1</hostname></system>`);
    expect(reply).toContain(`<interfaces xmlns="${IF}">`);
    expect(reply).toMatch(
      /<interface><name>GigabitEthernet1<\/name><description>MGMT<\/description><type xmlns:ianaift="urn:ietf:params:xml:ns:yang:iana-if-type">ianaift:ethernetCsmacd<\/type><enabled>true<\/enabled><ipv4 xmlns="urn:ietf:params:xml:ns:yang:ietf-ip"><address><ip>10.0.0.15<\/ip><prefix-length>24<\/prefix-length><\/address><\/ipv4><\/interface>/,
    );
  });

  it("edits the candidate and commits it to running", async () => {
    const c = await open();
    const edit = await c.rpc(
      `<edit-config><target><candidate/></target><config><system xmlns="${SYS}"><hostname>EDGE9</hostname></system></config></edit-config>`,
    );
    expect(edit).toContain("<ok/>");
    expect(await c.rpc("<get-config><source><running/></source></get-config>")).toContain(
      "<hostname>R1</hostname>",
    );
    expect(await c.rpc("<get-config><source><candidate/></source></get-config>")).toContain(
      "<hostname>EDGE9</hostname>",
    );
    expect(await c.rpc("<commit/>")).toContain("<ok/>");
    expect(await c.rpc("<get-config><source><running/></source></get-config>")).toContain(
      "<hostname>EDGE9</hostname>",
    );
    expect(device?.hostname).toBe("EDGE9");
  });

  it("streams the generated routes in many chunks and as exactly sized entries", async () => {
    device = await startDevice({ platform: "cisco_iosxe", netconf: { routes: 20_000 } });
    const c = await NetconfTestClient.open(device);
    clients.push(c);
    const reply = await c.rpc(
      '<get-config><source><running/></source><filter><routes xmlns="urn:patchbay:devsim:routes"/></filter></get-config>',
    );
    const entries = reply.match(/<route>/g) ?? [];
    expect(entries.length).toBe(20_000);
    expect(c.lastChunkSizes.length).toBeGreaterThan(10);
    expect(Math.max(...c.lastChunkSizes)).toBeLessThanOrEqual(70 * 1024);
    expect(reply).toContain("<route><prefix>10.100.100.100/32</prefix>");
    const { NETCONF_ROUTE_BYTES } = await import("../../src/index.ts");
    const body = reply.slice(reply.indexOf("<route>"), reply.lastIndexOf("</route>") + "</route>".length);
    expect(Buffer.byteLength(body)).toBe(20_000 * NETCONF_ROUTE_BYTES);
  });

  it("filters inside the generated routes by key, with subtree and xpath filters", async () => {
    device = await startDevice({ platform: "cisco_iosxe", netconf: { routes: 1000 } });
    const c = await NetconfTestClient.open(device);
    clients.push(c);
    const subtree = await c.rpc(
      '<get-config><source><running/></source><filter><routes xmlns="urn:patchbay:devsim:routes"><route><prefix>10.100.101.100/32</prefix><next-hop/></route></routes></filter></get-config>',
    );
    expect(subtree).toContain(
      '<routes xmlns="urn:patchbay:devsim:routes"><route><prefix>10.100.101.100/32</prefix><next-hop>192.0.2.100</next-hop></route></routes>',
    );
    const xpath = await c.rpc(
      `<get-config><source><running/></source><filter xmlns:rt="urn:patchbay:devsim:routes" type="xpath" select="/rt:routes/rt:route[rt:prefix='10.100.100.105/32']/rt:metric"/></get-config>`,
    );
    expect(xpath).toContain("<route><prefix>10.100.100.105/32</prefix><metric>100</metric></route>");
    expect(xpath.match(/<route>/g)?.length).toBe(1);
  });

  it("changes the number of routes at run time", async () => {
    device = await startDevice({ platform: "cisco_iosxe", netconf: { routes: 3 } });
    const c = await NetconfTestClient.open(device);
    clients.push(c);
    const filter =
      '<get-config><source><running/></source><filter><routes xmlns="urn:patchbay:devsim:routes"/></filter></get-config>';
    expect((await c.rpc(filter)).match(/<route>/g)?.length).toBe(3);
    device.netconf?.setRoutes(7);
    expect((await c.rpc(filter)).match(/<route>/g)?.length).toBe(7);
  });
});

describe("NETCONF lifecycle", () => {
  it("closing the device ends its NETCONF sessions, a confirmed commit in progress too", async () => {
    device = await startDevice({ platform: "cisco_iosxe" });
    const c = await NetconfTestClient.open(device);
    clients.push(c);
    await c.rpc(
      `<edit-config><target><candidate/></target><config><system xmlns="${SYS}"><hostname>T</hostname></system></config></edit-config>`,
    );
    expect(await c.rpc("<commit><confirmed/><confirm-timeout>600</confirm-timeout></commit>")).toContain(
      "<ok/>",
    );
    expect(device.netconf?.sessions).toBe(1);
    const netconf = device.netconf;
    await device.close();
    device = undefined;
    await c.waitClosed();
    expect(netconf?.sessions).toBe(0);
  });

  it("lists netconfPort in a fleet inventory and serves NETCONF on every platform", async () => {
    const { startFleet } = await import("../../src/index.ts");
    const fleet = await startFleet({ count: 7, netconf: true });
    try {
      const inventory = fleet.toInventory();
      expect(inventory.devices.every((d) => d.netconfPort === d.port)).toBe(true);
      for (const d of fleet.devices) {
        const c = await NetconfTestClient.open(d);
        clients.push(c);
        const reply = await c.rpc("<get-config><source><running/></source></get-config>");
        expect(reply).toContain(`<hostname>${d.hostname}</hostname>`);
        c.close();
      }
    } finally {
      await fleet.close();
    }
  });

  it("refuses the netconf subsystem when it is turned off", async () => {
    device = await startDevice({ platform: "cisco_iosxe", netconf: false });
    expect(device.netconf).toBeUndefined();
    await expect(NetconfTestClient.open(device)).rejects.toThrow();
  });
});

describe("NETCONF and the device's faults", () => {
  const routes =
    '<get-config><source><running/></source><filter><routes xmlns="urn:patchbay:devsim:routes"/></filter></get-config>';

  it("dropMidOutput cuts the connection in the middle of a reply", async () => {
    device = await startDevice({ platform: "cisco_iosxe", netconf: { routes: 5000 } });
    const c = await NetconfTestClient.open(device);
    clients.push(c);
    device.setFaults({ dropMidOutput: { afterBytes: 100_000 } });
    await expect(c.rpc(routes)).rejects.toThrow(/closed/);
  });

  it("a stall with an end delivers the whole reply afterwards", async () => {
    device = await startDevice({ platform: "cisco_iosxe", netconf: { routes: 2000 } });
    const c = await NetconfTestClient.open(device);
    clients.push(c);
    device.setFaults({ stall: { afterBytes: 50_000, ms: 50 } });
    const reply = await c.rpc(routes);
    expect(reply.match(/<route>/g)?.length).toBe(2000);
    expect(reply.endsWith("</rpc-reply>")).toBe(true);
  });
});

describe("NETCONF end of input", () => {
  it("answers every rpc sent before the client's EOF, then closes", async () => {
    device = await startDevice({ platform: "cisco_iosxe" });
    const c = await NetconfTestClient.open(device);
    clients.push(c);
    const rpc = (id: number) =>
      `<rpc xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="${id}"><get-config><source><running/></source></get-config></rpc>`;
    c.sendRaw(Buffer.concat([chunk(rpc(1)), chunk(rpc(2)), chunk(rpc(3))]));
    c.channel.end();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(/message-id="(\d+)"/.exec(await c.nextReply())?.[1]);
    expect(ids).toEqual(["1", "2", "3"]);
    await c.waitClosed();
  });
});
