import { DisconnectedError, TimeoutError } from "@patchbay/core";
import { generatedOutput, type SimDevice } from "@patchbay/devsim";
import { afterEach, describe, expect, it } from "vitest";
import { closeSession, openDriver, type Session, startSim } from "./helpers.ts";

const opened: { sim: SimDevice; s?: Session }[] = [];
afterEach(async () => {
  for (const o of opened.splice(0)) {
    await closeSession(o.s);
    await o.sim.close();
  }
});

async function session(
  options: Parameters<typeof startSim>[0],
  driver: Parameters<typeof openDriver>[2] = {},
) {
  const sim = await startSim(options);
  const entry: { sim: SimDevice; s?: Session } = { sim };
  opened.push(entry);
  entry.s = await openDriver(sim, options.platform, driver);
  return { sim, s: entry.s };
}

describe("paging and slow devices", () => {
  it("answers --More-- prompts when paging is left on and strips the pager text", async () => {
    const { s } = await session({ platform: "cisco_iosxe", pagingLines: 10 }, { onOpenCommands: [] });
    const bytes = 20_000;
    const expected = Buffer.concat([...generatedOutput(bytes, true)])
      .toString("utf8")
      .replaceAll("\r", "");
    const r = await s.driver.sendCommand(`show generated ${bytes}`, { rawResult: true });
    expect(r.result).not.toMatch(/More/);
    expect(r.result).toBe(expected.slice(0, -1));
    expect(Buffer.from(r.rawResult ?? []).toString()).toContain("--More--");
  });

  // Three pages of 20,000 lines; IOS erases ` --More-- ` with backspaces, Junos `---(more)---` with a
  // return, spaces and a return, each in a write of its own after the key.
  for (const platform of ["cisco_iosxe", "juniper_junos"] as const) {
    it(`returns ${platform}'s paged output byte-exact, the pager prompt and its erase removed`, async () => {
      const pagingLines = 20_000;
      const { s } = await session({ platform, pagingLines }, { onOpenCommands: [] });
      const lines = Buffer.concat([...generatedOutput(5_000_000, true)])
        .toString("utf8")
        .replaceAll("\r", "")
        .split("\n")
        .slice(0, 3 * pagingLines);
      const expected = lines.join("\n");
      const bytes = Buffer.byteLength(expected) + 3 * pagingLines + 1;
      const r = await s.driver.sendCommand(`show generated ${bytes}`, { rawResult: true });
      expect(Buffer.from(r.rawResult ?? []).toString()).toMatch(/--More--|---\(more\)---/);
      expect(r.result.length).toBe(expected.length);
      expect(r.result).toBe(expected);
    });
  }

  it("works when the device sends one byte at a time", async () => {
    const { s } = await session({ platform: "cisco_iosxe", chunkSize: 1 });
    const r = await s.driver.sendCommand("show version");
    expect(r.result).toMatch(/^Cisco IOS XE Software/);
    expect(r.result).not.toContain("R1#");
    const cfg = await s.driver.sendConfigs(["interface GigabitEthernet2", "description one-byte-at-a-time"]);
    expect(cfg.failed).toBe(false);
    expect((await s.driver.sendCommand("show running-config")).result).toContain(
      "description one-byte-at-a-time",
    );
  });

  it("works with latency on every write", async () => {
    const { s } = await session({ platform: "linux", latencyMs: 5 });
    expect((await s.driver.sendCommand("whoami")).result).toBe("admin");
  });
});

describe("faults", () => {
  it("a connection dropped mid-output gives DisconnectedError with the partial output", async () => {
    const { sim, s } = await session({ platform: "cisco_iosxe" });
    sim.setFaults({ dropMidOutput: { afterBytes: 3000 } });
    const error = await s.driver.sendCommand("show generated 100000").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DisconnectedError);
    const partial = (error as DisconnectedError).partialOutput ?? "";
    expect(partial.length).toBeGreaterThan(1000);
    expect(partial).toContain("GigabitEthernet");
    expect(s.driver.isAlive).toBe(false);
  });

  it("a device that never returns the prompt gives TimeoutError with the partial output, and closes", async () => {
    const { sim, s } = await session({ platform: "cisco_iosxe" });
    sim.setFaults({ neverReturnPrompt: true });
    const error = await s.driver.sendCommand("show version", { timeoutMs: 500 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).partialOutput).toContain("Cisco IOS XE Software");
    expect((error as TimeoutError).command).toBe("show version");
    expect(s.driver.isAlive).toBe(false);
  });

  it("an abort signal stops a command with OperationAbortedError", async () => {
    const { sim, s } = await session({ platform: "linux" });
    sim.setFaults({ stall: { afterBytes: 100 } });
    const controller = new AbortController();
    const pending = s.driver.sendCommand("show generated 10000", { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toMatchObject({ code: "ABORTED" });
    expect(s.driver.isAlive).toBe(false);
  });

  for (const kind of ["ansi", "nul", "random"] as const) {
    it(`still parses output with ${kind} garbage injected`, async () => {
      const { sim, s } = await session({ platform: "cisco_iosxe" });
      sim.setFaults({ garbage: { everyBytes: 200, kinds: [kind], seed: 7 } });
      const r = await s.driver.sendCommand("show generated 20000");
      expect(r.result).toContain("GigabitEthernet");
      expect(r.result).not.toContain("R1#");
      sim.setFaults({});
      const v = await s.driver.sendCommand("show version");
      expect(v.result).toMatch(/^Cisco IOS XE Software/);
      if (kind !== "random") {
        const expected = Buffer.concat([...generatedOutput(20_000, true)])
          .toString()
          .replaceAll("\r", "");
        expect(r.result).toBe(expected.slice(0, -1));
      }
    });
  }
});
