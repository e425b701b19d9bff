import type { InventoryHost } from "@patchbay/inventory";
import { describe, expect, it } from "vitest";
import { createOutput } from "./output.ts";
import { forEachHost, SkipHost } from "./runner.ts";

const sink = { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream;
const output = createOutput({ stdout: sink, stderr: sink, env: {} });
const hosts = Array.from(
  { length: 12 },
  (_, i) => ({ name: `h${i}`, device: { platform: "x" } }) as unknown as InventoryHost,
);

describe("forEachHost", () => {
  it("runs at most `parallel` tasks at once and keeps results in host order", async () => {
    let running = 0;
    let peak = 0;
    const results = await forEachHost(
      output,
      hosts,
      async (host) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5 + (Number(host.name.slice(1)) % 3)));
        running--;
        return host.name.toUpperCase();
      },
      { title: "t", parallel: 3, timeoutMs: 5_000, quiet: true },
    );
    expect(peak).toBe(3);
    expect(results.map((r) => r.value)).toEqual(hosts.map((h) => h.name.toUpperCase()));
  });

  it("gives up on a host at its deadline, aborting its signal, and goes on with the others", async () => {
    let aborted = false;
    const results = await forEachHost(
      output,
      hosts.slice(0, 3),
      (host, op) => {
        if (host.name !== "h1") return Promise.resolve("fine");
        op.step("connect", () => "half a banner");
        op.signal.addEventListener("abort", () => {
          aborted = true;
        });
        return new Promise<string>(() => {});
      },
      { title: "t", parallel: 2, timeoutMs: 100, quiet: true, closeGraceMs: 10 },
    );
    expect(results.map((r) => r.status)).toEqual(["ok", "failed", "ok"]);
    expect(results[1]?.code).toBe("TIMEOUT");
    expect(results[1]?.message).toMatch(/TIMEOUT: device "h1": connect timed out after 100 ms/);
    expect(results[1]?.error).toMatchObject({ phase: "connect", partialOutput: "half a banner" });
    expect(aborted).toBe(true);
  });

  it("gives operations less time than the host, so their own typed timeout wins", async () => {
    const seen: number[] = [];
    await forEachHost(
      output,
      hosts.slice(0, 1),
      async (_host, op) => {
        seen.push(op.timeoutMs);
        return "x";
      },
      { title: "t", parallel: 1, timeoutMs: 10_000, quiet: true },
    );
    expect(seen[0]).toBeLessThan(10_000);
    expect(seen[0]).toBeGreaterThan(8_000);
  });

  it("marks hosts skipped when the task says so, and running and not started hosts as interrupted", async () => {
    const stop = new AbortController();
    const results = await forEachHost(
      output,
      hosts.slice(0, 4),
      async (host) => {
        if (host.name === "h0") throw new SkipHost("no Shell on this platform");
        if (host.name === "h1") stop.abort();
        return "x";
      },
      { title: "t", parallel: 1, timeoutMs: 1000, quiet: true, signal: stop.signal },
    );
    expect(results.map((r) => r.status)).toEqual(["skipped", "interrupted", "interrupted", "interrupted"]);
    expect(results[0]?.message).toBe("no Shell on this platform");
    expect(results[1]?.code).toBe("ABORTED");
    expect(results[3]?.message).toBe("not started: the run was interrupted");
  });
});

describe("output", () => {
  it("uses colours only on a terminal, never with NO_COLOR, and FORCE_COLOR for pipes", () => {
    const tty = { write: () => true, isTTY: true } as unknown as NodeJS.WriteStream;
    expect(createOutput({ stdout: tty, stderr: tty, env: {} }).color).toBe(true);
    expect(createOutput({ stdout: tty, stderr: tty, env: { NO_COLOR: "" } }).color).toBe(false);
    expect(createOutput({ stdout: tty, stderr: tty, env: {}, color: false }).color).toBe(false);
    expect(createOutput({ stdout: sink, stderr: sink, env: {} }).color).toBe(false);
    expect(createOutput({ stdout: sink, stderr: sink, env: { FORCE_COLOR: "1" } }).color).toBe(true);
  });

  it("masks the fleet's secrets in everything it prints", () => {
    const lines: string[] = [];
    const capture = { write: (s: string) => lines.push(s), isTTY: false } as unknown as NodeJS.WriteStream;
    const out = createOutput({ stdout: capture, stderr: capture, env: {} });
    out.addSecrets(["hunter22", "s3cret", 'q"\\x']);
    out.out("password hunter22 and s3cret in /tmp/s3cret-folder");
    out.json({ note: 'q"\\x', sudoPassword: "other", list: ["x hunter22"] }, false);
    expect(lines).toEqual([
      "password [redacted] and [redacted] in /tmp/s3cret-folder\n",
      '{"note":"[redacted]","sudoPassword":"[redacted]","list":["x [redacted]"]}\n',
    ]);
  });
});
