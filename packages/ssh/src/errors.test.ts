import {
  AuthenticationError,
  ConnectionError,
  createDevice,
  HostKeyMismatchError,
  TimeoutError,
  UnreachableError,
} from "@patchbay/core";
import { describe, expect, it } from "vitest";
import { isRetryableConnectError, mapConnectError } from "./errors.ts";
import { validateSshDevice } from "./plugin.ts";

const ctx = {
  deviceId: "r1",
  host: "10.0.0.1",
  platform: "linux",
  secrets: ["hunter2-secret"],
  phase: "auth" as const,
};

function sshError(message: string, props: Record<string, unknown>): Error {
  return Object.assign(new Error(message), props);
}

describe("mapConnectError", () => {
  it("maps a connection lost before the handshake (sshd over MaxStartups) to a retried UnreachableError", () => {
    const err = mapConnectError(sshError("Connection lost before handshake", { level: "protocol" }), ctx);
    expect(err).toBeInstanceOf(UnreachableError);
    expect(err.message).toContain("10.0.0.1 closed the connection before the SSH handshake");
    expect(isRetryableConnectError(err)).toBe(true);
  });

  it("maps auth failures, never retried, with the secret masked", () => {
    const err = mapConnectError(
      sshError("All configured authentication methods failed hunter2-secret", {
        level: "client-authentication",
      }),
      ctx,
    );
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err.message).not.toContain("hunter2-secret");
    expect(err.deviceId).toBe("r1");
    expect(err.host).toBe("10.0.0.1");
    expect(err.cause).toBeDefined();
    expect(isRetryableConnectError(err)).toBe(false);
  });

  it("maps socket errors to UnreachableError; refused is retried, a missing name is not", () => {
    const refused = mapConnectError(sshError("connect ECONNREFUSED", { code: "ECONNREFUSED" }), ctx);
    expect(refused).toBeInstanceOf(UnreachableError);
    expect(isRetryableConnectError(refused)).toBe(true);
    const notFound = mapConnectError(sshError("getaddrinfo ENOTFOUND", { code: "ENOTFOUND" }), ctx);
    expect(notFound).toBeInstanceOf(UnreachableError);
    expect(isRetryableConnectError(notFound)).toBe(false);
  });

  it("maps a refused host key with both fingerprints and the file", () => {
    const err = mapConnectError(new Error("Host denied (verification failed)"), {
      ...ctx,
      hostKeyRejection: {
        reason: "mismatch",
        presented: "SHA256:new",
        expected: "SHA256:old",
        knownHostsPath: "/kh",
      },
    }) as HostKeyMismatchError;
    expect(err).toBeInstanceOf(HostKeyMismatchError);
    expect(err).toMatchObject({ presented: "SHA256:new", expected: "SHA256:old", knownHostsPath: "/kh" });
    expect(err.message).toMatch(/CHANGED/);
  });

  it("maps handshake timeouts and algorithm mismatches", () => {
    const timeout = mapConnectError(
      sshError("Timed out while waiting for handshake", { level: "client-timeout" }),
      {
        ...ctx,
        authTimeoutMs: 500,
      },
    );
    expect(timeout).toBeInstanceOf(TimeoutError);
    expect((timeout as TimeoutError).phase).toBe("auth");
    expect(isRetryableConnectError(timeout)).toBe(false);
    const algo = mapConnectError(
      sshError("Handshake failed: no matching key exchange algorithm", { level: "handshake" }),
      ctx,
    );
    expect(algo).toBeInstanceOf(ConnectionError);
    expect(algo.message).toMatch(/algorithms/);
  });

  it("retries connect timeouts only", () => {
    expect(isRetryableConnectError(new TimeoutError("x", { phase: "connect" }))).toBe(true);
    expect(isRetryableConnectError(new TimeoutError("x", { phase: "operation" }))).toBe(false);
    expect(isRetryableConnectError(new Error("plain"))).toBe(false);
  });
});

describe("validateSshDevice", () => {
  it("lists every missing field at once, including a credential", () => {
    let error: unknown;
    try {
      validateSshDevice({ id: "x", data: {} } as never);
    } catch (err) {
      error = err;
    }
    expect((error as { missingFields: string[] }).missingFields).toEqual([
      "host",
      "platform",
      "username",
      "password or privateKey or agent",
    ]);
  });

  it("accepts a key path or agent from device.data.ssh as the credential", () => {
    const base = { host: "h", platform: "linux", username: "u" };
    expect(() =>
      validateSshDevice(createDevice({ ...base, data: { ssh: { privateKeyPath: "/k" } } })),
    ).not.toThrow();
    expect(() => validateSshDevice(createDevice({ ...base, data: { ssh: { agent: true } } }))).not.toThrow();
    expect(() => validateSshDevice(createDevice(base))).toThrow(/password or privateKey or agent/);
  });
});
