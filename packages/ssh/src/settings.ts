import { homedir } from "node:os";
import { join } from "node:path";
import { ConnectorDataError, type ConnectorDataIssue, type Device } from "@patchbay/core";
import type { ResolvedSshOptions, SshAuthMethod, SshOptions } from "./options.ts";

/** The value kinds a setting may have. */
export type SshSettingType =
  | "string"
  | "number"
  | "boolean"
  | "boolean|string"
  | "string|buffer"
  | "enum"
  | "string[]"
  | "object";

/** Plain-data description of one connection setting (for docs, CLIs and schema generation). */
export interface SshSettingDescription {
  /** Key in `SshOptions` and in `device.data.ssh`. */
  readonly name: string;
  readonly type: SshSettingType;
  /** Allowed values of an `enum` (or of the items of a `string[]`). */
  readonly values?: readonly string[];
  /** Default value; undefined when there is none. */
  readonly default?: unknown;
  readonly description: string;
  /** The value is a secret: never log or print it. */
  readonly secret?: boolean;
}

const AUTH_METHODS: readonly SshAuthMethod[] = ["publickey", "agent", "password", "keyboard-interactive"];

/** The SSH connection settings, as plain data. Mirrors `SshOptions`. */
export const sshSettings: readonly SshSettingDescription[] = Object.freeze([
  { name: "username", type: "string", description: "User name; overrides the device's username." },
  {
    name: "password",
    type: "string",
    secret: true,
    description: "Password, also used for keyboard-interactive prompts.",
  },
  { name: "port", type: "number", default: 22, description: "TCP port; overrides the device's port." },
  {
    name: "privateKey",
    type: "string|buffer",
    secret: true,
    description: "Private key material (PEM or OpenSSH).",
  },
  { name: "privateKeyPath", type: "string", description: "Path of a private key file." },
  {
    name: "passphrase",
    type: "string",
    secret: true,
    description: "Passphrase of an encrypted private key.",
  },
  {
    name: "agent",
    type: "boolean|string",
    default: false,
    description: "ssh-agent: true for $SSH_AUTH_SOCK, or a socket path.",
  },
  {
    name: "authOrder",
    type: "string[]",
    values: AUTH_METHODS,
    default: AUTH_METHODS,
    description: "Order in which authentication methods are tried.",
  },
  {
    name: "hostKeyPolicy",
    type: "enum",
    values: ["strict", "accept-new", "off"],
    default: "accept-new",
    description: "Host key checking against the known_hosts file.",
  },
  {
    name: "knownHostsPath",
    type: "string",
    default: "~/.ssh/known_hosts",
    description: "OpenSSH known_hosts file.",
  },
  {
    name: "algorithms",
    type: "object",
    description: "Algorithm overrides (kex, cipher, serverHostKey, hmac, compress).",
  },
  {
    name: "jumpHost",
    type: "object",
    description: "Jump host to connect through (host, port, username and SSH options).",
  },
  {
    name: "connectTimeoutMs",
    type: "number",
    default: 10_000,
    description: "Time to open the TCP connection.",
  },
  {
    name: "authTimeoutMs",
    type: "number",
    default: 20_000,
    description: "Time for the SSH handshake and authentication.",
  },
  {
    name: "operationTimeoutMs",
    type: "number",
    default: 60_000,
    description: "Default time limit of each operation.",
  },
  {
    name: "keepaliveIntervalMs",
    type: "number",
    default: 15_000,
    description: "Transport keepalive interval; 0 disables.",
  },
  {
    name: "keepaliveCountMax",
    type: "number",
    default: 3,
    description: "Unanswered keepalives before disconnecting.",
  },
  {
    name: "connectRetries",
    type: "number",
    default: 2,
    description: "Extra attempts after unreachable or connect timeout.",
  },
  {
    name: "retryMinDelayMs",
    type: "number",
    default: 250,
    description: "Smallest jittered delay before a retry.",
  },
  {
    name: "retryMaxDelayMs",
    type: "number",
    default: 3_000,
    description: "Largest jittered delay before a retry.",
  },
] satisfies SshSettingDescription[]);

function checkValue(setting: SshSettingDescription, value: unknown): string | undefined {
  switch (setting.type) {
    case "string":
      return typeof value === "string" ? undefined : "must be a string";
    case "number":
      return typeof value === "number" && Number.isFinite(value) && value >= 0
        ? undefined
        : "must be a non-negative number";
    case "boolean|string":
      return typeof value === "boolean" || typeof value === "string"
        ? undefined
        : "must be a boolean or a string";
    case "string|buffer":
      return typeof value === "string" || Buffer.isBuffer(value) ? undefined : "must be a string or a Buffer";
    case "enum":
      return typeof value === "string" && setting.values?.includes(value)
        ? undefined
        : `must be one of ${setting.values?.map((v) => `"${v}"`).join(", ")}`;
    case "string[]":
      if (!Array.isArray(value) || !value.every((v) => typeof v === "string"))
        return "must be an array of strings";
      if (setting.values) {
        const bad = value.filter((v) => !setting.values?.includes(v));
        if (bad.length > 0)
          return `unknown value(s) ${bad.join(", ")}; allowed: ${setting.values.join(", ")}`;
      }
      return undefined;
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value)
        ? undefined
        : "must be an object";
  }
}

/**
 * Checks SSH options (from `device.data.ssh` or a caller) against `sshSettings`, listing every
 * unknown or wrong key. Returns the issues; empty when valid.
 */
export function sshOptionIssues(input: Record<string, unknown>, prefix = "ssh"): ConnectorDataIssue[] {
  const issues: ConnectorDataIssue[] = [];
  const known = new Map(sshSettings.map((s) => [s.name, s]));
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    const setting = known.get(key);
    if (setting === undefined) {
      if (prefix !== "ssh" && ["host", "logger"].includes(key)) continue;
      const suggestion = closest(key, [...known.keys()]);
      issues.push({
        key: `${prefix}.${key}`,
        message: "unknown setting",
        ...(suggestion ? { suggestion } : {}),
      });
      continue;
    }
    const problem = checkValue(setting, value);
    if (problem) issues.push({ key: `${prefix}.${key}`, message: problem });
  }
  return issues;
}

function closest(key: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const name of names) {
    const d = editDistance(key.toLowerCase(), name.toLowerCase());
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** `~/x` becomes `$HOME/x`. */
export function expandHome(path: string): string {
  return path === "~" || path.startsWith("~/") ? join(homedir(), path.slice(1)) : path;
}

/**
 * Merges explicit options over `device.data.ssh` over the defaults. Throws `ConnectorDataError`
 * listing every bad key of `device.data.ssh`.
 */
export function resolveSshOptions(
  device: Pick<Device, "id" | "host" | "port" | "username" | "password" | "platform" | "data">,
  options: SshOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): ResolvedSshOptions {
  const fromData = device.data.ssh;
  let data: SshOptions = {};
  if (fromData !== undefined) {
    const ctx = { deviceId: device.id, host: device.host, platform: device.platform };
    if (typeof fromData !== "object" || fromData === null || Array.isArray(fromData)) {
      throw new ConnectorDataError({
        ...ctx,
        settings: "ssh",
        issues: [{ key: "ssh", message: "must be an object" }],
      });
    }
    const issues = sshOptionIssues(fromData as Record<string, unknown>);
    if (issues.length > 0) throw new ConnectorDataError({ ...ctx, settings: "ssh", issues });
    data = fromData as SshOptions;
  }
  const pick = <K extends keyof SshOptions>(key: K): SshOptions[K] => options[key] ?? data[key];
  const agentSetting = pick("agent") ?? false;
  const agent =
    agentSetting === true
      ? env.SSH_AUTH_SOCK || undefined
      : agentSetting === false
        ? undefined
        : agentSetting;
  return {
    host: device.host,
    port: pick("port") ?? device.port ?? 22,
    username: pick("username") ?? device.username ?? "",
    password: pick("password") ?? device.password,
    privateKey: pick("privateKey"),
    privateKeyPath:
      pick("privateKeyPath") === undefined ? undefined : expandHome(pick("privateKeyPath") as string),
    passphrase: pick("passphrase"),
    agent,
    authOrder: pick("authOrder") ?? AUTH_METHODS,
    hostKeyPolicy: pick("hostKeyPolicy") ?? "accept-new",
    knownHostsPath: expandHome(pick("knownHostsPath") ?? "~/.ssh/known_hosts"),
    algorithms: pick("algorithms"),
    jumpHost: pick("jumpHost"),
    connectTimeoutMs: pick("connectTimeoutMs") ?? 10_000,
    authTimeoutMs: pick("authTimeoutMs") ?? 20_000,
    operationTimeoutMs: pick("operationTimeoutMs") ?? 60_000,
    keepaliveIntervalMs: pick("keepaliveIntervalMs") ?? 15_000,
    keepaliveCountMax: pick("keepaliveCountMax") ?? 3,
    connectRetries: pick("connectRetries") ?? 2,
    retryMinDelayMs: pick("retryMinDelayMs") ?? 250,
    retryMaxDelayMs: pick("retryMaxDelayMs") ?? 3_000,
  };
}

/** The secrets among resolved options, for masking. */
export function sshSecrets(options: Pick<ResolvedSshOptions, "password" | "passphrase">): string[] {
  return [options.password, options.passphrase].filter((s): s is string => typeof s === "string" && s !== "");
}
