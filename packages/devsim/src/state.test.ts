import { describe, expect, it } from "vitest";
import { DeviceState, parseConfig, renderConfig } from "./state.ts";

const initial = `hostname R1
interface GigabitEthernet1
 description old
 ip address 10.0.0.1 255.255.255.0
 shutdown
ip route 0.0.0.0 0.0.0.0 10.0.0.254
`;

describe("DeviceState", () => {
  it("parses and renders an indented configuration", () => {
    expect(renderConfig(parseConfig(initial))).toBe(`${initial.replace("ip route", "!\nip route")}`);
  });

  it("replaces single-valued settings and appends list settings", () => {
    const s = new DeviceState("cisco_iosxe", "R1", initial);
    s.set(["interface GigabitEthernet1"], "description new");
    s.set([], "ip route 10.9.0.0 255.255.0.0 10.0.0.253");
    expect(s.interfaces()[0]).toMatchObject({ name: "GigabitEthernet1", description: "new", shutdown: true });
    expect(s.staticRoutes()).toEqual(["0.0.0.0 0.0.0.0 10.0.0.254", "10.9.0.0 255.255.0.0 10.0.0.253"]);
  });

  it("removes settings with their negation (no shutdown, no ip address)", () => {
    const s = new DeviceState("cisco_iosxe", "R1", initial);
    s.unset(["interface GigabitEthernet1"], "shutdown");
    s.unset(["interface GigabitEthernet1"], "ip address");
    expect(s.interfaces()[0]).toEqual({ name: "GigabitEthernet1", description: "old", shutdown: false });
  });

  it("keeps unknown lines under their section", () => {
    const s = new DeviceState("cisco_iosxe", "R1", initial);
    s.set(["router bgp 65000"], "neighbor 10.0.0.2 remote-as 65001");
    expect(renderConfig(s.root)).toContain("router bgp 65000\n neighbor 10.0.0.2 remote-as 65001\n");
  });

  it("updates the hostname line and notifies subscribers", () => {
    const s = new DeviceState("cisco_iosxe", "R1", initial);
    const seen: string[] = [];
    s.subscribe((c) => seen.push(c.kind));
    s.setHostname("CORE1");
    expect(s.hostname).toBe("CORE1");
    expect(s.root[0]?.line).toBe("hostname CORE1");
    expect(seen).toEqual(["hostname"]);
  });

  it("takes the hostname from a committed configuration", () => {
    const s = new DeviceState("cisco_iosxr", "R1", initial);
    const candidate = s.snapshot();
    candidate[0]!.line = "hostname PE1";
    s.replace(candidate);
    expect(s.hostname).toBe("PE1");
  });
});
