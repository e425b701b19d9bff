import { describe, expect, it } from "vitest";
import type { CommandResult } from "../internal/engine.ts";
import { DeviceState } from "../state.ts";
import { CiscoEngine, expandInterface } from "./cisco-engine.ts";
import { ciscoIosxe } from "./cisco-iosxe.ts";

function engine(interactive = true): CiscoEngine {
  const state = new DeviceState("cisco_iosxe", "R1", "hostname R1\ninterface GigabitEthernet1\n shutdown\n");
  return new CiscoEngine(ciscoIosxe, {
    state,
    credentials: { username: "admin", password: "pw", enableSecret: "en" },
    interactive,
  });
}

const text = (r: CommandResult): string => (typeof r.output === "string" ? r.output : "");

describe("CiscoEngine (IOS-XE)", () => {
  it("walks user, privileged and configuration prompts", () => {
    const e = engine();
    expect(e.prompt()).toBe("R1>");
    const ask = e.execute("enable").input!;
    expect(ask).toMatchObject({ prompt: "Password: ", echo: false });
    ask.handle("en");
    expect(e.prompt()).toBe("R1#");
    e.execute("conf t");
    expect(e.prompt()).toBe("R1(config)#");
    e.execute("int gi1");
    expect(e.prompt()).toBe("R1(config-if)#");
    e.execute("exit");
    expect(e.prompt()).toBe("R1(config)#");
    e.execute("router ospf 1");
    expect(e.prompt()).toBe("R1(config-router)#");
    e.execute("end");
    expect(e.prompt()).toBe("R1#");
  });

  it("says % Bad secrets after three wrong enable secrets", () => {
    const e = engine();
    let r = e.execute("enable");
    r = r.input!.handle("x");
    r = r.input!.handle("y");
    r = r.input!.handle("z");
    expect(text(r)).toBe("% Bad secrets\n\n");
    expect(e.prompt()).toBe("R1>");
  });

  it("changes the prompt as soon as the hostname changes", () => {
    const e = engine(false);
    e.execute("configure terminal");
    e.execute("hostname CORE-1");
    expect(e.prompt()).toBe("CORE-1(config)#");
  });

  it("stores interface settings under the expanded interface name and honours no shutdown", () => {
    const e = engine(false);
    e.execute("configure terminal");
    e.execute("interface gi1");
    e.execute("no shutdown");
    e.execute("ip address 10.1.1.1 255.255.255.0");
    e.execute("end");
    expect(e.ctx.state.interfaces()).toEqual([
      { name: "GigabitEthernet1", ipv4: "10.1.1.1 255.255.255.0", shutdown: false },
    ]);
  });

  it("reports incomplete and ambiguous commands", () => {
    const e = engine(false);
    expect(text(e.execute("show ip"))).toBe("% Incomplete command.\n\n");
    expect(text(e.execute("sh i"))).toBe('% Ambiguous command:  "sh i"\n');
  });

  it("filters output with | include", () => {
    const e = engine(false);
    expect(text(e.execute("show running-config | include ^hostname"))).toBe("hostname R1\n");
  });

  it("turns paging off with terminal length 0", () => {
    const e = engine();
    expect(e.paging).toBe(true);
    e.execute("terminal length 0");
    expect(e.paging).toBe(false);
  });
});

describe("expandInterface", () => {
  it("expands common abbreviations per platform", () => {
    expect(expandInterface("gi0/1", "cisco_iosxe")).toBe("GigabitEthernet0/1");
    expect(expandInterface("Lo0", "cisco_iosxe")).toBe("Loopback0");
    expect(expandInterface("eth1/1", "cisco_nxos")).toBe("Ethernet1/1");
    expect(expandInterface("et1", "arista_eos")).toBe("Ethernet1");
  });
});
