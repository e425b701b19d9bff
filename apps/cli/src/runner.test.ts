import type { InventoryHost } from "@patchbay/inventory";
import { describe, expect, it } from "vitest";
import { createOutput } from "./output.ts";
import { forEachHost } from "./runner.ts";

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
      (host, signal) => {
        if (host.name !== "h1") return Promise.resolve("fine");
        signal.addEventListener("abort", () => {
          aborted = true;
        });
        return new Promise<string>(() => {});
      },
      { title: "t", parallel: 2, timeoutMs: 100, quiet: true },
    );
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(results[1]?.message).toMatch(/timed out after 100 ms/);
    expect(aborted).toBe(true);
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
    out.addSecrets(["hunter22", "s3cret"]);
    out.out("password hunter22 and s3cret");
    expect(lines).toEqual(["password [redacted] and [redacted]\n"]);
  });
});
