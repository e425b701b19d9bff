import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineConnectorSettings, mergeConnectorData, suggestKey } from "./connector-data.ts";
import { ConnectorDataError, isPatchbayError, PluginRegistrationError } from "./errors.ts";
import { definePlugin } from "./plugin.ts";

const ssh = defineConnectorSettings("ssh", {
  port: {
    schema: z.number().int().min(1).max(65535),
    description: "TCP port of the SSH server.",
    default: 22,
  },
  hostKeyPolicy: {
    schema: z.enum(["strict", "accept-new", "off"]),
    description: "What to do with an unknown or changed host key.",
    default: "accept-new",
  },
  keepaliveIntervalMs: {
    schema: z.number().int().nonnegative(),
    description: "Keepalive interval; 0 turns it off.",
  },
  keepalive: {
    schema: z.object({ intervalMs: z.number(), countMax: z.number().optional() }),
    description: "Keepalive probes.",
    default: { intervalMs: 15_000, countMax: 3 },
  },
  algorithms: {
    schema: z.strictObject({ kex: z.array(z.string()).optional(), cipher: z.array(z.string()).optional() }),
    description: "Algorithm lists offered to the server, most preferred first.",
  },
  username: { schema: z.string(), description: "Login name.", required: true },
  password: { schema: z.string(), description: "Login password.", secret: true },
});

function issuesOf(data: unknown): Array<{ key: string; message: string; suggestion?: string }> {
  const r = ssh.safeParse(data);
  if (r.ok) throw new Error("expected issues");
  return r.issues;
}

describe("defineConnectorSettings: parse", () => {
  it("merges defaults under the given values and leaves unset optional keys out", () => {
    const v = ssh.parse({ username: "admin", keepalive: { intervalMs: 5_000 } });
    expect(v).toEqual({
      port: 22,
      hostKeyPolicy: "accept-new",
      keepalive: { intervalMs: 5_000, countMax: 3 },
      username: "admin",
    });
    expect("password" in v).toBe(false);
    const port: number = v.port;
    expect(port).toBe(22);
  });

  it("reports every wrong and missing key at once, naming the key, the expected type and the value", () => {
    const issues = issuesOf({ port: "22", hostKeyPolicy: "ask", keepaliveIntervalMs: -1 });
    expect(issues.map((i) => i.key).sort()).toEqual([
      "ssh.hostKeyPolicy",
      "ssh.keepaliveIntervalMs",
      "ssh.port",
      "ssh.username",
    ]);
    const byKey = Object.fromEntries(issues.map((i) => [i.key, i.message]));
    expect(byKey["ssh.port"]).toBe('expected number, received string "22"');
    expect(byKey["ssh.hostKeyPolicy"]).toBe(
      "expected 'strict' | 'accept-new' | 'off', received string \"ask\"",
    );
    expect(byKey["ssh.keepaliveIntervalMs"]).toMatch(/>=0.*received number -1/);
    expect(byKey["ssh.username"]).toBe("missing; expected string (Login name.)");
  });

  it("throws ConnectorDataError with all issues and the device context", () => {
    let error: unknown;
    try {
      ssh.parse({ port: "x", username: 7 }, { deviceId: "r1", host: "10.0.0.1" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConnectorDataError);
    const e = error as ConnectorDataError;
    expect(isPatchbayError(e, "CONNECTOR_DATA")).toBe(true);
    expect(e.settings).toBe("ssh");
    expect(e.deviceId).toBe("r1");
    expect(e.issues).toHaveLength(2);
    expect(e.message).toContain('device "r1" (10.0.0.1): 2 problem(s) in "ssh" connector data');
    expect(e.message).toContain('ssh.port: expected number, received string "x"');
  });

  it("reports unknown keys with the closest known key as suggestion", () => {
    const issues = issuesOf({ username: "u", prot: 2222, hostkeypolicy: "off", colour: "blue" });
    expect(issues).toContainEqual({ key: "ssh.prot", message: "unknown key", suggestion: "ssh.port" });
    expect(issues).toContainEqual({
      key: "ssh.hostkeypolicy",
      message: "unknown key",
      suggestion: "ssh.hostKeyPolicy",
    });
    expect(issues).toContainEqual({ key: "ssh.colour", message: "unknown key" });
  });

  it("reports nested keys by dotted path, in strict and in stripping objects", () => {
    const issues = issuesOf({
      username: "u",
      keepalive: { intervalMs: "soon", intervalMS: 1 },
      algorithms: { kex: ["curve25519-sha256", 5], ciphers: [] },
    });
    expect(issues).toContainEqual({
      key: "ssh.keepalive.intervalMs",
      message: 'expected number, received string "soon"',
    });
    expect(issues).toContainEqual({
      key: "ssh.algorithms.kex.1",
      message: "expected string, received number 5",
    });
    expect(issues).toContainEqual({
      key: "ssh.algorithms.ciphers",
      message: "unknown key",
      suggestion: "ssh.algorithms.cipher",
    });
    // keepalive is a non-strict object: the extra key fails only once the type error is fixed.
    const later = issuesOf({ username: "u", keepalive: { intervalMs: 1, intervalMS: 1 } });
    expect(later).toEqual([
      { key: "ssh.keepalive.intervalMS", message: "unknown key", suggestion: "ssh.keepalive.intervalMs" },
    ]);
  });

  it("never echoes the value of a secret key", () => {
    let error: unknown;
    try {
      ssh.parse({ username: "u", password: 123456789 });
    } catch (e) {
      error = e;
    }
    const e = error as ConnectorDataError;
    expect(e.issues).toEqual([{ key: "ssh.password", message: "expected string, received [redacted]" }]);
    expect(e.message).not.toContain("123456789");
  });

  it("rejects data that is not an object and accepts undefined as empty", () => {
    expect(issuesOf("port=22")).toEqual([
      { key: "ssh", message: 'expected an object of settings, received string "port=22"' },
    ]);
    expect(issuesOf(undefined)).toEqual([
      { key: "ssh.username", message: "missing; expected string (Login name.)" },
    ]);
  });

  it("refuses a definition whose default its schema rejects", () => {
    expect(() =>
      defineConnectorSettings("bad", {
        // @ts-expect-error the default must be a number
        port: { schema: z.number(), description: "Port.", default: "22" },
      }),
    ).toThrow(PluginRegistrationError);
    expect(() => defineConnectorSettings("bad", { port: { schema: z.number(), description: "" } })).toThrow(
      /key "port" has no description/,
    );
  });

  it("is accepted as the settings of a plugin definition", () => {
    const plugin = definePlugin({
      platform: "linux",
      connectionType: "ssh",
      connectionLibrary: "ssh2",
      capabilities: [],
      settings: ssh,
      create: () => {
        throw new Error("not used");
      },
    });
    expect(plugin.settings?.name).toBe("ssh");
  });
});

describe("defineConnectorSettings: docs", () => {
  it("describes each key with a human type, default, required and secret", () => {
    expect(ssh.describe()).toEqual([
      {
        key: "port",
        type: "number",
        default: 22,
        description: "TCP port of the SSH server.",
        required: false,
        secret: false,
      },
      {
        key: "hostKeyPolicy",
        type: "'strict' | 'accept-new' | 'off'",
        default: "accept-new",
        description: "What to do with an unknown or changed host key.",
        required: false,
        secret: false,
      },
      {
        key: "keepaliveIntervalMs",
        type: "number",
        default: undefined,
        description: "Keepalive interval; 0 turns it off.",
        required: false,
        secret: false,
      },
      {
        key: "keepalive",
        type: "{ intervalMs: number; countMax?: number }",
        default: { intervalMs: 15_000, countMax: 3 },
        description: "Keepalive probes.",
        required: false,
        secret: false,
      },
      {
        key: "algorithms",
        type: "{ kex?: string[]; cipher?: string[] }",
        default: undefined,
        description: "Algorithm lists offered to the server, most preferred first.",
        required: false,
        secret: false,
      },
      {
        key: "username",
        type: "string",
        default: undefined,
        description: "Login name.",
        required: true,
        secret: false,
      },
      {
        key: "password",
        type: "string",
        default: undefined,
        description: "Login password.",
        required: false,
        secret: true,
      },
    ]);
  });

  it("renders a Markdown table with escaped pipes", () => {
    expect(ssh.toMarkdownTable()).toBe(
      [
        "| Key | Type | Default | Description |",
        "| --- | --- | --- | --- |",
        "| `port` | `number` | `22` | TCP port of the SSH server. |",
        "| `hostKeyPolicy` | `'strict' \\| 'accept-new' \\| 'off'` | `\"accept-new\"` | What to do with an unknown or changed host key. |",
        "| `keepaliveIntervalMs` | `number` | — | Keepalive interval; 0 turns it off. |",
        '| `keepalive` | `{ intervalMs: number; countMax?: number }` | `{"intervalMs":15000,"countMax":3}` | Keepalive probes. |',
        "| `algorithms` | `{ kex?: string[]; cipher?: string[] }` | — | Algorithm lists offered to the server, most preferred first. |",
        "| `username` | `string` | required | Login name. |",
        "| `password` | `string` | — | Login password. Secret: never shown in errors or logs. |",
        "",
      ].join("\n"),
    );
  });

  it("produces a JSON Schema with descriptions, defaults, required keys and no extra keys", () => {
    const schema = ssh.toJsonSchema() as {
      title: string;
      properties: Record<string, Record<string, unknown>>;
      required: string[];
      additionalProperties: boolean;
    };
    expect(schema.title).toBe("ssh connector settings");
    expect(schema.required).toEqual(["username"]);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.port).toMatchObject({
      type: "integer",
      default: 22,
      description: "TCP port of the SSH server.",
    });
    expect(schema.properties.hostKeyPolicy).toMatchObject({
      enum: ["strict", "accept-new", "off"],
      default: "accept-new",
    });
    expect(schema.properties.algorithms).toMatchObject({
      type: "object",
      properties: { kex: { type: "array", items: { type: "string" } } },
      additionalProperties: false,
    });
    expect(schema.properties.password).toEqual({
      type: "string",
      description: "Login password.",
      writeOnly: true,
    });
  });
});

describe("mergeConnectorData", () => {
  it("merges plain objects deeply, later layers win, arrays are replaced", () => {
    const group = { ssh: { port: 22, algorithms: { kex: ["a", "b"] }, keepalive: { intervalMs: 1 } } };
    const host = { ssh: { port: 2222, algorithms: { kex: ["c"] } } };
    const merged = mergeConnectorData(group, undefined, host);
    expect(merged).toEqual({ ssh: { port: 2222, algorithms: { kex: ["c"] }, keepalive: { intervalMs: 1 } } });
    expect(group.ssh.port).toBe(22);
  });

  it("skips undefined values and __proto__ keys", () => {
    const evil = JSON.parse(
      '{"__proto__": {"polluted": true}, "b": {"__proto__": {"polluted": true}}}',
    ) as Record<string, unknown>;
    const merged = mergeConnectorData({ a: 1 }, { a: undefined }, evil);
    expect(merged).toEqual({ a: 1, b: {} });
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("suggestKey", () => {
  it("suggests the closest key for typos, swaps and case slips", () => {
    const known = ["port", "hostKeyPolicy", "keepaliveIntervalMs"];
    expect(suggestKey("prot", known)).toBe("port");
    expect(suggestKey("hostkeypolicy", known)).toBe("hostKeyPolicy");
    expect(suggestKey("keepaliveInterval", known)).toBe("keepaliveIntervalMs");
  });

  it("suggests nothing when no key is close", () => {
    expect(suggestKey("user", ["port", "hostKeyPolicy"])).toBeUndefined();
    expect(suggestKey("x", [])).toBeUndefined();
  });
});
