import { describe, expect, it } from "vitest";
import { lengthToMask, maskToLength, readModel, writeModel } from "./model.ts";
import { modelFromXml, modelIntoXml, validateModelXml } from "./netconf/ietf-xml.ts";
import { el, NC_NS, parseXml, toXml } from "./netconf/xml.ts";
import { DeviceState, renderConfig } from "./state.ts";

const IOS = `hostname R1
interface GigabitEthernet1
 description uplink
 ip address 10.0.0.1 255.255.255.0
 ip address 10.0.1.1 255.255.255.0 secondary
 negotiation auto
interface GigabitEthernet2
 no ip address
 shutdown
`;

describe("readModel", () => {
  it("reads hostname, descriptions, admin state and primary then secondary addresses", () => {
    const state = new DeviceState("cisco_iosxe", "R1", IOS);
    expect(readModel(state)).toEqual({
      hostname: "R1",
      interfaces: [
        {
          name: "GigabitEthernet1",
          description: "uplink",
          enabled: true,
          ipv4: [
            { ip: "10.0.0.1", prefixLength: 24 },
            { ip: "10.0.1.1", prefixLength: 24 },
          ],
        },
        { name: "GigabitEthernet2", enabled: false, ipv4: [] },
      ],
    });
  });

  it("has no interfaces on linux, whose configuration has no interface lines", () => {
    expect(readModel(new DeviceState("linux", "host1", "")).interfaces).toBeUndefined();
  });

  it("reads Junos set lines", () => {
    const state = new DeviceState(
      "juniper_junos",
      "R6",
      'system host-name R6\ninterfaces ge-0/0/0 description "to core"\ninterfaces ge-0/0/0 unit 0 family inet address 10.1.1.1/30\ninterfaces ge-0/0/1 disable\n',
    );
    expect(readModel(state).interfaces).toEqual([
      {
        name: "ge-0/0/0",
        description: "to core",
        enabled: true,
        ipv4: [{ ip: "10.1.1.1", prefixLength: 30 }],
      },
      { name: "ge-0/0/1", enabled: false, ipv4: [] },
    ]);
  });
});

describe("writeModel", () => {
  it("rewrites only the lines the model covers, in place, as one change", () => {
    const state = new DeviceState("cisco_iosxe", "R1", IOS);
    const changes: string[] = [];
    state.subscribe((c) => changes.push(c.source));
    const model = readModel(state);
    model.hostname = "R9";
    model.interfaces![1] = {
      name: "GigabitEthernet2",
      description: "new",
      enabled: true,
      ipv4: [{ ip: "192.0.2.1", prefixLength: 30 }],
    };
    expect(writeModel(state, model, "netconf")).toBe(true);
    expect(changes).toEqual(["netconf"]);
    expect(state.hostname).toBe("R9");
    expect(renderConfig(state.root, { separator: "" })).toContain(
      "interface GigabitEthernet2\n description new\n ip address 192.0.2.1 255.255.255.252\n",
    );
    expect(writeModel(state, readModel(state), "netconf")).toBe(false);
  });

  it("adds and removes interface sections", () => {
    const state = new DeviceState(
      "arista_eos",
      "R4",
      "hostname R4\ninterface Ethernet1\n ip address 10.0.0.1/24\n",
    );
    writeModel(
      state,
      {
        hostname: "R4",
        interfaces: [{ name: "Loopback7", enabled: false, ipv4: [{ ip: "7.7.7.7", prefixLength: 32 }] }],
      },
      "netconf",
    );
    expect(state.root.map((n) => n.line)).toEqual(["hostname R4", "interface Loopback7"]);
    expect(state.root[1]!.children.map((c) => c.line)).toEqual(["ip address 7.7.7.7/32", "shutdown"]);
  });

  it("renames a linux host without configuration lines", () => {
    const state = new DeviceState("linux", "host1", "");
    writeModel(state, { hostname: "host2", interfaces: undefined }, "netconf");
    expect(state.hostname).toBe("host2");
  });
});

describe("masks", () => {
  it("converts between masks and prefix lengths", () => {
    expect(maskToLength("255.255.255.252")).toBe(30);
    expect(maskToLength("255.0.255.0")).toBeUndefined();
    expect(lengthToMask(0)).toBe("0.0.0.0");
    expect(lengthToMask(32)).toBe("255.255.255.255");
  });
});

describe("ietf XML mapping", () => {
  it("writes the model into XML and reads the same model back, keeping other leaves", () => {
    const state = new DeviceState("cisco_iosxe", "R1", IOS);
    const root = parseXml(
      `<data xmlns="${NC_NS}"><interfaces xmlns="urn:ietf:params:xml:ns:yang:ietf-interfaces"><interface><name>GigabitEthernet1</name><mtu>9000</mtu></interface></interfaces></data>`,
    );
    modelIntoXml(root, readModel(state));
    expect(toXml(root)).toContain("<mtu>9000</mtu>");
    expect(modelFromXml(root, readModel(state))).toEqual(readModel(state));
  });

  it("reports invalid hostnames, booleans and addresses with paths", () => {
    const root = el("data", NC_NS);
    root.children = parseXml(
      `<x><system xmlns="urn:ietf:params:xml:ns:yang:ietf-system"><hostname>a b</hostname></system><interfaces xmlns="urn:ietf:params:xml:ns:yang:ietf-interfaces"><interface><name>e1</name><enabled>yes</enabled><ipv4 xmlns="urn:ietf:params:xml:ns:yang:ietf-ip"><address><ip>300.1.1.1</ip><prefix-length>33</prefix-length></address></ipv4></interface></interfaces></x>`,
    ).children;
    const errors = validateModelXml(root);
    expect(errors.map((e) => e.path?.xpath)).toEqual([
      "/sys:system/sys:hostname",
      "/if:interfaces/if:interface[if:name='e1']/if:enabled",
      "/if:interfaces/if:interface[if:name='e1']/ip:ipv4/ip:address[ip:ip='300.1.1.1']/ip:ip",
      "/if:interfaces/if:interface[if:name='e1']/ip:ipv4/ip:address[ip:ip='300.1.1.1']/ip:prefix-length",
    ]);
    expect(errors.every((e) => e.tag === "invalid-value")).toBe(true);
  });
});
