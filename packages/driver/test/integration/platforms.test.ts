import { AuthenticationError } from "@patchbay/core";
import { generatedOutput, type SimDevice, type SimPlatform } from "@patchbay/devsim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeSession, openDriver, PASSWORD, type Session, startSim } from "./helpers.ts";

interface PlatformCase {
  platform: SimPlatform;
  /** The prompt after open, at the default level. */
  prompt: string;
  showVersion: { command: string; expect: RegExp };
  /** Configuration that renames the device and changes something else, and how to see it. */
  config: {
    lines: string[];
    privilegeLevel?: string;
    check: string;
    expect: readonly (string | RegExp)[];
    newHostname: string;
    newPrompt: string;
  };
  invalid: string;
  /** A level below the default, reached by deescalating, and escalated from with the secret. */
  escalation?: { low: string; high: string; secret?: string };
  /** Secret option for the driver when it is not the enable secret. */
  authSecret?: string;
}

const CASES: PlatformCase[] = [
  {
    platform: "cisco_iosxe",
    prompt: "R1#",
    showVersion: { command: "show version", expect: /Cisco IOS XE Software/ },
    config: {
      lines: ["hostname R9", "interface GigabitEthernet2", "description patched-by-driver"],
      check: "show running-config",
      expect: ["hostname R9", /interface GigabitEthernet2\n description patched-by-driver/],
      newHostname: "R9",
      newPrompt: "R9#",
    },
    invalid: "show nonsense-command",
    escalation: { low: "exec", high: "privilege_exec" },
  },
  {
    platform: "linux",
    prompt: "admin@host:~$",
    showVersion: { command: "uname -a", expect: /Linux host/ },
    config: {
      lines: ["hostname box2"],
      privilegeLevel: "root",
      check: "hostname",
      expect: ["box2"],
      newHostname: "box2",
      newPrompt: "admin@box2:~$",
    },
    invalid: "nosuchcommand",
    escalation: { low: "exec", high: "root" },
    authSecret: PASSWORD,
  },
  {
    platform: "cisco_nxos",
    prompt: "R1#",
    showVersion: { command: "show version", expect: /Cisco Nexus Operating System/ },
    config: {
      lines: ["hostname R9", "interface Ethernet1/2", "description patched-by-driver"],
      check: "show running-config",
      expect: ["hostname R9", /interface Ethernet1\/2\n\s+description patched-by-driver/],
      newHostname: "R9",
      newPrompt: "R9#",
    },
    invalid: "show nonsense-command",
  },
  {
    platform: "cisco_iosxr",
    prompt: "RP/0/RP0/CPU0:R1#",
    showVersion: { command: "show version", expect: /Cisco IOS XR Software/ },
    config: {
      lines: ["hostname R9", "interface GigabitEthernet0/0/0/1", "description patched-by-driver"],
      check: "show running-config",
      expect: ["hostname R9", /interface GigabitEthernet0\/0\/0\/1\n\s+description patched-by-driver/],
      newHostname: "R9",
      newPrompt: "RP/0/RP0/CPU0:R9#",
    },
    invalid: "show nonsense-command",
  },
  {
    platform: "arista_eos",
    prompt: "R1#",
    showVersion: { command: "show version", expect: /Arista/ },
    config: {
      lines: ["hostname R9", "interface Ethernet2", "description patched-by-driver"],
      check: "show running-config",
      expect: ["hostname R9", /interface Ethernet2\n\s+description patched-by-driver/],
      newHostname: "R9",
      newPrompt: "R9#",
    },
    invalid: "show nonsense-command",
    escalation: { low: "exec", high: "privilege_exec" },
  },
  {
    platform: "juniper_junos",
    prompt: "admin@R1>",
    showVersion: { command: "show version", expect: /Hostname: R1/ },
    config: {
      lines: ["set system host-name R9", "set interfaces ge-0/0/1 description patched-by-driver"],
      check: "show configuration | display set",
      expect: ["set system host-name R9", "set interfaces ge-0/0/1 description patched-by-driver"],
      newHostname: "R9",
      newPrompt: "admin@R9>",
    },
    invalid: "show nonsense-command",
  },
  {
    platform: "frr",
    prompt: "R1#",
    showVersion: { command: "show version", expect: /FRRouting/ },
    config: {
      lines: ["hostname R9", "interface eth0", "description patched-by-driver"],
      check: "show running-config",
      expect: ["hostname R9", /interface eth0\n\s+description patched-by-driver/],
      newHostname: "R9",
      newPrompt: "R9#",
    },
    invalid: "show nonsense-command",
  },
];

describe.each(CASES)("$platform over SSH to devsim", (c) => {
  let sim: SimDevice;
  let s: Session;
  beforeAll(async () => {
    sim = await startSim({ platform: c.platform });
    s = await openDriver(sim, c.platform, c.authSecret ? { authSecret: c.authSecret } : {});
  });
  afterAll(async () => {
    await closeSession(s);
    await sim?.close();
  });

  it("opens at the default privilege level and learns the hostname", async () => {
    expect(await s.driver.getPrompt()).toBe(c.prompt);
    expect(s.driver.currentPrivilegeLevel).toBe(s.driver.defaultDesiredPrivilegeLevel);
    expect(s.driver.hostname).toBe(sim.hostname);
  });

  it("sends a show command and returns its output without echo or prompt", async () => {
    const r = await s.driver.sendCommand(c.showVersion.command, { rawResult: true });
    expect(r.result).toMatch(c.showVersion.expect);
    expect(r.result).not.toContain(c.showVersion.command);
    expect(r.result).not.toContain(c.prompt);
    expect(r.failed).toBe(false);
    expect(r.rawResult?.length).toBeGreaterThan(r.result.length);
    expect((await s.driver.sendCommand(c.showVersion.command)).rawResult).toBeUndefined();
  });

  it("marks a rejected command as failed, and raiseForStatus names it", async () => {
    const r = await s.driver.sendCommand(c.invalid);
    expect(r.failed).toBe(true);
    expect(() => r.raiseForStatus()).toThrow(c.invalid);
  });

  it("returns 5 MB of output byte-exact", async () => {
    const bytes = 5 * 1024 * 1024;
    // The device sends the terminal's CRLF line endings; the result has them as LF.
    const sent = Buffer.concat([...generatedOutput(bytes, true)]);
    const expected = sent.toString("utf8").replaceAll("\r", "");
    const r = await s.driver.sendCommand(`show generated ${bytes}`, { timeoutMs: 60_000, rawResult: true });
    expect(Buffer.from(r.rawResult ?? []).indexOf(sent)).toBeGreaterThan(0);
    expect(r.result.length).toBe(expected.length - 1);
    expect(r.result === expected.slice(0, -1)).toBe(true);
  });

  it("serialises concurrent commands on one session", async () => {
    const [a, b, c2] = await Promise.all([
      s.driver.sendCommand(c.showVersion.command),
      s.driver.sendCommand(c.invalid),
      s.driver.sendCommand(c.showVersion.command),
    ]);
    expect(a?.result).toMatch(c.showVersion.expect);
    expect(b?.failed).toBe(true);
    expect(c2?.result).toBe(a?.result);
  });

  if (c.escalation) {
    const esc = c.escalation;
    it("deescalates and escalates again with the enable secret", async () => {
      await s.driver.acquirePriv(esc.low);
      expect(s.driver.currentPrivilegeLevel).toBe(esc.low);
      await s.driver.acquirePriv(esc.high);
      expect(s.driver.currentPrivilegeLevel).toBe(esc.high);
      expect((await s.driver.sendCommand(c.showVersion.command)).failed).toBe(false);
    });

    it("rejects a wrong secret with AuthenticationError and the session stays usable", async () => {
      const wrong = await openDriver(sim, c.platform, {
        defaultDesiredPrivilegeLevel: esc.low,
        authSecret: "not-the-secret",
        onOpenCommands: [],
      });
      try {
        const error = await wrong.driver.acquirePriv(esc.high).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AuthenticationError);
        expect((error as Error).message).not.toContain("not-the-secret");
        expect(wrong.driver.currentPrivilegeLevel).toBe(esc.low);
        expect((await wrong.driver.sendCommand(c.showVersion.command)).result).toMatch(c.showVersion.expect);
      } finally {
        await closeSession(wrong);
      }
    });
  }

  it("applies configuration visible afterwards and follows the hostname change", async () => {
    const r = await s.driver.sendConfigs(c.config.lines, {
      stopOnFailed: true,
      privilegeLevel: c.config.privilegeLevel,
    });
    expect(r.failed).toBe(false);
    expect(s.driver.hostname).toBe(c.config.newHostname);
    expect(await s.driver.getPrompt()).toBe(c.config.newPrompt);
    const check = await s.driver.sendCommand(c.config.check);
    for (const e of c.config.expect) expect(check.result).toMatch(e);
  });
});

describe("juniper_junos configuration output over SSH to devsim", () => {
  let sim: SimDevice;
  let s: Session;
  beforeAll(async () => {
    sim = await startSim({ platform: "juniper_junos" });
    s = await openDriver(sim, "juniper_junos");
  });
  afterAll(async () => {
    await closeSession(s);
    await sim?.close();
  });

  it("drops the [edit ...] line printed above each configuration prompt from the results", async () => {
    const r = await s.driver.sendConfigs([
      "set interfaces ge-0/0/2 description first",
      "edit interfaces ge-0/0/2",
      "set description second",
      "show",
      "top",
      "frobnicate now",
    ]);
    expect(r.map((x) => x.result)).toEqual([
      "",
      "",
      "",
      expect.stringMatching(/^description second;$/m),
      "",
      expect.stringMatching(/unknown command/),
    ]);
    for (const x of r) expect(x.result).not.toMatch(/\[edit/);
    expect(r[5]?.failed).toBe(true);
  });
});
