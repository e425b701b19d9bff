import { Agent, request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SimDevice, startDevice, startFleet } from "../../src/index.ts";
import { connect } from "./helpers.ts";

// biome-ignore lint/suspicious/noExplicitAny: answers are parsed JSON, checked field by field
type Parsed = any;

let eos: SimDevice;
let agent: Agent;

const basic = (user: string, pass: string): string =>
  `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`;

async function call(
  device: SimDevice,
  method: string,
  path: string,
  init: { body?: string; headers?: Record<string, string>; auth?: string | false } = {},
): Promise<{ status: number; headers: Record<string, unknown>; text: string; json: () => Parsed }> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.auth !== false) headers.authorization = init.auth ?? basic(device.username, device.password);
  const res = await request(`${device.http!.url}${path}`, {
    method: method as "GET",
    headers,
    ...(init.body === undefined ? {} : { body: init.body }),
    dispatcher: agent,
  });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, text, json: () => JSON.parse(text) };
}

const runCmds = (device: SimDevice, cmds: unknown[], format = "json") =>
  call(device, "POST", "/command-api", {
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      jsonrpc: "2.0",
      method: "runCmds",
      params: { version: 1, cmds, format },
      id: "t1",
    }),
  });

/** Runs a command over an SSH exec channel (privileged) and returns its output. */
async function sshExec(device: SimDevice, command: string): Promise<string> {
  const c = await connect(device);
  try {
    return await new Promise((resolve, reject) => {
      c.client.exec(command, (err, stream) => {
        if (err) return reject(err);
        let out = "";
        stream.on("data", (d: Buffer) => {
          out += d.toString("utf8");
        });
        stream.stderr.resume();
        stream.on("close", () => resolve(out));
      });
    });
  } finally {
    c.close();
  }
}

const yang = { "content-type": "application/yang-data+json", accept: "application/yang-data+json" };

beforeAll(async () => {
  eos = await startDevice({ platform: "arista_eos", hostname: "leaf1", password: "sim-pw", http: true });
  agent = new Agent({ connect: { ca: eos.http!.certificatePem } });
});

afterAll(async () => {
  await agent.close();
  await eos.close();
});

describe("devsim HTTPS server", () => {
  it("serves a certificate that verifies for 127.0.0.1 when trusted as the CA, and is refused otherwise", async () => {
    expect(eos.http?.url).toBe(`https://127.0.0.1:${eos.http?.port}`);
    expect(eos.http?.certificatePem).toContain("BEGIN CERTIFICATE");
    const plain = new Agent();
    await expect(
      request(`${eos.http!.url}/.well-known/host-meta`, { dispatcher: plain }),
    ).rejects.toMatchObject({
      code: "DEPTH_ZERO_SELF_SIGNED_CERT",
    });
    await plain.close();
  });

  it("answers 401 without credentials or with a wrong password, and 200 with basic auth", async () => {
    expect((await call(eos, "GET", "/restconf/data", { auth: false })).status).toBe(401);
    expect((await call(eos, "GET", "/restconf/data", { auth: basic("admin", "nope") })).status).toBe(401);
    expect((await call(eos, "GET", "/restconf/data")).status).toBe(200);
  });

  it("logs in with JSON credentials and accepts the session as cookie or bearer token until it expires", async () => {
    const bad = await call(eos, "POST", "/login", {
      auth: false,
      body: JSON.stringify({ username: "admin", password: "x" }),
    });
    expect(bad.status).toBe(401);
    const ok = await call(eos, "POST", "/login", {
      auth: false,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password: "sim-pw" }),
    });
    expect(ok.status).toBe(200);
    const token = ok.json().sessionId as string;
    expect(String(ok.headers["set-cookie"])).toContain(`Session=${token}`);
    expect((await call(eos, "GET", "/restconf/data", { auth: `Bearer ${token}` })).status).toBe(200);
    expect(
      (await call(eos, "GET", "/restconf/data", { auth: false, headers: { cookie: `Session=${token}` } }))
        .status,
    ).toBe(200);
    eos.http!.expireSessions();
    expect((await call(eos, "GET", "/restconf/data", { auth: `Bearer ${token}` })).status).toBe(401);
  });

  it("publishes the RESTCONF root in host-meta without authentication", async () => {
    const r = await call(eos, "GET", "/.well-known/host-meta", { auth: false });
    expect(r.status).toBe(200);
    expect(r.text).toContain("<Link rel='restconf' href='/restconf'/>");
  });
});

describe("devsim eAPI", () => {
  it("runs show commands in json and text format", async () => {
    const r = await runCmds(eos, ["show version", "show hostname"]);
    const body = r.json();
    expect(body.id).toBe("t1");
    expect(body.result[0]).toMatchObject({
      modelName: "vEOS-lab",
      version: "4.31.2F",
      serialNumber: "5F2B8C9D1E0A7B6C",
    });
    expect(body.result[1]).toMatchObject({ hostname: "leaf1", fqdn: "leaf1.lab.example.net" });
    const text = (await runCmds(eos, ["show clock"], "text")).json();
    expect(text.result[0].output).toContain("Timezone: UTC");
  });

  it("reports the failing command in error data with the results before it", async () => {
    const body = (await runCmds(eos, ["show hostname", "show bogus", "show version"])).json();
    expect(body.error.code).toBe(1002);
    expect(body.error.message).toBe("CLI command 2 of 3 'show bogus' failed: invalid command");
    expect(body.error.data).toHaveLength(2);
    expect(body.error.data[0]).toMatchObject({ hostname: "leaf1" });
    expect(body.error.data[1].errors[0]).toMatch(/Invalid input/);
  });

  it("answers JSON-RPC protocol errors with their standard codes", async () => {
    const raw = (body: string) =>
      call(eos, "POST", "/command-api", { body, headers: { "content-type": "application/json" } });
    expect((await raw("{nope")).json().error.code).toBe(-32700);
    expect((await raw(JSON.stringify({ jsonrpc: "2.0", method: "other", id: 1 }))).json().error.code).toBe(
      -32601,
    );
    expect(
      (await raw(JSON.stringify({ jsonrpc: "2.0", method: "runCmds", params: { cmds: [] }, id: 2 }))).json()
        .error.code,
    ).toBe(-32602);
  });

  it("changes the hostname seen by an SSH session's show running-config", async () => {
    await using dev = await startDevice({ platform: "arista_eos", http: true });
    const body = (await runCmds(dev, ["enable", "configure", "hostname core9", "end"])).json();
    expect(body.result).toEqual([{}, {}, {}, {}]);
    expect(dev.hostname).toBe("core9");
    expect(await sshExec(dev, "show running-config")).toContain("hostname core9");
  });
});

describe("devsim RESTCONF", () => {
  it("serves ietf-system and ietf-interfaces from the running configuration", async () => {
    const all = (await call(eos, "GET", "/restconf/data", { headers: yang })).json();
    expect(all["ietf-system:system"]).toEqual({ hostname: "leaf1" });
    const et1 = (
      await call(eos, "GET", "/restconf/data/ietf-interfaces:interfaces/interface=Ethernet1", {
        headers: yang,
      })
    ).json();
    expect(et1).toEqual({
      "ietf-interfaces:interface": [
        {
          name: "Ethernet1",
          description: "to-leaf1",
          type: "iana-if-type:ethernetCsmacd",
          enabled: true,
          "ietf-ip:ipv4": { address: [{ ip: "192.168.20.1", "prefix-length": 30 }] },
          "oper-status": "up",
        },
      ],
    });
    const leaf = await call(
      eos,
      "GET",
      "/restconf/data/ietf-interfaces:interfaces/interface=Ethernet3/enabled",
    );
    expect(leaf.json()).toEqual({ "ietf-interfaces:enabled": false });
    expect(leaf.headers["content-type"]).toBe("application/yang-data+json");
  });

  it("applies depth, fields and content", async () => {
    const path = "/restconf/data/ietf-interfaces:interfaces";
    const fields = (await call(eos, "GET", `${path}?fields=interface(name;enabled)`)).json();
    expect(fields["ietf-interfaces:interfaces"].interface[0]).toEqual({ name: "Ethernet1", enabled: true });
    const config = (await call(eos, "GET", `${path}/interface=Ethernet1?content=config`)).json();
    expect(config["ietf-interfaces:interface"][0]["oper-status"]).toBeUndefined();
    const state = (await call(eos, "GET", `${path}/interface=Ethernet1?content=nonconfig`)).json();
    expect(state["ietf-interfaces:interface"][0]).toEqual({ name: "Ethernet1", "oper-status": "up" });
    const shallow = (await call(eos, "GET", `${path}?depth=1`)).json();
    expect(shallow).toEqual({ "ietf-interfaces:interfaces": {} });
  });

  it("answers RFC 8040 errors for a missing resource, bad JSON, a wrong media type and an existing entry", async () => {
    const missing = await call(eos, "GET", "/restconf/data/ietf-interfaces:interfaces/interface=Nope0");
    expect(missing.status).toBe(404);
    expect(missing.json()["ietf-restconf:errors"].error[0]).toMatchObject({
      "error-type": "protocol",
      "error-tag": "invalid-value",
      "error-path": "/ietf-interfaces:interfaces/interface=Nope0",
    });
    const bad = await call(eos, "PATCH", "/restconf/data/ietf-system:system", { headers: yang, body: "{" });
    expect([bad.status, bad.json()["ietf-restconf:errors"].error[0]["error-tag"]]).toEqual([
      400,
      "malformed-message",
    ]);
    const media = await call(eos, "PATCH", "/restconf/data/ietf-system:system", {
      headers: { "content-type": "text/plain" },
      body: "{}",
    });
    expect(media.status).toBe(415);
    const dup = await call(eos, "POST", "/restconf/data/ietf-interfaces:interfaces", {
      headers: yang,
      body: JSON.stringify({ "ietf-interfaces:interface": [{ name: "Ethernet1" }] }),
    });
    expect([dup.status, dup.json()["ietf-restconf:errors"].error[0]["error-tag"]]).toEqual([
      409,
      "data-exists",
    ]);
  });

  it("writes through to the CLI: PATCH hostname and description, POST and DELETE an interface", async () => {
    await using dev = await startDevice({ platform: "cisco_iosxe", http: true });
    const patch = await call(dev, "PATCH", "/restconf/data/ietf-system:system", {
      headers: yang,
      body: JSON.stringify({ "ietf-system:system": { hostname: "edge7" } }),
    });
    expect(patch.status).toBe(204);
    expect(dev.hostname).toBe("edge7");
    const desc = await call(
      dev,
      "PUT",
      "/restconf/data/ietf-interfaces:interfaces/interface=GigabitEthernet1/description",
      {
        headers: yang,
        body: JSON.stringify({ "ietf-interfaces:description": "uplink to core" }),
      },
    );
    expect(desc.status).toBe(204);
    const created = await call(dev, "POST", "/restconf/data/ietf-interfaces:interfaces", {
      headers: yang,
      body: JSON.stringify({
        "ietf-interfaces:interface": [
          {
            name: "Loopback9",
            enabled: true,
            "ietf-ip:ipv4": { address: [{ ip: "9.9.9.9", "prefix-length": 32 }] },
          },
        ],
      }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe("/restconf/data/ietf-interfaces:interfaces/interface=Loopback9");
    const running = dev.state.root
      .map((n) => [n.line, ...n.children.map((c) => ` ${c.line}`)].join("\n"))
      .join("\n");
    expect(running).toContain("hostname edge7");
    expect(running).toContain("interface GigabitEthernet1\n description uplink to core");
    expect(running).toContain("interface Loopback9\n ip address 9.9.9.9 255.255.255.255");
    expect(
      (await call(dev, "DELETE", "/restconf/data/ietf-interfaces:interfaces/interface=Loopback9")).status,
    ).toBe(204);
    expect(dev.state.root.some((n) => n.line === "interface Loopback9")).toBe(false);
    const gone = await call(dev, "DELETE", "/restconf/data/ietf-interfaces:interfaces/interface=Loopback9");
    expect([gone.status, gone.json()["ietf-restconf:errors"].error[0]["error-tag"]]).toEqual([
      409,
      "data-missing",
    ]);
  });

  it("rejects an invalid hostname with the error path", async () => {
    const r = await call(eos, "PUT", "/restconf/data/ietf-system:system/hostname", {
      headers: yang,
      body: JSON.stringify({ "ietf-system:hostname": "bad name" }),
    });
    expect(r.status).toBe(400);
    expect(r.json()["ietf-restconf:errors"].error[0]).toMatchObject({
      "error-tag": "invalid-value",
      "error-path": "/ietf-system:system/hostname",
    });
    expect(eos.hostname).toBe("leaf1");
  });
});

describe("devsim HTTP faults", () => {
  it("refuseAuth answers 401 to correct credentials and to login", async () => {
    await using dev = await startDevice({ platform: "arista_eos", http: true, faults: { refuseAuth: true } });
    expect((await call(dev, "GET", "/restconf/data")).status).toBe(401);
    const login = await call(dev, "POST", "/login", {
      auth: false,
      body: JSON.stringify({ username: dev.username, password: dev.password }),
    });
    expect(login.status).toBe(401);
  });

  it("httpFailures answers the given status the given number of times, then serves again", async () => {
    await using dev = await startDevice({ platform: "arista_eos", http: true });
    dev.setFaults({ httpFailures: { count: 2, status: 503, retryAfter: 1 } });
    const first = await call(dev, "GET", "/restconf/data");
    expect([first.status, first.headers["retry-after"]]).toEqual([503, "1"]);
    expect((await call(dev, "GET", "/restconf/data")).status).toBe(503);
    expect((await call(dev, "GET", "/restconf/data")).status).toBe(200);
    expect(dev.http?.requests).toBe(3);
  });

  it("stall sends the first afterBytes of an answer, pauses, then the rest", async () => {
    await using dev = await startDevice({
      platform: "arista_eos",
      http: true,
      faults: { stall: { afterBytes: 5, ms: 50 } },
    });
    const r = await call(dev, "GET", "/restconf/data/ietf-system:system");
    expect(r.json()).toEqual({ "ietf-system:system": { hostname: "R1" } });
  });

  it("a fleet with http lists each device's HTTPS port in its inventory", async () => {
    await using fleet = await startFleet({ count: 2, platforms: ["arista_eos"], http: true });
    const inventory = fleet.toInventory();
    expect(inventory.devices.map((d) => d.httpPort)).toEqual(fleet.devices.map((d) => d.http?.port));
    expect(inventory.devices.every((d) => typeof d.httpPort === "number" && d.httpPort > 0)).toBe(true);
  });
});
