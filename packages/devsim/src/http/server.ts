import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { Socket } from "node:net";
import type { Credentials, Engine } from "../internal/engine.ts";
import type { DeviceState } from "../state.ts";
import type { SimFaults, SimHttpOptions } from "../types.ts";
import { defaultCertificate } from "./certificate.ts";
import { handleEapi } from "./eapi.ts";
import { handleData, type RestconfAnswer } from "./restconf.ts";
import { RestconfFailure, restconfErrorBody } from "./restconf-errors.ts";
import { handleSrlJsonRpc } from "./srl-jsonrpc.ts";

/** The HTTPS endpoint of a simulated device. */
export interface SimHttpEndpoint {
  readonly host: string;
  readonly port: number;
  /** `https://127.0.0.1:PORT`. */
  readonly url: string;
  /** The server's self-signed certificate (PEM); trust it as the CA to verify the device. */
  readonly certificatePem: string;
  /** Requests answered so far (login and failed ones included). */
  readonly requests: number;
  /** Forgets every token and cookie given by `/login`: later requests with them get 401. */
  expireSessions(): void;
}

/** What the server needs from its device. */
export interface HttpServerHost {
  host: string;
  state: DeviceState;
  credentials: Credentials;
  createEngine(): Engine;
  faults(): SimFaults;
  latencyMs(): number;
  lifetime: AbortSignal;
}

const YANG_JSON = "application/yang-data+json";
const MAX_BODY = 4 * 1024 * 1024;
const SESSION_COOKIE = "Session";

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Starts the device's HTTPS server: `POST /login` (JSON `{username, password}` → `{sessionId}` and a
 * `Session` cookie), eAPI-style JSON-RPC at `POST /command-api` (and NX-API's `cli` and `cli_ascii`
 * methods there and at `/ins`), RESTCONF at `/restconf` with
 * `/.well-known/host-meta`. Requests authenticate with basic auth, `Bearer <sessionId>` or the cookie.
 */
export async function startHttpServer(
  host: HttpServerHost,
  options: SimHttpOptions = {},
): Promise<SimHttpEndpoint & { close(): Promise<void> }> {
  const certificate = options.certificate ?? defaultCertificate();
  const sessions = new Set<string>();
  const sockets = new Set<Socket>();
  let requests = 0;
  // The `httpFailures` fault counts down per faults object, so setFaults() starts a new count.
  let failureSource: SimFaults["httpFailures"];
  let failuresLeft = 0;
  // Answers go through the `stall` fault, like CLI output: part of the body, then a pause.
  const out = (res: ServerResponse, status: number, headers: Record<string, string>, text: string): void =>
    send(res, status, headers, text, host.faults().stall, host.lifetime);

  const tls = {
    cert: certificate.certPem,
    key: certificate.keyPem,
    ...(options.clientCa === undefined
      ? {}
      : { requestCert: true, rejectUnauthorized: true, ca: options.clientCa }),
  };
  const server: Server = createServer(tls, (req, res) => {
    requests++;
    void serve(req, res).catch(() => {
      if (!res.headersSent) out(res, 500, { "content-type": "text/plain" }, "internal error\n");
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;
  server.on("connection", (socket: Socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("tlsClientError", () => {
    // A client that refuses the certificate is a normal test case.
  });

  const authenticated = (req: IncomingMessage): boolean => {
    if (host.faults().refuseAuth) return false;
    const header = req.headers.authorization ?? "";
    if (header.startsWith("Basic ")) {
      const decoded = Buffer.from(header.slice(6), "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      return (
        colon >= 0 &&
        safeEqual(decoded.slice(0, colon), host.credentials.username) &&
        safeEqual(decoded.slice(colon + 1), host.credentials.password)
      );
    }
    if (header.startsWith("Bearer ")) return sessions.has(header.slice(7).trim());
    const cookie = req.headers.cookie ?? "";
    for (const part of cookie.split(";")) {
      const [name, value] = part.trim().split("=", 2);
      if (name === SESSION_COOKIE && value !== undefined && sessions.has(value)) return true;
    }
    return false;
  };

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const delay = host.latencyMs();
    if (delay > 0) await sleep(delay, host.lifetime);
    if (host.lifetime.aborted) {
      res.destroy();
      return;
    }
    const fault = host.faults().httpFailures;
    if (fault !== failureSource) {
      failureSource = fault;
      failuresLeft = fault?.count ?? 0;
    }
    if (fault !== undefined && failuresLeft > 0) {
      failuresLeft--;
      if (fault.status === undefined || fault.status === 0) {
        req.socket.destroy();
        return;
      }
      const headers: Record<string, string> = { "content-type": "text/plain" };
      if (fault.retryAfter !== undefined) headers["retry-after"] = String(fault.retryAfter);
      out(res, fault.status, headers, `injected failure ${fault.status}\n`);
      return;
    }
    const url = new URL(req.url ?? "/", "https://sim");
    const path = url.pathname;
    const method = req.method ?? "GET";

    if (path === "/.well-known/host-meta") {
      out(
        res,
        200,
        { "content-type": "application/xrd+xml" },
        `<XRD xmlns='http://docs.oasis-open.org/ns/xri/xrd-1.0'>\n  <Link rel='restconf' href='/restconf'/>\n</XRD>\n`,
      );
      return;
    }
    if (path === "/login" && method === "POST") {
      login(req, res, body);
      return;
    }
    if (!authenticated(req)) {
      out(
        res,
        401,
        { "content-type": "application/json", "www-authenticate": 'Basic realm="devsim"' },
        JSON.stringify({ error: "authentication required" }),
      );
      return;
    }
    if (path === "/logout" && method === "POST") {
      const token = /(?:^|;\s*)Session=([^;]+)/.exec(req.headers.cookie ?? "")?.[1];
      if (token) sessions.delete(token);
      out(res, 204, {}, "");
      return;
    }
    if (path === "/command-api" || path === "/ins") {
      if (method !== "POST") {
        out(res, 405, { allow: "POST", "content-type": "text/plain" }, "use POST\n");
        return;
      }
      const answer = handleEapi(body.toString("utf8"), host.state, host.createEngine);
      out(res, 200, { "content-type": "application/json" }, JSON.stringify(answer));
      return;
    }
    if (path === "/jsonrpc" && host.state.platform === "nokia_srlinux") {
      if (method !== "POST") {
        out(res, 405, { allow: "POST", "content-type": "text/plain" }, "use POST\n");
        return;
      }
      const answer = handleSrlJsonRpc(body.toString("utf8"), host.state, host.createEngine);
      out(res, 200, { "content-type": "application/json" }, JSON.stringify(answer));
      return;
    }
    if (path === "/restconf" || path.startsWith("/restconf/")) {
      restconf(req, res, method, path, url, body);
      return;
    }
    out(res, 404, { "content-type": "text/plain" }, `no resource ${path}\n`);
  };

  const login = (req: IncomingMessage, res: ServerResponse, body: Buffer): void => {
    let creds: { username?: unknown; password?: unknown } = {};
    try {
      const type = req.headers["content-type"] ?? "";
      creds = type.includes("form")
        ? Object.fromEntries(new URLSearchParams(body.toString("utf8")))
        : (JSON.parse(body.toString("utf8")) as typeof creds);
    } catch {
      out(
        res,
        400,
        { "content-type": "application/json" },
        JSON.stringify({ error: "malformed login body" }),
      );
      return;
    }
    const ok =
      !host.faults().refuseAuth &&
      typeof creds.username === "string" &&
      typeof creds.password === "string" &&
      safeEqual(creds.username, host.credentials.username) &&
      safeEqual(creds.password, host.credentials.password);
    if (!ok) {
      out(
        res,
        401,
        { "content-type": "application/json" },
        JSON.stringify({ error: "bad username or password" }),
      );
      return;
    }
    const token = randomBytes(18).toString("base64url");
    sessions.add(token);
    out(
      res,
      200,
      {
        "content-type": "application/json",
        "set-cookie": `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; Secure`,
      },
      JSON.stringify({ sessionId: token }),
    );
  };

  const restconf = (
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    path: string,
    url: URL,
    body: Buffer,
  ): void => {
    const reply = (answer: RestconfAnswer): void => {
      const headers: Record<string, string> = { ...(answer.headers ?? {}) };
      if (answer.body !== undefined) headers["content-type"] = YANG_JSON;
      out(
        res,
        answer.status,
        headers,
        answer.body === undefined || method === "HEAD" ? "" : JSON.stringify(answer.body),
      );
    };
    try {
      if (path === "/restconf" || path === "/restconf/") {
        if (method !== "GET")
          throw new RestconfFailure(
            405,
            "protocol",
            "operation-not-supported",
            `${method} is not supported on the root`,
          );
        reply({
          status: 200,
          body: {
            "ietf-restconf:restconf": { data: {}, operations: {}, "yang-library-version": "2019-01-04" },
          },
        });
        return;
      }
      const dataPrefix = "/restconf/data";
      if (path !== dataPrefix && !path.startsWith(`${dataPrefix}/`)) {
        throw new RestconfFailure(404, "protocol", "invalid-value", `no resource ${path}`);
      }
      let parsed: unknown;
      if (method === "PUT" || method === "PATCH" || method === "POST") {
        const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim();
        if (type !== YANG_JSON && type !== "application/json") {
          reply({
            status: 415,
            body: restconfErrorBody(
              new RestconfFailure(
                415,
                "protocol",
                "operation-not-supported",
                `unsupported media type ${type || "(none)"}; use ${YANG_JSON}`,
              ),
            ),
          });
          return;
        }
        try {
          parsed = JSON.parse(body.toString("utf8"));
        } catch {
          throw new RestconfFailure(400, "protocol", "malformed-message", "the body is not JSON");
        }
      }
      const rel = path.slice(dataPrefix.length).replace(/^\/+|\/+$/g, "");
      reply(
        handleData(
          host.state,
          method,
          rel,
          parsed,
          {
            depth: url.searchParams.get("depth"),
            fields: url.searchParams.get("fields"),
            content: url.searchParams.get("content"),
          },
          dataPrefix,
        ),
      );
    } catch (err) {
      if (!(err instanceof RestconfFailure)) throw err;
      reply({ status: err.status, body: restconfErrorBody(err) });
    }
  };

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : (options.port ?? 0);
  const urlHost = host.host.includes(":") ? `[${host.host}]` : host.host;

  let closing: Promise<void> | undefined;
  return {
    host: host.host,
    port,
    url: `https://${urlHost}:${port}`,
    certificatePem: certificate.certPem,
    get requests() {
      return requests;
    },
    expireSessions() {
      sessions.clear();
    },
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const socket of sockets) socket.destroy();
        await closed;
      })();
      return closing;
    },
  };
}

function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string,
  stall?: SimFaults["stall"],
  lifetime?: AbortSignal,
): void {
  if (res.destroyed) return;
  const bytes = Buffer.from(body);
  res.writeHead(status, { ...headers, "content-length": String(bytes.length) });
  if (stall === undefined || bytes.length <= stall.afterBytes) {
    res.end(bytes);
    return;
  }
  res.write(bytes.subarray(0, stall.afterBytes));
  if (stall.ms === undefined) return; // Stalled for good; closing the device ends the socket.
  const timer = setTimeout(() => {
    lifetime?.removeEventListener("abort", stop);
    if (!res.destroyed) res.end(bytes.subarray(stall.afterBytes));
  }, stall.ms);
  const stop = (): void => clearTimeout(timer);
  lifetime?.addEventListener("abort", stop, { once: true });
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        req.destroy();
        reject(new Error("request body too large"));
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
