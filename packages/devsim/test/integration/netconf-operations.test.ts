import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type SimDevice, startDevice } from "../../src/index.ts";
import { errorTags, NetconfTestClient, texts } from "./netconf-client.ts";

const IF = "urn:ietf:params:xml:ns:yang:ietf-interfaces";
const SYS = "urn:ietf:params:xml:ns:yang:ietf-system";
const NC = "urn:ietf:params:xml:ns:netconf:base:1.0";
const EXTRA = "urn:example:extra";

let device: SimDevice;
const clients: NetconfTestClient[] = [];

async function session(): Promise<NetconfTestClient> {
  const c = await NetconfTestClient.open(device);
  clients.push(c);
  return c;
}

const getConfig = (source: string, filter = ""): string =>
  `<get-config><source><${source}/></source>${filter}</get-config>`;
const edit = (target: string, config: string, extra = ""): string =>
  `<edit-config><target><${target}/></target>${extra}<config>${config}</config></edit-config>`;
const ifFilter = (name: string): string =>
  `<filter type="subtree"><interfaces xmlns="${IF}"><interface><name>${name}</name></interface></interfaces></filter>`;

beforeEach(async () => {
  device = await startDevice({ platform: "cisco_iosxe" });
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await device.close();
});

describe("edit-config", () => {
  it("merges by default and keeps unknown subtrees in the datastore", async () => {
    const c = await session();
    const r = await c.rpc(
      edit("running", `<widgets xmlns="${EXTRA}"><widget><name>w1</name><size>3</size></widget></widgets>`),
    );
    expect(r).toContain("<ok/>");
    const r2 = await c.rpc(
      edit(
        "running",
        `<widgets xmlns="${EXTRA}"><widget><name>w1</name><color>red</color></widget></widgets>`,
      ),
    );
    expect(r2).toContain("<ok/>");
    const got = await c.rpc(getConfig("running", `<filter><widgets xmlns="${EXTRA}"/></filter>`));
    expect(got).toContain(
      `<widgets xmlns="${EXTRA}"><widget><name>w1</name><size>3</size><color>red</color></widget></widgets>`,
    );
  });

  it("create fails with data-exists when the node is there, and delete with data-missing when it is not", async () => {
    const c = await session();
    const exists = await c.rpc(
      edit(
        "running",
        `<interfaces xmlns="${IF}"><interface nc:operation="create" xmlns:nc="${NC}"><name>Loopback0</name></interface></interfaces>`,
      ),
    );
    expect(errorTags(exists)).toEqual(["data-exists"]);
    expect(exists).toContain("<error-type>application</error-type>");
    expect(exists).toContain("<error-severity>error</error-severity>");
    expect(exists).toMatch(
      /<error-path xmlns:if="urn:ietf:params:xml:ns:yang:ietf-interfaces">\/if:interfaces\/if:interface\[if:name='Loopback0'\]<\/error-path>/,
    );
    expect(texts(exists, "error-message")[0]).toContain("already exists");
    const missing = await c.rpc(
      edit(
        "running",
        `<interfaces xmlns="${IF}"><interface nc:operation="delete" xmlns:nc="${NC}"><name>Loopback9</name></interface></interfaces>`,
      ),
    );
    expect(errorTags(missing)).toEqual(["data-missing"]);
  });

  it("remove is quiet about missing nodes, and delete removes an interface from the CLI configuration", async () => {
    const c = await session();
    const quiet = await c.rpc(
      edit(
        "running",
        `<interfaces xmlns="${IF}"><interface nc:operation="remove" xmlns:nc="${NC}"><name>Loopback9</name></interface></interfaces>`,
      ),
    );
    expect(quiet).toContain("<ok/>");
    const del = await c.rpc(
      edit(
        "running",
        `<interfaces xmlns="${IF}"><interface nc:operation="delete" xmlns:nc="${NC}"><name>GigabitEthernet4</name></interface></interfaces>`,
      ),
    );
    expect(del).toContain("<ok/>");
    expect(device.state.root.some((n) => n.line === "interface GigabitEthernet4")).toBe(false);
    expect(await c.rpc(getConfig("running", ifFilter("GigabitEthernet4")))).not.toContain("GigabitEthernet4");
  });

  it("replace swaps a whole node, and default-operation replace swaps the whole datastore", async () => {
    const c = await session();
    await c.rpc(
      edit("running", `<widgets xmlns="${EXTRA}"><widget><name>w1</name><size>3</size></widget></widgets>`),
    );
    const r = await c.rpc(
      edit(
        "running",
        `<widgets xmlns="${EXTRA}" xmlns:nc="${NC}" nc:operation="replace"><widget><name>w2</name></widget></widgets>`,
      ),
    );
    expect(r).toContain("<ok/>");
    const got = await c.rpc(getConfig("running", `<filter><widgets xmlns="${EXTRA}"/></filter>`));
    expect(got).toContain(`<widgets xmlns="${EXTRA}"><widget><name>w2</name></widget></widgets>`);

    const all = await c.rpc(
      edit(
        "candidate",
        `<system xmlns="${SYS}"><hostname>ONLY</hostname></system>`,
        "<default-operation>replace</default-operation>",
      ),
    );
    expect(all).toContain("<ok/>");
    const candidate = await c.rpc(getConfig("candidate"));
    expect(candidate).toContain("<hostname>ONLY</hostname>");
    expect(candidate).not.toContain("widgets");
    expect(candidate).not.toContain("<interfaces");
  });

  it("default-operation none leaves nodes without an operation alone", async () => {
    const c = await session();
    const r = await c.rpc(
      edit(
        "running",
        `<system xmlns="${SYS}"><hostname>IGNORED</hostname></system><interfaces xmlns="${IF}"><interface><name>GigabitEthernet3</name><description nc:operation="merge" xmlns:nc="${NC}">set</description></interface></interfaces>`,
        "<default-operation>none</default-operation>",
      ),
    );
    expect(r).toContain("<ok/>");
    expect(device.hostname).toBe("R1");
    expect(await c.rpc(getConfig("running", ifFilter("GigabitEthernet3")))).toContain(
      "<description>set</description>",
    );
  });

  it("rejects an unknown operation attribute with bad-attribute", async () => {
    const c = await session();
    const r = await c.rpc(
      edit(
        "running",
        `<system xmlns="${SYS}" xmlns:nc="${NC}" nc:operation="frobnicate"><hostname>X</hostname></system>`,
      ),
    );
    expect(errorTags(r)).toEqual(["bad-attribute"]);
    expect(r).toContain("<bad-attribute>operation</bad-attribute>");
  });

  it("test-only validates without applying, and invalid values fail with invalid-value", async () => {
    const c = await session();
    const ok = await c.rpc(
      edit(
        "running",
        `<system xmlns="${SYS}"><hostname>TESTED</hostname></system>`,
        "<test-option>test-only</test-option>",
      ),
    );
    expect(ok).toContain("<ok/>");
    expect(device.hostname).toBe("R1");
    const bad = await c.rpc(
      edit(
        "running",
        `<interfaces xmlns="${IF}"><interface><name>GigabitEthernet3</name><enabled>maybe</enabled></interface></interfaces>`,
      ),
    );
    expect(errorTags(bad)).toEqual(["invalid-value"]);
    expect(bad).toContain("/if:interfaces/if:interface[if:name='GigabitEthernet3']/if:enabled");
  });

  it("error-option: stop-on-error keeps what came before, continue-on-error goes on, rollback-on-error applies nothing", async () => {
    const c = await session();
    const body = (a: string, b: string) =>
      `<interfaces xmlns="${IF}" xmlns:nc="${NC}"><interface><name>GigabitEthernet3</name><description>${a}</description></interface><interface nc:operation="create"><name>Loopback0</name></interface><interface><name>GigabitEthernet4</name><description>${b}</description></interface></interfaces>`;
    const descriptions = async () => {
      const got = await c.rpc(
        getConfig(
          "running",
          `<filter><interfaces xmlns="${IF}"><interface><description/></interface></interfaces></filter>`,
        ),
      );
      return got;
    };
    const stop = await c.rpc(edit("running", body("s3", "s4"), "<error-option>stop-on-error</error-option>"));
    expect(errorTags(stop)).toEqual(["data-exists"]);
    let got = await descriptions();
    expect(got).toContain("<description>s3</description>");
    expect(got).not.toContain("<description>s4</description>");

    const cont = await c.rpc(
      edit("running", body("c3", "c4"), "<error-option>continue-on-error</error-option>"),
    );
    expect(errorTags(cont)).toEqual(["data-exists"]);
    got = await descriptions();
    expect(got).toContain("<description>c3</description>");
    expect(got).toContain("<description>c4</description>");

    const rollback = await c.rpc(
      edit("running", body("r3", "r4"), "<error-option>rollback-on-error</error-option>"),
    );
    expect(errorTags(rollback)).toEqual(["data-exists"]);
    got = await descriptions();
    expect(got).toContain("<description>c3</description>");
    expect(got).not.toContain("<description>r3</description>");
  });

  it("edit-config of startup is refused, and a missing target is missing-element", async () => {
    const c = await session();
    expect(errorTags(await c.rpc(edit("startup", `<system xmlns="${SYS}"/>`)))).toEqual([
      "operation-not-supported",
    ]);
    const r = await c.rpc(`<edit-config><config><system xmlns="${SYS}"/></config></edit-config>`);
    expect(errorTags(r)).toEqual(["missing-element"]);
    expect(r).toContain("<bad-element>target</bad-element>");
  });
});

describe("filters", () => {
  it("subtree filters select by content match, selection and containment nodes", async () => {
    const c = await session();
    const r = await c.rpc(
      getConfig(
        "running",
        `<filter type="subtree"><interfaces xmlns="${IF}"><interface><name>GigabitEthernet2</name><description/></interface></interfaces></filter>`,
      ),
    );
    expect(r).toContain(
      `<data><interfaces xmlns="${IF}"><interface><name>GigabitEthernet2</name><description>to-R2</description></interface></interfaces></data>`,
    );
  });

  it("an empty subtree filter selects nothing", async () => {
    const c = await session();
    const r = await c.rpc(getConfig("running", `<filter type="subtree"></filter>`));
    expect(r).toMatch(/<data\/>|<data><\/data>/);
  });

  it("xpath filters select absolute paths with key predicates, several joined by |", async () => {
    const c = await session();
    const r = await c.rpc(
      getConfig(
        "running",
        `<filter xmlns:if="${IF}" xmlns:sys="${SYS}" type="xpath" select="/if:interfaces/if:interface[if:name='GigabitEthernet2']/if:description | /sys:system/sys:hostname"/>`,
      ),
    );
    expect(r).toContain(
      `<interfaces xmlns="${IF}"><interface><name>GigabitEthernet2</name><description>to-R2</description></interface></interfaces>`,
    );
    expect(r).toContain(`<system xmlns="${SYS}"><hostname>R1</hostname></system>`);
    expect(r).not.toContain("GigabitEthernet1");
  });

  it("rejects xpath it cannot evaluate with invalid-value", async () => {
    const c = await session();
    const r = await c.rpc(getConfig("running", `<filter type="xpath" select="//interface[position()=1]"/>`));
    expect(errorTags(r)).toEqual(["invalid-value"]);
  });

  it("get adds ietf-netconf-monitoring state with sessions and schemas", async () => {
    const c = await session();
    const r = await c.rpc(
      `<get><filter type="subtree"><netconf-state xmlns="urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring"><sessions/><schemas/></netconf-state></filter></get>`,
    );
    expect(texts(r, "session-id")).toContain(String(c.sessionId));
    expect(texts(r, "identifier")).toEqual(expect.arrayContaining(["ietf-interfaces", "ietf-system"]));
    expect(r).not.toContain("<interfaces");
  });

  it("accepts with-defaults modes it announces and refuses others", async () => {
    const c = await session();
    const wd = (mode: string) =>
      getConfig(
        "running",
        `<with-defaults xmlns="urn:ietf:params:xml:ns:yang:ietf-netconf-with-defaults">${mode}</with-defaults>`,
      );
    expect(await c.rpc(wd("report-all"))).toContain("<hostname>R1</hostname>");
    const trimmed = await c.rpc(wd("trim"));
    expect(trimmed).not.toContain("<enabled>true</enabled>");
    expect(trimmed).toContain("<enabled>false</enabled>");
    expect(await c.rpc(wd("explicit"))).toContain("<enabled>true</enabled>");
    expect(errorTags(await c.rpc(wd("report-all-tagged")))).toEqual(["invalid-value"]);
  });
});

describe("datastores", () => {
  it("copy-config copies running to startup, and delete-config empties startup but refuses running", async () => {
    const c = await session();
    await c.rpc(edit("running", `<system xmlns="${SYS}"><hostname>SAVED</hostname></system>`));
    expect(
      await c.rpc("<copy-config><target><startup/></target><source><running/></source></copy-config>"),
    ).toContain("<ok/>");
    expect(await c.rpc(getConfig("startup"))).toContain("<hostname>SAVED</hostname>");
    expect(await c.rpc("<delete-config><target><startup/></target></delete-config>")).toContain("<ok/>");
    expect(await c.rpc(getConfig("startup"))).not.toContain("<hostname>");
    expect(errorTags(await c.rpc("<delete-config><target><running/></target></delete-config>"))).toEqual([
      "invalid-value",
    ]);
  });

  it("copy-config with an inline config replaces the candidate; discard-changes brings running back", async () => {
    const c = await session();
    const r = await c.rpc(
      `<copy-config><target><candidate/></target><source><config><system xmlns="${SYS}"><hostname>INLINE</hostname></system></config></source></copy-config>`,
    );
    expect(r).toContain("<ok/>");
    expect(await c.rpc(getConfig("candidate"))).toContain("<hostname>INLINE</hostname>");
    expect(await c.rpc("<discard-changes/>")).toContain("<ok/>");
    expect(await c.rpc(getConfig("candidate"))).toContain("<hostname>R1</hostname>");
  });

  it("validate checks a datastore or an inline config", async () => {
    const c = await session();
    expect(await c.rpc("<validate><source><running/></source></validate>")).toContain("<ok/>");
    const bad = await c.rpc(
      `<validate><source><config><system xmlns="${SYS}"><hostname>two words</hostname></system></config></source></validate>`,
    );
    expect(errorTags(bad)).toEqual(["invalid-value"]);
  });

  it("get-schema returns YANG text and invalid-value for unknown modules", async () => {
    const c = await session();
    const ncm = "urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring";
    const r = await c.rpc(
      `<get-schema xmlns="${ncm}"><identifier>ietf-interfaces</identifier><format>yang</format></get-schema>`,
    );
    expect(r).toContain(`<data xmlns="${ncm}">module ietf-interfaces {`);
    const missing = await c.rpc(`<get-schema xmlns="${ncm}"><identifier>nope</identifier></get-schema>`);
    expect(errorTags(missing)).toEqual(["invalid-value"]);
  });
});
