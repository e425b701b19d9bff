import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type SimDevice, startDevice } from "../../src/index.ts";
import { type Connected, connect, exec } from "./helpers.ts";
import { errorTags, NetconfTestClient, texts } from "./netconf-client.ts";

const IF = "urn:ietf:params:xml:ns:yang:ietf-interfaces";
const SYS = "urn:ietf:params:xml:ns:yang:ietf-system";
const NOTIF = "urn:ietf:params:xml:ns:netconf:notification:1.0";

let device: SimDevice;
const clients: NetconfTestClient[] = [];
const conns: Connected[] = [];

async function session(): Promise<NetconfTestClient> {
  const c = await NetconfTestClient.open(device);
  clients.push(c);
  return c;
}

const hostname = (name: string): string =>
  `<edit-config><target><candidate/></target><config><system xmlns="${SYS}"><hostname>${name}</hostname></system></config></edit-config>`;
const lock = (target: string): string => `<lock><target><${target}/></target></lock>`;
const unlock = (target: string): string => `<unlock><target><${target}/></target></unlock>`;

beforeEach(async () => {
  device = await startDevice({ platform: "cisco_iosxe" });
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const c of conns.splice(0)) c.close();
  await device.close();
});

describe("locks", () => {
  it("denies a second lock with the holder's session-id, and frees it on unlock", async () => {
    const a = await session();
    const b = await session();
    expect(await a.rpc(lock("running"))).toContain("<ok/>");
    const denied = await b.rpc(lock("running"));
    expect(errorTags(denied)).toEqual(["lock-denied"]);
    expect(denied).toContain(`<error-info><session-id>${a.sessionId}</session-id></error-info>`);
    expect(errorTags(await b.rpc(unlock("running")))).toEqual(["operation-failed"]);
    expect(await a.rpc(unlock("running"))).toContain("<ok/>");
    expect(await b.rpc(lock("running"))).toContain("<ok/>");
  });

  it("refuses writes to a datastore another session locked with in-use", async () => {
    const a = await session();
    const b = await session();
    await a.rpc(lock("candidate"));
    const r = await b.rpc(hostname("OTHER"));
    expect(errorTags(r)).toEqual(["in-use"]);
    expect(r).toContain(`<session-id>${a.sessionId}</session-id>`);
    expect(await a.rpc(hostname("MINE"))).toContain("<ok/>");
  });

  it("releases a session's locks and discards its candidate changes when it closes", async () => {
    const a = await session();
    const b = await session();
    await a.rpc(lock("candidate"));
    await a.rpc(hostname("UNSAVED"));
    expect(await a.rpc("<close-session/>")).toContain("<ok/>");
    await a.waitClosed();
    expect(await b.rpc(lock("candidate"))).toContain("<ok/>");
    expect(await b.rpc("<get-config><source><candidate/></source></get-config>")).toContain(
      "<hostname>R1</hostname>",
    );
  });

  it("refuses to lock a candidate that another session modified", async () => {
    const a = await session();
    const b = await session();
    await a.rpc(hostname("DIRTY"));
    const r = await b.rpc(lock("candidate"));
    expect(errorTags(r)).toEqual(["lock-denied"]);
    expect(r).toContain(`<session-id>${a.sessionId}</session-id>`);
    expect(await a.rpc(lock("candidate"))).toContain("<ok/>");
  });

  it("kill-session ends another session and frees its locks; killing oneself is invalid-value", async () => {
    const a = await session();
    const b = await session();
    await a.rpc(lock("running"));
    expect(
      errorTags(await b.rpc(`<kill-session><session-id>${b.sessionId}</session-id></kill-session>`)),
    ).toEqual(["invalid-value"]);
    expect(errorTags(await b.rpc("<kill-session><session-id>999</session-id></kill-session>"))).toEqual([
      "invalid-value",
    ]);
    expect(await b.rpc(`<kill-session><session-id>${a.sessionId}</session-id></kill-session>`)).toContain(
      "<ok/>",
    );
    await a.waitClosed();
    expect(await b.rpc(lock("running"))).toContain("<ok/>");
    expect(device.netconf?.sessions).toBe(1);
  });
});

describe("confirmed commit", () => {
  it("rolls running back when the confirm timeout passes", async () => {
    const c = await session();
    await c.rpc(`<create-subscription xmlns="${NOTIF}"/>`);
    await c.rpc(hostname("TRIAL"));
    expect(await c.rpc("<commit><confirmed/><confirm-timeout>1</confirm-timeout></commit>")).toContain(
      "<ok/>",
    );
    expect(device.hostname).toBe("TRIAL");
    // Wait for the timeout's confirmed-commit notification instead of sleeping.
    for (;;) {
      const n = await c.nextNotification(5000);
      if (n.includes("<confirm-event>timeout</confirm-event>")) break;
    }
    expect(device.hostname).toBe("R1");
    expect(await c.rpc("<get-config><source><running/></source></get-config>")).toContain(
      "<hostname>R1</hostname>",
    );
  });

  it("keeps the change once a confirming commit arrives, and cancel-commit rolls back", async () => {
    const c = await session();
    await c.rpc(hostname("KEEP"));
    await c.rpc("<commit><confirmed/><confirm-timeout>60</confirm-timeout></commit>");
    expect(await c.rpc("<commit/>")).toContain("<ok/>");
    expect(errorTags(await c.rpc("<cancel-commit/>"))).toEqual(["operation-failed"]);
    expect(device.hostname).toBe("KEEP");

    await c.rpc(hostname("UNDO"));
    await c.rpc("<commit><confirmed/></commit>");
    expect(device.hostname).toBe("UNDO");
    expect(await c.rpc("<cancel-commit/>")).toContain("<ok/>");
    expect(device.hostname).toBe("KEEP");
  });

  it("rolls back when the session that made a confirmed commit closes", async () => {
    const a = await session();
    const b = await session();
    await a.rpc(hostname("GONE"));
    await a.rpc("<commit><confirmed/></commit>");
    expect(errorTags(await b.rpc("<commit/>"))).toEqual(["in-use"]);
    a.close();
    await a.waitClosed();
    expect(await b.rpc("<get-config><source><running/></source></get-config>")).toContain(
      "<hostname>R1</hostname>",
    );
  });

  it("lets another session confirm a persistent confirmed commit with its persist-id", async () => {
    const a = await session();
    const b = await session();
    await a.rpc(hostname("PERSIST"));
    await a.rpc("<commit><confirmed/><persist>tok-1</persist></commit>");
    a.close();
    await a.waitClosed();
    expect(device.hostname).toBe("PERSIST");
    expect(errorTags(await b.rpc("<commit><persist-id>wrong</persist-id></commit>"))).toEqual([
      "invalid-value",
    ]);
    expect(await b.rpc("<commit><persist-id>tok-1</persist-id></commit>")).toContain("<ok/>");
    expect(device.hostname).toBe("PERSIST");
  });
});

describe("notifications", () => {
  it("sends netconf-config-change after an edit of running, with who and what", async () => {
    const a = await session();
    const b = await session();
    expect(await a.rpc(`<create-subscription xmlns="${NOTIF}"/>`)).toContain("<ok/>");
    await b.rpc(
      `<edit-config><target><running/></target><config><interfaces xmlns="${IF}"><interface><name>GigabitEthernet3</name><description>changed</description></interface></interfaces></config></edit-config>`,
    );
    const n = await a.nextNotification();
    expect(n).toContain(`<notification xmlns="${NOTIF}"><eventTime>`);
    expect(n).toContain(
      '<netconf-config-change xmlns="urn:ietf:params:xml:ns:yang:ietf-netconf-notifications">',
    );
    expect(texts(n, "session-id")).toEqual([String(b.sessionId)]);
    expect(texts(n, "username")).toEqual(["admin"]);
    expect(texts(n, "datastore")).toEqual(["running"]);
    expect(texts(n, "target")).toContain(
      "/if:interfaces/if:interface[if:name='GigabitEthernet3']/if:description",
    );
  });

  it("reports CLI changes as made by the server, and interleaves notifications with replies", async () => {
    const a = await session();
    await a.rpc(`<create-subscription xmlns="${NOTIF}"/>`);
    const conn = await connect(device);
    conns.push(conn);
    await exec(conn, "configure terminal\nhostname CLI1\nend");
    const n = await a.nextNotification();
    expect(n).toContain("<changed-by><server/></changed-by>");
    expect(await a.rpc("<get-config><source><running/></source></get-config>")).toContain(
      "<hostname>CLI1</hostname>",
    );
  });

  it("applies a subscription's subtree filter and refuses a second subscription", async () => {
    const a = await session();
    await a.rpc(
      `<create-subscription xmlns="${NOTIF}"><filter type="subtree"><netconf-confirmed-commit xmlns="urn:ietf:params:xml:ns:yang:ietf-netconf-notifications"/></filter></create-subscription>`,
    );
    expect(errorTags(await a.rpc(`<create-subscription xmlns="${NOTIF}"/>`))).toEqual(["in-use"]);
    await a.rpc(hostname("F1"));
    await a.rpc("<commit><confirmed/></commit>");
    const n = await a.nextNotification();
    expect(n).toContain("<confirm-event>start</confirm-event>");
    expect(n).not.toContain("netconf-config-change");
    await a.rpc("<cancel-commit/>");
    expect(await a.nextNotification()).toContain("<confirm-event>cancel</confirm-event>");
  });

  it("reports sessions starting and ending, with who killed one", async () => {
    const a = await session();
    await a.rpc(`<create-subscription xmlns="${NOTIF}"/>`);
    const b = await session();
    const start = await a.nextNotification();
    expect(start).toContain("<netconf-session-start");
    expect(texts(start, "session-id")).toEqual([String(b.sessionId)]);
    await a.rpc(`<kill-session><session-id>${b.sessionId}</session-id></kill-session>`);
    const end = await a.nextNotification();
    expect(end).toContain("<netconf-session-end");
    expect(texts(end, "killed-by")).toEqual([String(a.sessionId)]);
    expect(texts(end, "termination-reason")).toEqual(["killed"]);
    const c = await session();
    await a.nextNotification();
    await c.rpc("<close-session/>");
    expect(texts(await a.nextNotification(), "termination-reason")).toEqual(["closed"]);
  });

  it("refuses replay and unknown streams", async () => {
    const a = await session();
    expect(
      errorTags(
        await a.rpc(
          `<create-subscription xmlns="${NOTIF}"><startTime>2020-01-01T00:00:00Z</startTime></create-subscription>`,
        ),
      ),
    ).toEqual(["operation-not-supported"]);
    expect(
      errorTags(
        await a.rpc(`<create-subscription xmlns="${NOTIF}"><stream>OTHER</stream></create-subscription>`),
      ),
    ).toEqual(["invalid-value"]);
  });
});

describe("malformed input", () => {
  it("answers XML that is not well-formed with malformed-message and keeps the session", async () => {
    const c = await session();
    c.sendMessage('<rpc message-id="1" xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><get-config>');
    const r = await c.nextReply();
    expect(errorTags(r)).toEqual(["malformed-message"]);
    expect(r).toContain("<error-type>rpc</error-type>");
    expect(await c.rpc("<get-config><source><running/></source></get-config>")).toContain(
      "<hostname>R1</hostname>",
    );
  });

  it("answers an unknown operation with operation-not-supported, echoing the rpc's attributes", async () => {
    const c = await session();
    const r = await c.rpc('<frobnicate xmlns="urn:example:x"/>', {
      attrs: ' xmlns:ex="urn:example:attr" ex:trace="t-1"',
    });
    expect(errorTags(r)).toEqual(["operation-not-supported"]);
    expect(r).toContain("<bad-element>frobnicate</bad-element>");
    expect(r).toMatch(/<rpc-reply [^>]*ex:trace="t-1"/);
    expect(r).toContain('xmlns:ex="urn:example:attr"');
  });

  it("answers a missing message-id with missing-attribute", async () => {
    const c = await session();
    c.sendMessage('<rpc xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><get/></rpc>');
    const r = await c.nextReply();
    expect(errorTags(r)).toEqual(["missing-attribute"]);
    expect(r).toContain("<bad-attribute>message-id</bad-attribute>");
  });

  it("answers unknown parameters with unknown-element and a DOCTYPE with malformed-message", async () => {
    const c = await session();
    const r = await c.rpc("<get-config><source><running/></source><bogus/></get-config>");
    expect(errorTags(r)).toEqual(["unknown-element"]);
    expect(r).toContain("<bad-element>bogus</bad-element>");
    c.sendMessage(
      '<!DOCTYPE rpc [<!ENTITY x "y">]><rpc message-id="9" xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><get/></rpc>',
    );
    expect(errorTags(await c.nextReply())).toEqual(["malformed-message"]);
  });

  it("answers an unknown datastore with invalid-value and a url source with operation-not-supported", async () => {
    const c = await session();
    expect(errorTags(await c.rpc("<get-config><source><scratch/></source></get-config>"))).toEqual([
      "invalid-value",
    ]);
    expect(
      errorTags(
        await c.rpc(
          "<copy-config><target><startup/></target><source><url>file:///x</url></source></copy-config>",
        ),
      ),
    ).toEqual(["operation-not-supported"]);
  });
});

describe("shared state with the CLI", () => {
  it("a NETCONF commit of hostname and description shows in a CLI session's show running-config", async () => {
    const c = await session();
    await c.rpc(
      `<edit-config><target><candidate/></target><config><system xmlns="${SYS}"><hostname>NC-EDGE</hostname></system><interfaces xmlns="${IF}"><interface><name>GigabitEthernet3</name><description>set by netconf</description><enabled>true</enabled><ipv4 xmlns="urn:ietf:params:xml:ns:yang:ietf-ip"><address><ip>10.9.9.1</ip><prefix-length>24</prefix-length></address></ipv4></interface></interfaces></config></edit-config>`,
    );
    expect(await c.rpc("<commit/>")).toContain("<ok/>");
    const conn = await connect(device);
    conns.push(conn);
    const out = (await exec(conn, "show running-config")).stdout.toString();
    expect(out).toContain("hostname NC-EDGE\n");
    expect(out).toContain(
      "interface GigabitEthernet3\n description set by netconf\n ip address 10.9.9.1 255.255.255.0\n negotiation auto\n",
    );
    expect(out).not.toMatch(/interface GigabitEthernet3\n(?: .*\n)* shutdown\n/);
  });

  it("a CLI change of description shows in get-config", async () => {
    const conn = await connect(device);
    conns.push(conn);
    await exec(conn, "configure terminal\ninterface GigabitEthernet2\ndescription via-cli\nshutdown\nend");
    const c = await session();
    const r = await c.rpc(
      `<get-config><source><running/></source><filter><interfaces xmlns="${IF}"><interface><name>GigabitEthernet2</name></interface></interfaces></filter></get-config>`,
    );
    expect(r).toContain("<description>via-cli</description>");
    expect(r).toContain("<enabled>false</enabled>");
  });

  it("maps Junos set-style interface lines both ways", async () => {
    await device.close();
    device = await startDevice({ platform: "juniper_junos" });
    const c = await session();
    const r = await c.rpc(
      `<get-config><source><running/></source><filter><interfaces xmlns="${IF}"/></filter></get-config>`,
    );
    expect(r).toContain("<interface><name>ge-0/0/0</name><description>to-R2</description>");
    await c.rpc(
      `<edit-config><target><running/></target><config><interfaces xmlns="${IF}"><interface><name>ge-0/0/1</name><description>spare port</description><enabled>true</enabled></interface></interfaces></config></edit-config>`,
    );
    const lines = device.state.root.map((n) => n.line);
    expect(lines).toContain('interfaces ge-0/0/1 description "spare port"');
    expect(lines).not.toContain("interfaces ge-0/0/1 disable");
  });
});
