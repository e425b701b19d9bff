import { AuthenticationError, createDevice, createMemoryLogger } from "@patchbay/core";
import { describe, expect, it } from "vitest";
import { FakeIos } from "../test/fake-ios.ts";
import { NetworkDriver } from "./network-driver.ts";
import { ciscoIosxe } from "./platforms/cisco-iosxe.ts";

function driverFor(ios: FakeIos, secret: string | null = "s3cret", logger = createMemoryLogger()) {
  const device = createDevice({
    host: "10.0.0.1",
    id: "r1",
    platform: "cisco_iosxe",
    data: secret === null ? {} : { enableSecret: secret },
  });
  ios.start();
  return new NetworkDriver({ device, transport: ios.transport, timeoutOpsMs: 1000, logger, logSent: true });
}

const ROUTES = [
  "Codes: L - local, C - connected, S - static, B - BGP",
  "Gateway of last resort is 10.0.0.1 to network 0.0.0.0 #",
  "B>* 10.0.1.0/24 [20/0] via 10.0.0.2, eth0, 00:01:02",
  "S>* 10.0.2.0/24 [1/0] via 10.0.0.3, eth0 >",
  "C>* 10.0.3.0/24 is directly connected, eth1",
  "B>",
  "core-sw1#",
  "RIB>",
];

describe("NetworkDriver (cisco_iosxe definition, fake CLI)", () => {
  it("opens, escalates to privilege exec with the secret, and disables paging", async () => {
    const ios = new FakeIos();
    const driver = driverFor(ios);
    await driver.open();
    expect(driver.hostname).toBe("R1");
    expect(driver.currentPrivilegeLevel).toBe("privilege_exec");
    expect(ios.level).toBe("priv");
    expect(ios.received).toEqual(["enable", "terminal length 0", "terminal width 511"]);
    await driver.close();
    expect(ios.transport.closed).toBe(true);
  });

  it("never takes output lines ending in # or > for the prompt once anchored on the hostname", async () => {
    // Each line arrives alone and its newline a moment later, so each is briefly the last line.
    const ios = new FakeIos("s3cret", {
      "show ip route": (t, prompt) => {
        let i = 0;
        const next = (): void => {
          if (i >= ROUTES.length) {
            t.feed(prompt);
            return;
          }
          t.feed(ROUTES[i++] as string);
          setTimeout(() => {
            t.feed("\r\n");
            next();
          }, 2);
        };
        next();
      },
    });
    const driver = driverFor(ios);
    await driver.open();
    // Unanchored, the platform's patterns would take these lines for prompts.
    const loose = ciscoIosxe.privilegeLevels.map((l) => l.pattern);
    expect(ROUTES.filter((line) => loose.some((p) => p.test(line)))).toEqual(["B>", "core-sw1#", "RIB>"]);
    const r = await driver.sendCommand("show ip route");
    expect(r.result).toBe(ROUTES.join("\n"));
    await driver.close();
  });

  it("follows a hostname change made through sendConfigs", async () => {
    const ios = new FakeIos();
    const driver = driverFor(ios);
    await driver.open();
    const r = await driver.sendConfigs(["hostname EDGE-2", "interface Gi2", "description x"]);
    expect(r.failed).toBe(false);
    expect(r.map((x) => x.input)).toEqual(["hostname EDGE-2", "interface Gi2", "description x"]);
    expect(driver.hostname).toBe("EDGE-2");
    expect(driver.currentPrivilegeLevel).toBe("privilege_exec");
    expect(await driver.getPrompt()).toBe("EDGE-2#");
    await driver.close();
  });

  it("stops at a failed config line and runs the platform's abort", async () => {
    const ios = new FakeIos();
    const driver = driverFor(ios);
    await driver.open();
    const r = await driver.sendConfigs(["interface Gi2", "bogus line", "description never"], {
      stopOnFailed: true,
    });
    expect(r.failed).toBe(true);
    expect(r).toHaveLength(2);
    expect(ios.received.slice(-4)).toEqual(["configure terminal", "interface Gi2", "bogus line", "end"]);
    expect(() => r.raiseForStatus()).toThrow(/bogus line/);
    await driver.close();
  });

  it("moves between levels along the shortest path", async () => {
    const ios = new FakeIos();
    const driver = driverFor(ios);
    await driver.open();
    await driver.acquirePriv("configuration");
    expect(ios.level).toBe("config");
    await driver.acquirePriv("exec");
    expect(ios.level).toBe("exec");
    expect(ios.received.slice(-3)).toEqual(["configure terminal", "end", "disable"]);
    await driver.acquirePriv("configuration");
    expect(ios.received.slice(-2)).toEqual(["enable", "configure terminal"]);
    await driver.close();
  });

  it("a wrong enable secret gives AuthenticationError and the secret is never logged", async () => {
    const ios = new FakeIos("right-secret");
    const logger = createMemoryLogger();
    const driver = driverFor(ios, "wrong-secret", logger);
    const error = await driver.open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).not.toContain("wrong-secret");
    expect(JSON.stringify(logger.entries)).not.toContain("wrong-secret");
  });

  it("no enable secret gives AuthenticationError naming the missing field", async () => {
    const ios = new FakeIos();
    const driver = driverFor(ios, null);
    await expect(driver.open()).rejects.toThrow(/enableSecret/);
  });

  it("sendCommand returns to the default level first", async () => {
    const ios = new FakeIos("s3cret", { "show clock": "10:00" });
    const driver = driverFor(ios);
    await driver.open();
    await driver.acquirePriv("configuration");
    const r = await driver.sendCommand("show clock");
    expect(r.result).toBe("10:00");
    expect(ios.received.slice(-2)).toEqual(["end", "show clock"]);
    await driver.close();
  });
});

describe("NetworkDriver channel log", () => {
  it("writes received bytes and sent input to a file, with the enable secret hidden", async () => {
    const { mkdtempSync, readFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const path = join(mkdtempSync(join(tmpdir(), "driver-log-")), "channel.log");
    const ios = new FakeIos("s3cret-value", { "show clock": "10:00" });
    const device = createDevice({
      host: "10.0.0.1",
      platform: "cisco_iosxe",
      data: { enableSecret: "s3cret-value" },
    });
    ios.start();
    const driver = new NetworkDriver({ device, transport: ios.transport, channelLog: path, logSent: true });
    await driver.open();
    await driver.sendCommand("show clock");
    await driver.close();
    const log = readFileSync(path, "utf8");
    expect(log).toContain("Welcome");
    expect(log).toContain("show clock");
    expect(log).toContain("10:00");
    expect(log).toContain("[hidden input]");
    expect(log).not.toContain("s3cret-value");
  });
});

describe("NetworkDriver hostname relearning", () => {
  it("follows a hostname change sent through sendInteractive", async () => {
    const ios = new FakeIos("s3cret", { "show clock": "10:00" });
    const driver = driverFor(ios);
    await driver.open();
    const r = await driver.sendInteractive([
      { input: "configure terminal" },
      { input: "hostname CORE-9" },
      { input: "end" },
    ]);
    expect(r.result).toContain("CORE-9(config)#");
    expect(driver.hostname).toBe("CORE-9");
    expect(driver.currentPrivilegeLevel).toBe("privilege_exec");
    expect((await driver.sendCommand("show clock")).result).toBe("10:00");
    await driver.close();
  });

  it("follows a hostname change sent with sendCommand at the configuration level", async () => {
    const ios = new FakeIos("s3cret", { "show clock": "10:00" });
    ios.start();
    const device = createDevice({
      host: "10.0.0.1",
      platform: "cisco_iosxe",
      data: { enableSecret: "s3cret" },
    });
    const driver = new NetworkDriver({
      device,
      transport: ios.transport,
      timeoutOpsMs: 1000,
      defaultDesiredPrivilegeLevel: "configuration",
    });
    await driver.open();
    expect(driver.currentPrivilegeLevel).toBe("configuration");
    const r = await driver.sendCommand("hostname EDGE-7");
    expect(r.failed).toBe(false);
    expect(driver.hostname).toBe("EDGE-7");
    expect(await driver.getPrompt()).toBe("EDGE-7(config)#");
    await driver.close();
  });

  it("re-anchors on a hostname changed behind the driver's back", async () => {
    const ios = new FakeIos("s3cret", { "show clock": "10:00" });
    const driver = driverFor(ios);
    await driver.open();
    ios.hostname = "RENAMED";
    await expect(driver.sendCommand("show clock", { timeoutMs: 100 })).rejects.toMatchObject({
      code: "TIMEOUT",
    });
    const again = new FakeIos("s3cret", { "show clock": "10:00" });
    again.hostname = "RENAMED";
    const fresh = driverFor(again);
    await fresh.open();
    again.hostname = "OTHER";
    expect(await fresh.relearnHostname()).toBe("OTHER");
    expect((await fresh.sendCommand("show clock")).result).toBe("10:00");
    await fresh.close();
  });
});
