import { describe, expect, it } from "vitest";
import { Capabilities, NETCONF_BASE_1_1 } from "./capabilities.ts";
import {
  buildCommit,
  buildCopyConfig,
  buildCreateSubscription,
  buildEditConfig,
  buildGetConfig,
  buildLock,
  RequestProblem,
} from "./operations.ts";

const CAP = "urn:ietf:params:netconf:capability:";
const all = new Capabilities([
  NETCONF_BASE_1_1,
  `${CAP}candidate:1.0`,
  `${CAP}writable-running:1.0`,
  `${CAP}confirmed-commit:1.1`,
  `${CAP}validate:1.1`,
  `${CAP}rollback-on-error:1.0`,
  `${CAP}startup:1.0`,
  `${CAP}notification:1.0`,
  `${CAP}with-defaults:1.0?basic-mode=explicit&also-supported=report-all,trim`,
]);
const bare = new Capabilities([NETCONF_BASE_1_1]);

function problem(fn: () => unknown): RequestProblem {
  try {
    fn();
  } catch (err) {
    if (err instanceof RequestProblem) return err;
    throw err;
  }
  throw new Error("no problem raised");
}

describe("operation XML", () => {
  it("builds edit-config with every option, wrapping config text in <config>", () => {
    expect(
      buildEditConfig(all, {
        target: "candidate",
        config: "<a/>",
        defaultOperation: "none",
        testOption: "test-only",
        errorOption: "rollback-on-error",
      }),
    ).toBe(
      "<edit-config><target><candidate/></target><default-operation>none</default-operation><test-option>test-only</test-option><error-option>rollback-on-error</error-option><config><a/></config></edit-config>",
    );
    expect(
      buildEditConfig(all, { target: "running", config: '<nc:config xmlns:nc="x"><a/></nc:config>' }),
    ).toBe('<edit-config><target><running/></target><nc:config xmlns:nc="x"><a/></nc:config></edit-config>');
  });

  it("checks the capabilities each option needs", () => {
    expect(problem(() => buildEditConfig(bare, { target: "running", config: "<a/>" })).capability).toBe(
      ":writable-running",
    );
    expect(problem(() => buildEditConfig(bare, { target: "candidate", config: "<a/>" })).capability).toBe(
      ":candidate",
    );
    expect(problem(() => buildCommit(bare, {})).capability).toBe(":candidate");
    expect(problem(() => buildLock(bare, "lock", "startup")).capability).toBe(":startup");
    expect(
      problem(() => buildCopyConfig(all, { source: { url: "file:///x" }, target: "startup" })).capability,
    ).toBe(":url");
    expect(problem(() => buildCreateSubscription(bare, {})).capability).toBe(":notification");
  });

  it("refuses values outside the allowed sets instead of sending them", () => {
    expect(problem(() => buildGetConfig(all, { source: "<running/>" as never })).kind).toBe("argument");
    expect(
      problem(() =>
        buildEditConfig(all, { target: "candidate", config: "<a/>", defaultOperation: "x" as never }),
      ).kind,
    ).toBe("argument");
    expect(problem(() => buildCommit(all, { confirmed: true, confirmTimeout: 1.5 })).message).toMatch(
      /whole number/,
    );
    expect(problem(() => buildCommit(all, { persist: "p" })).message).toMatch(/need confirmed/);
  });

  it("builds confirmed commits with persist and persist-id, escaped", () => {
    expect(buildCommit(all, { confirmed: true, confirmTimeout: 60, persist: "a<b" })).toBe(
      "<commit><confirmed/><confirm-timeout>60</confirm-timeout><persist>a&lt;b</persist></commit>",
    );
    expect(buildCommit(all, { persistId: "a&b" })).toBe("<commit><persist-id>a&amp;b</persist-id></commit>");
  });

  it("builds create-subscription with stream, subtree filter and times", () => {
    expect(
      buildCreateSubscription(all, {
        stream: "NETCONF",
        filter: { event: { "@xmlns": "urn:e" } },
        startTime: new Date("2026-01-01T00:00:00Z"),
        stopTime: "2026-01-02T00:00:00Z",
      }),
    ).toBe(
      '<create-subscription xmlns="urn:ietf:params:xml:ns:netconf:notification:1.0"><stream>NETCONF</stream><filter type="subtree"><event xmlns="urn:e"/></filter><startTime>2026-01-01T00:00:00.000Z</startTime><stopTime>2026-01-02T00:00:00Z</stopTime></create-subscription>',
    );
    expect(problem(() => buildCreateSubscription(all, { stopTime: new Date() })).message).toMatch(
      /needs startTime/,
    );
  });
});

describe("Capabilities", () => {
  it("matches short names with and without a version, full URIs without their query, and parses with-defaults", () => {
    expect(all.has(":confirmed-commit")).toBe(true);
    expect(all.has(":confirmed-commit:1.1")).toBe(true);
    expect(all.has(":confirmed-commit:1.0")).toBe(false);
    expect(all.has(`${CAP}with-defaults:1.0`)).toBe(true);
    expect(all.version(":validate")).toBe("1.1");
    expect(all.withDefaults).toEqual({ basicMode: "explicit", alsoSupported: ["report-all", "trim"] });
    expect(bare.withDefaults).toBeUndefined();
    const mods = new Capabilities(["urn:if?module=ietf-interfaces&revision=2014-05-08"]).modules;
    expect(mods.get("ietf-interfaces")).toEqual({ namespace: "urn:if", revision: "2014-05-08" });
  });
});
