import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createMemoryLogger, createStreamLogger, REDACTED, redact, redactingLogger } from "./logger.ts";

describe("redaction", () => {
  it("replaces secret-named keys at any depth and masks literal secrets in strings", () => {
    const out = redact(
      {
        password: "hunter2",
        nested: { apiKey: "k", privateKey: "-----BEGIN", list: [{ token: "t" }] },
        note: "pw is hunter2",
      },
      ["hunter2"],
    );
    expect(out).toEqual({
      password: REDACTED,
      nested: { apiKey: REDACTED, privateKey: REDACTED, list: [{ token: REDACTED }] },
      note: `pw is ${REDACTED}`,
    });
  });

  it("survives cycles and summarises buffers", () => {
    const a: Record<string, unknown> = { buf: Buffer.from("abc") };
    a.self = a;
    expect(redact(a)).toEqual({ buf: "[3 bytes]", self: "[circular]" });
  });

  it("redacts through a wrapped logger, its children and messages", () => {
    const mem = createMemoryLogger();
    const log = redactingLogger(mem, ["s3cret!"]);
    log
      .child({ deviceId: "r1", password: "s3cret!" })
      .warn({ err: new Error("auth with s3cret! failed") }, "login s3cret!");
    const text = JSON.stringify(mem.entries);
    expect(text).not.toContain("s3cret!");
    expect(mem.entries[0]?.data.deviceId).toBe("r1");
  });

  it("writes pino-shaped JSON lines at or above the level", () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _e, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const log = createStreamLogger({ level: "warn", stream }).child({ deviceId: "r1" });
    log.info("hidden");
    log.warn({ a: 1 }, "shown");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: "warn", deviceId: "r1", a: 1, msg: "shown" });
  });
});
