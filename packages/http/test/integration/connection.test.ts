import { createServer } from "node:net";
import {
  AuthenticationError,
  createMemoryLogger,
  isPatchbayError,
  OperationAbortedError,
  TimeoutError,
  UnreachableError,
} from "@patchbay/core";
import { createSelfSignedCertificate, type SimDevice } from "@patchbay/devsim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpConnection, HttpStatusError, ResponseTooLargeError, TlsError } from "../../src/index.ts";
import { deviceFor, openConnection, startHttpDevice } from "./sim.ts";

let sim: SimDevice;

beforeAll(async () => {
  sim = await startHttpDevice({ hostname: "api1" });
});
afterAll(async () => {
  await sim.close();
});

describe("TLS", () => {
  it("verifies the device's certificate when given it as the CA", async () => {
    await using c = await openConnection(sim);
    const res = await c.request({ path: "/restconf/data/ietf-system:system" });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ "ietf-system:system": { hostname: "api1" } });
    expect(res.header("Content-Type")).toBe("application/yang-data+json");
  });

  it("fails with TlsError and a hint about the CA when the certificate is not trusted", async () => {
    const device = deviceFor(sim, { tls: {} });
    await using c = new HttpConnection({ device });
    await c.connect();
    const err = await c.request({ path: "/restconf/data" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TlsError);
    expect((err as TlsError).tlsCode).toBe("DEPTH_ZERO_SELF_SIGNED_CERT");
    expect((err as TlsError).message).toContain("tls.ca");
    expect((err as TlsError).deviceId).toBe("sim1");
  });

  it("fails with TlsError when the certificate does not name the host the device is reached by", async () => {
    await using c = new HttpConnection({
      device: deviceFor(sim, { tls: { ca: sim.http?.certificatePem, servername: "other.example" } }),
    });
    await c.connect();
    const err = await c.request({ path: "/restconf/data" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TlsError);
    expect((err as TlsError).tlsCode).toBe("ERR_TLS_CERT_ALTNAME_INVALID");
  });

  it("with tls.verify false accepts the certificate and logs a warning", async () => {
    const logger = createMemoryLogger();
    await using c = new HttpConnection({ device: deviceFor(sim, { tls: { verify: false } }), logger });
    await c.connect();
    expect((await c.request({ path: "/restconf/data" })).status).toBe(200);
    const warnings = logger.entries.filter((e) => e.level === "warn");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.msg).toContain("verification is off");
  });
});

describe("mutual TLS", () => {
  it("presents the client certificate and key, and fails the handshake without them", async () => {
    const client = createSelfSignedCertificate(["patchbay-client"], "patchbay-client");
    await using mtls = await startHttpDevice({ http: { clientCa: client.certPem } });
    await using withCert = await openConnection(mtls, {
      tls: { ca: mtls.http?.certificatePem, cert: client.certPem, key: client.keyPem },
    });
    expect((await withCert.request({ path: "/restconf/data/ietf-system:system" })).status).toBe(200);
    await using without = await openConnection(mtls, { retries: 0 });
    const err = await without.request({ path: "/restconf/data" }).catch((e: unknown) => e);
    expect(isPatchbayError(err, "CONNECTION_ERROR")).toBe(true);
    expect(isPatchbayError(err, "HTTP_STATUS")).toBe(false);
  });

  it("never shows the client key in a log", async () => {
    const client = createSelfSignedCertificate(["patchbay-client"], "patchbay-client");
    const logger = createMemoryLogger();
    await using c = await openConnection(
      sim,
      { tls: { ca: sim.http?.certificatePem, cert: client.certPem, key: client.keyPem, verify: true } },
      logger,
    );
    await c.request({ path: "/restconf/data" });
    expect(JSON.stringify(logger.entries)).not.toContain("PRIVATE KEY");
  });
});

describe("reachability and lifecycle", () => {
  it("gives UnreachableError for a closed port, after its retries", async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((r) => server.close(() => r()));
    const device = deviceFor(sim, { port, retryMinDelayMs: 1, retryMaxDelayMs: 2 });
    await using c = new HttpConnection({ device });
    await c.connect();
    const err = await c.request({ path: "/" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnreachableError);
    expect((err as UnreachableError).message).toContain("ECONNREFUSED");
  });

  it("refuses requests before connect and after disconnect, and reports liveness", async () => {
    const c = new HttpConnection({ device: deviceFor(sim) });
    await expect(c.request({ path: "/" })).rejects.toThrow(/not connected/);
    await c.connect();
    expect(await c.isAlive()).toBe(true);
    await c.disconnect();
    expect(await c.isAlive()).toBe(false);
    await expect(c.request({ path: "/" })).rejects.toThrow(/not connected/);
  });

  it("throws HttpStatusError with the status and a short body excerpt", async () => {
    await using c = await openConnection(sim);
    const err = await c.request({ path: "/no/such/thing" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpStatusError);
    expect((err as HttpStatusError).status).toBe(404);
    expect((err as HttpStatusError).bodyExcerpt).toBe("no resource /no/such/thing");
    expect((err as HttpStatusError).path).toBe("/no/such/thing");
  });

  it("serves 200 concurrent requests over a pool of 4 sockets and closes cleanly", async () => {
    const c = await openConnection(sim, { connections: 4 });
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        c.request({ path: i % 2 === 0 ? "/restconf/data/ietf-system:system" : "/.well-known/host-meta" }),
      ),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(answers[0]?.json()).toEqual({ "ietf-system:system": { hostname: "api1" } });
    await c.disconnect();
    expect(c.connected).toBe(false);
  });

  it("returns statuses the caller accepts instead of throwing", async () => {
    await using c = await openConnection(sim);
    const res = await c.request({ path: "/no/such/thing", acceptStatus: (s) => s === 404 });
    expect(res.status).toBe(404);
  });

  it("streams a body, and refuses to buffer one over maxBodyBytes", async () => {
    await using c = await openConnection(sim, { maxBodyBytes: 64 });
    const err = await c.request({ path: "/restconf/data" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseTooLargeError);
    await using res = await c.requestStream({ path: "/restconf/data" });
    let text = "";
    for await (const chunk of res.body) text += String(chunk);
    expect(JSON.parse(text)["ietf-system:system"].hostname).toBe("api1");
  });
});

describe("authentication", () => {
  it("uses basic auth from the device's credentials", async () => {
    await using c = await openConnection(sim);
    expect((await c.request({ path: "/restconf/data" })).status).toBe(200);
  });

  it("a wrong password gives AuthenticationError without the password in the message or the log", async () => {
    const logger = createMemoryLogger();
    const device = deviceFor(sim, {}, { password: "wrong-pass-77" });
    await using c = new HttpConnection({ device, logger });
    await c.connect();
    const err = await c.request({ path: "/restconf/data" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect((err as Error).message).not.toContain("wrong-pass-77");
    expect(JSON.stringify(logger.entries)).not.toContain("wrong-pass-77");
  });

  it("logs in for a cookie, sends it, and logs in again once when the session expires", async () => {
    const logger = createMemoryLogger();
    await using c = await openConnection(sim, { auth: { type: "login", path: "/login" } }, logger);
    expect((await c.request({ path: "/restconf/data" })).status).toBe(200);
    const before = sim.http?.requests ?? 0;
    sim.http?.expireSessions();
    expect((await c.request({ path: "/restconf/data" })).status).toBe(200);
    // The rejected request, the login, and the resent request.
    expect((sim.http?.requests ?? 0) - before).toBe(3);
    const logged = JSON.stringify(logger.entries);
    expect(logged).not.toContain(sim.password);
    expect(logged).toContain("logging in again");
  });

  it("requests that meet an expired session together share one new login", async () => {
    await using c = await openConnection(sim, { auth: { type: "login", path: "/login" } });
    sim.http?.expireSessions();
    const before = sim.http?.requests ?? 0;
    const answers = await Promise.all(Array.from({ length: 5 }, () => c.request({ path: "/restconf/data" })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    // Five rejected, one login, five resent.
    expect((sim.http?.requests ?? 0) - before).toBe(11);
  });

  it("logs in for a token read from the answer and sends it as a bearer token", async () => {
    await using c = await openConnection(sim, {
      auth: { type: "login", path: "/login", tokenField: "sessionId" },
    });
    expect((await c.request({ path: "/restconf/data" })).status).toBe(200);
  });

  it("a refused login fails connect with AuthenticationError", async () => {
    const device = deviceFor(sim, { auth: { type: "login", path: "/login" } }, { password: "nope-nope" });
    const c = new HttpConnection({ device });
    const err = await c.connect().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(c.connected).toBe(false);
  });

  it("sends a bearer token given in device.data.http", async () => {
    await using login = await openConnection(sim, {
      auth: { type: "login", path: "/login", tokenField: "sessionId" },
    });
    const token = (
      await login.request({
        method: "POST",
        path: "/login",
        json: { username: sim.username, password: sim.password },
      })
    ).json<{
      sessionId: string;
    }>().sessionId;
    await using c = await openConnection(sim, {}, undefined, { auth: { type: "bearer", token } });
    expect((await c.request({ path: "/restconf/data" })).status).toBe(200);
    sim.http?.expireSessions();
    const err = await c.request({ path: "/restconf/data" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect((err as Error).message).not.toContain(token);
  });
});

describe("timeouts and abort", () => {
  let slow: SimDevice;
  beforeAll(async () => {
    slow = await startHttpDevice({ latencyMs: 1_500 });
  });
  afterAll(async () => {
    await slow.close();
  });

  it("a request over its timeoutMs fails with TimeoutError naming the operation", async () => {
    await using c = await openConnection(slow, { retries: 0 });
    const err = await c.request({ path: "/restconf/data", timeoutMs: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).timeoutMs).toBe(100);
    expect((err as TimeoutError).message).toContain("GET /restconf/data");
  });

  it("headersTimeoutMs gives TimeoutError with phase headers", async () => {
    await using c = await openConnection(slow, { retries: 0, headersTimeoutMs: 100 });
    const err = await c.request({ path: "/restconf/data" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).phase).toBe("headers");
  });

  it("an aborted signal fails the request with OperationAbortedError", async () => {
    await using c = await openConnection(slow);
    const controller = new AbortController();
    const pending = c.request({ path: "/restconf/data", signal: controller.signal });
    setImmediate(() => controller.abort());
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperationAbortedError);
    expect(isPatchbayError(err, "ABORTED")).toBe(true);
  });
});

describe("a body that stalls", () => {
  let stalled: SimDevice;
  beforeAll(async () => {
    stalled = await startHttpDevice({ faults: { stall: { afterBytes: 20 } } });
  });
  afterAll(async () => {
    await stalled.close();
  });

  it("bodyTimeoutMs gives TimeoutError with phase body", async () => {
    await using c = await openConnection(stalled, { retries: 0, bodyTimeoutMs: 200 });
    const err = await c.request({ path: "/restconf/data" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).phase).toBe("body");
  });

  it("the caller's signal stops a streamed body after its headers", async () => {
    await using c = await openConnection(stalled, { retries: 0 });
    const controller = new AbortController();
    await using res = await c.requestStream({ path: "/restconf/data", signal: controller.signal });
    expect(res.status).toBe(200);
    const chunks: Buffer[] = [];
    const reading = (async () => {
      for await (const chunk of res.body) {
        chunks.push(chunk as Buffer);
        controller.abort();
      }
    })();
    const err = await reading.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperationAbortedError);
    expect(Buffer.concat(chunks).length).toBe(20);
  });
});

describe("retries", () => {
  it("retries an idempotent GET after 503s and connection resets", async () => {
    await using c = await openConnection(sim, { retryMinDelayMs: 1, retryMaxDelayMs: 5 });
    sim.setFaults({ httpFailures: { count: 2, status: 503 } });
    const before = sim.http?.requests ?? 0;
    expect((await c.request({ path: "/restconf/data" })).status).toBe(200);
    expect((sim.http?.requests ?? 0) - before).toBe(3);
    sim.setFaults({ httpFailures: { count: 1 } });
    expect((await c.request({ path: "/restconf/data" })).status).toBe(200);
    sim.setFaults({});
  });

  it("gives up after `retries` extra attempts with the last status", async () => {
    await using c = await openConnection(sim, { retries: 1, retryMinDelayMs: 1, retryMaxDelayMs: 2 });
    sim.setFaults({ httpFailures: { count: 5, status: 503 } });
    const before = sim.http?.requests ?? 0;
    const err = await c.request({ path: "/restconf/data" }).catch((e: unknown) => e);
    expect((err as HttpStatusError).status).toBe(503);
    expect((sim.http?.requests ?? 0) - before).toBe(2);
    sim.setFaults({});
  });

  it("never retries a POST unless it is marked idempotent", async () => {
    await using c = await openConnection(sim, { retryMinDelayMs: 1, retryMaxDelayMs: 2 });
    sim.setFaults({ httpFailures: { count: 1, status: 503 } });
    const err = await c.request({ method: "POST", path: "/logout" }).catch((e: unknown) => e);
    expect((err as HttpStatusError).status).toBe(503);
    sim.setFaults({ httpFailures: { count: 1, status: 503 } });
    const res = await c.request({ method: "POST", path: "/logout", idempotent: true });
    expect(res.status).toBe(204);
    sim.setFaults({});
  });
});
