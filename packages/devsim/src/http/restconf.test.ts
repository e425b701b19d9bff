import { describe, expect, it } from "vitest";
import { PLATFORMS } from "../platforms/index.ts";
import { DeviceState } from "../state.ts";
import { handleData } from "./restconf.ts";
import { RestconfFailure } from "./restconf-errors.ts";
import { parseFields } from "./restconf-query.ts";

function state(): DeviceState {
  const config =
    "hostname R1\ninterface Ethernet1\n description up\n ip address 10.0.0.1/24\ninterface Ethernet2\n shutdown\n";
  return new DeviceState("arista_eos", "R1", config);
}

const failure = (fn: () => unknown): RestconfFailure => {
  try {
    fn();
  } catch (e) {
    if (e instanceof RestconfFailure) return e;
    throw e;
  }
  throw new Error("expected a RestconfFailure");
};

describe("parseFields", () => {
  it("parses members, paths and nested selections", () => {
    const f = parseFields("interface(name;ietf-ip:ipv4/address);x");
    expect([...f.keys()]).toEqual(["interface", "x"]);
    const inner = f.get("interface");
    expect([...(inner?.keys() ?? [])]).toEqual(["name", "ipv4"]);
    expect([...(inner?.get("ipv4")?.keys() ?? [])]).toEqual(["address"]);
  });

  it("rejects malformed expressions with invalid-value", () => {
    expect(failure(() => parseFields("a(b")).errorTag).toBe("invalid-value");
    expect(failure(() => parseFields(";")).errorTag).toBe("invalid-value");
  });
});

describe("handleData", () => {
  it("reads a leaf with its module-qualified name", () => {
    const s = state();
    expect(
      handleData(s, "GET", "ietf-interfaces:interfaces/interface=Ethernet1/description", undefined, {}, "/d"),
    ).toEqual({
      status: 200,
      body: { "ietf-interfaces:description": "up" },
    });
    expect(
      handleData(s, "GET", "ietf-interfaces:interfaces/interface=Ethernet1/ietf-ip:ipv4", undefined, {}, "/d")
        .body,
    ).toEqual({
      "ietf-ip:ipv4": { address: [{ ip: "10.0.0.1", "prefix-length": 24 }] },
    });
  });

  it("needs the module name on the first segment and knows only its two modules", () => {
    expect(failure(() => handleData(state(), "GET", "interfaces", undefined, {}, "/d")).status).toBe(400);
    expect(failure(() => handleData(state(), "GET", "acme:things", undefined, {}, "/d")).errorTag).toBe(
      "unknown-element",
    );
  });

  it("writes an interface's enabled leaf into the configuration as shutdown", () => {
    const s = state();
    const r = handleData(
      s,
      "PUT",
      "ietf-interfaces:interfaces/interface=Ethernet2/enabled",
      { "ietf-interfaces:enabled": true },
      {},
      "/d",
    );
    expect(r.status).toBe(204);
    const et2 = s.root.find((n) => n.line === "interface Ethernet2");
    expect(et2?.children.map((c) => c.line)).not.toContain("shutdown");
    expect(s.revision).toBeGreaterThan(0);
  });

  it("rejects a PUT whose body names another entry, and unknown members", () => {
    const s = state();
    const other = { "ietf-interfaces:interface": [{ name: "Ethernet9" }] };
    expect(
      failure(() => handleData(s, "PUT", "ietf-interfaces:interfaces/interface=Ethernet1", other, {}, "/d"))
        .errorTag,
    ).toBe("invalid-value");
    const unknown = { "ietf-interfaces:interface": [{ name: "Ethernet1", mtu: 9000 }] };
    const f = failure(() =>
      handleData(s, "PUT", "ietf-interfaces:interfaces/interface=Ethernet1", unknown, {}, "/d"),
    );
    expect([f.errorTag, f.errorPath]).toEqual([
      "unknown-element",
      "/ietf-interfaces:interfaces/interface=Ethernet1/mtu",
    ]);
  });

  it("keeps Junos interfaces as set lines", () => {
    const s = new DeviceState(
      "juniper_junos",
      "R1",
      PLATFORMS.juniper_junos.data.initialConfig.replace("{hostname}", "R1"),
    );
    handleData(s, "PATCH", "ietf-system:system", { "ietf-system:system": { hostname: "mx9" } }, {}, "/d");
    expect(s.hostname).toBe("mx9");
    expect(s.root.some((n) => n.line === "system host-name mx9")).toBe(true);
  });
});
