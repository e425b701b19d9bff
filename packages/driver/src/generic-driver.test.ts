import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FakeTransport, scriptedCli } from "../test/fake-transport.ts";
import { GenericDriver } from "./generic-driver.ts";

function driver(commands: Record<string, string | ((t: FakeTransport) => void)>) {
  const t = new FakeTransport(scriptedCli(() => "\r\nsw1#", commands));
  t.feed("sw1#");
  const d = new GenericDriver({
    transport: t,
    host: "sw1",
    promptPattern: /^sw1#$/m,
    failedWhenContains: ["% Error"],
    timeoutOpsMs: 1000,
  });
  return { t, d };
}

describe("GenericDriver", () => {
  it("sendCommands stops at the first failure when asked", async () => {
    const { d } = driver({ a: "A", b: "% Error: no", c: "C" });
    await d.open();
    const all = await d.sendCommands(["a", "b", "c"]);
    expect(all.map((r) => r.result)).toEqual(["A", "% Error: no", "C"]);
    const stopped = await d.sendCommands(["a", "b", "c"], { stopOnFailed: true });
    expect(stopped.map((r) => r.input)).toEqual(["a", "b"]);
    expect(stopped.failed).toBe(true);
    await d.close();
  });

  it("sendCommandsFromFile sends the non-empty lines", async () => {
    const { d, t } = driver({ a: "A", c: "C" });
    const dir = mkdtempSync(join(tmpdir(), "driver-"));
    writeFileSync(join(dir, "cmds.txt"), "a\n\n  \nc\n");
    await d.open();
    const r = await d.sendCommandsFromFile(join(dir, "cmds.txt"));
    expect(r.map((x) => x.result)).toEqual(["A", "C"]);
    expect(t.written.filter((w) => w !== "\n")).toEqual(["a", "c"]);
    await d.close();
  });

  it("keeps a multi-command operation whole while other calls wait", async () => {
    const { d, t } = driver({ a: "A", b: "B", x: "X" });
    await d.open();
    const [many, one] = await Promise.all([d.sendCommands(["a", "b"]), d.sendCommand("x")]);
    expect(many.map((r) => r.result)).toEqual(["A", "B"]);
    expect(one.result).toBe("X");
    expect(t.written.filter((w) => w !== "\n")).toEqual(["a", "b", "x"]);
    await d.close();
  });

  it("readCallback runs callbacks as their patterns appear and stops at a complete one", async () => {
    const t = new FakeTransport();
    t.feed("sw1#");
    const d = new GenericDriver({ transport: t, host: "sw1", promptPattern: /^sw1#$/m, timeoutOpsMs: 1000 });
    await d.open();
    const seen: string[] = [];
    t.respond((data) => {
      if (data === "reload\n") t.feed("reload\r\nProceed with reload? [confirm]");
      else if (data === "y") t.feed("\r\nReloading...\r\nDone.\r\n");
    });
    await d.readCallback(
      [
        {
          match: /\[confirm\]/,
          run: (drv, out) => {
            seen.push(out);
            drv.write("y");
          },
        },
        { match: "Done.", run: () => void seen.push("done"), complete: true },
      ],
      "reload",
    );
    expect(seen[0]).toContain("Proceed with reload?");
    expect(seen[1]).toBe("done");
    await d.close();
  });

  it("readCallback's rawResult holds the bytes received, terminal noise included, when asked", async () => {
    const t = new FakeTransport();
    t.feed("sw1#");
    const d = new GenericDriver({ transport: t, host: "sw1", promptPattern: /^sw1#$/m, timeoutOpsMs: 1000 });
    await d.open();
    t.respond((data) => {
      if (data === "reload\n") t.feed("reload\r\n\x1b[1mProceed?\x1b[0m [confirm]");
      else if (data === "y") t.feed("\r\nDone.");
    });
    const callbacks = [
      { match: "[confirm]", run: (drv: GenericDriver) => drv.write("y") },
      { match: "Done.", run: () => {}, complete: true },
    ];
    const r = await d.readCallback(callbacks, "reload", { rawResult: true });
    expect(r.result).toBe("reload\nProceed? [confirm]\nDone.");
    expect(Buffer.from(r.rawResult ?? []).toString()).toBe(
      "reload\r\n\x1b[1mProceed?\x1b[0m [confirm]\r\nDone.",
    );
    expect((await d.readCallback(callbacks, "reload")).rawResult).toBeUndefined();
    await d.close();
  });

  it("closes through await using", async () => {
    const { t, d } = driver({});
    {
      await using opened = d;
      await opened.open();
    }
    expect(t.closed).toBe(true);
    expect(d.isAlive).toBe(false);
  });
});
