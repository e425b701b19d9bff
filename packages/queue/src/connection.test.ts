import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeConnectError, parseRedisUrl } from "./connection.ts";

describe("parseRedisUrl", () => {
  it("reads user, password, host, port and database", () => {
    const t = parseRedisUrl("redis://ops:s3cr%40t@10.0.0.5:6380/2");
    expect(t).toMatchObject({
      host: "10.0.0.5",
      port: 6380,
      username: "ops",
      password: "s3cr@t",
      db: 2,
      tls: false,
    });
    expect(t.display).toBe("redis://ops@10.0.0.5:6380/2");
  });

  it("defaults the port to 6379 and marks rediss:// as TLS", () => {
    expect(parseRedisUrl("rediss://cache.example")).toMatchObject({ port: 6379, tls: true, db: 0 });
  });

  it("rejects other schemes and bad databases without repeating the URL", () => {
    expect(() => parseRedisUrl("http://u:hunter2pass@h")).toThrow(/redis:\/\/ or rediss:\/\//);
    expect(() => parseRedisUrl("redis://u:hunter2pass@h/x")).toThrow(/database/);
    for (const bad of ["http://u:hunter2pass@h", "redis://u:hunter2pass@h/x", "not a url hunter2pass"]) {
      try {
        parseRedisUrl(bad);
      } catch (error) {
        expect(String((error as Error).message)).not.toContain("hunter2pass");
      }
    }
  });

  it("never puts the password in display, whatever it holds", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 3, maxLength: 30 }),
        fc.integer({ min: 1, max: 65535 }),
        (pw, port) => {
          const t = parseRedisUrl(`redis://user:${encodeURIComponent(pw)}@127.0.0.1:${port}`);
          expect(t.password).toBe(pw);
          expect(t.display).toBe(`redis://user@127.0.0.1:${port}`);
        },
      ),
      { seed: 12, numRuns: 200 },
    );
  });
});

describe("describeConnectError", () => {
  const target = parseRedisUrl("redis://pbq:Sup3rSecret@127.0.0.1:6390");
  it("says a wrong password is a wrong password", () => {
    const e = describeConnectError(
      new Error("WRONGPASS invalid username-password pair or user is disabled."),
      target,
    );
    expect(e.code).toBe("QUEUE_AUTH");
    expect(e.message).toBe(
      'Redis at redis://pbq@127.0.0.1:6390 refused the password of user "pbq": check the queue URL',
    );
  });

  it("says a refused connection is unreachable, on one line", () => {
    const e = describeConnectError(
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:6390"), { code: "ECONNREFUSED" }),
      target,
    );
    expect(e.code).toBe("QUEUE_UNREACHABLE");
    expect(e.message).toBe("cannot reach Redis at redis://pbq@127.0.0.1:6390: connection refused");
  });

  it("masks the password if the server's message repeats it", () => {
    const e = describeConnectError(new Error("weird Sup3rSecret reply"), target, (t) =>
      t.replaceAll("Sup3rSecret", "[redacted]"),
    );
    expect(e.message).not.toContain("Sup3rSecret");
  });
});
