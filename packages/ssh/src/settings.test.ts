import { ConnectorDataError, createDevice } from "@patchbay/core";
import { describe, expect, it } from "vitest";
import { toSsh2Algorithms } from "./internal/algorithms.ts";
import { retryDelay } from "./internal/retry.ts";
import { resolveSshOptions, sshConnectorSettings } from "./settings.ts";

const device = (data: Record<string, unknown> = {}) =>
  createDevice({
    id: "r1",
    host: "10.0.0.1",
    port: 2200,
    username: "admin",
    password: "pw-from-device",
    platform: "linux",
    data,
  });

describe("resolveSshOptions", () => {
  it("prefers explicit options over device.data.ssh over the defaults", () => {
    const resolved = resolveSshOptions(
      device({ ssh: { connectTimeoutMs: 1234, authTimeoutMs: 555, hostKeyPolicy: "strict" } }),
      {
        connectTimeoutMs: 99,
      },
    );
    expect(resolved.connectTimeoutMs).toBe(99);
    expect(resolved.authTimeoutMs).toBe(555);
    expect(resolved.hostKeyPolicy).toBe("strict");
    expect(resolved.keepaliveIntervalMs).toBe(15_000);
    expect(resolved.port).toBe(2200);
    expect(resolved.username).toBe("admin");
    expect(resolved.password).toBe("pw-from-device");
  });

  it("resolves agent: true to SSH_AUTH_SOCK and expands ~ in paths", () => {
    const resolved = resolveSshOptions(
      device(),
      { agent: true, privateKeyPath: "~/.ssh/id" },
      { SSH_AUTH_SOCK: "/tmp/agent.sock" },
    );
    expect(resolved.agent).toBe("/tmp/agent.sock");
    expect(resolved.privateKeyPath?.startsWith("~")).toBe(false);
    expect(resolveSshOptions(device(), { agent: true }, {}).agent).toBeUndefined();
  });

  it("reports every bad key of device.data.ssh at once, with suggestions", () => {
    let error: unknown;
    try {
      resolveSshOptions(
        device({ ssh: { conectTimeoutMs: 5, hostKeyPolicy: "maybe", keepaliveCountMax: "3" } }),
      );
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConnectorDataError);
    const issues = (error as ConnectorDataError).issues;
    expect(issues.map((i) => i.key).sort()).toEqual([
      "ssh.conectTimeoutMs",
      "ssh.hostKeyPolicy",
      "ssh.keepaliveCountMax",
    ]);
    expect(issues.find((i) => i.key === "ssh.conectTimeoutMs")?.suggestion).toBe("ssh.connectTimeoutMs");
    expect((error as ConnectorDataError).deviceId).toBe("r1");
  });

  it("declares the settings as core connector settings: described, with defaults and secrets", () => {
    const rows = sshConnectorSettings.describe();
    expect(sshConnectorSettings.name).toBe("ssh");
    expect(rows.length).toBeGreaterThan(15);
    expect(rows.find((r) => r.key === "hostKeyPolicy")?.default).toBe("accept-new");
    expect(rows.filter((r) => r.secret).map((r) => r.key)).toEqual(["password", "privateKey", "passphrase"]);
    expect(sshConnectorSettings.toMarkdownTable()).toContain("| `connectRetries` | `number` | `2` |");
    const bad = sshConnectorSettings.safeParse({ authOrder: ["password", "telepathy"], password: 5 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.issues.map((i) => i.key).sort()).toEqual(["ssh.authOrder.1", "ssh.password"]);
      // A secret's wrong value is never echoed.
      expect(JSON.stringify(bad.issues)).not.toContain("5");
    }
  });

  it("keeps the device's port and credentials when device.data.ssh does not set them", () => {
    const resolved = resolveSshOptions(device({ ssh: { hostKeyPolicy: "off" } }));
    expect(resolved.port).toBe(2200);
    expect(resolved.password).toBe("pw-from-device");
    expect(resolved.agent).toBeUndefined();
  });
});

describe("algorithms and retries", () => {
  it("maps replace to a list and passes append/prepend/remove through", () => {
    expect(
      toSsh2Algorithms({
        kex: { append: ["diffie-hellman-group1-sha1"] },
        cipher: ["aes128-cbc"],
        hmac: { replace: ["hmac-sha1"] },
        serverHostKey: { prepend: ["ssh-rsa"], remove: ["ssh-dss"] },
      }),
    ).toEqual({
      kex: { append: ["diffie-hellman-group1-sha1"] },
      cipher: ["aes128-cbc"],
      hmac: ["hmac-sha1"],
      serverHostKey: { prepend: ["ssh-rsa"], remove: ["ssh-dss"] },
    });
    expect(toSsh2Algorithms(undefined)).toBeUndefined();
  });

  it("keeps retry delays between min and max, growing with the attempt", () => {
    expect(retryDelay(1, 100, 1000, () => 0)).toBe(100);
    expect(retryDelay(1, 100, 1000, () => 1)).toBe(200);
    expect(retryDelay(3, 100, 1000, () => 1)).toBe(800);
    expect(retryDelay(10, 100, 1000, () => 1)).toBe(1000);
    for (let i = 0; i < 50; i++) {
      const d = retryDelay(4, 250, 3000);
      expect(d).toBeGreaterThanOrEqual(250);
      expect(d).toBeLessThanOrEqual(3000);
    }
  });
});
