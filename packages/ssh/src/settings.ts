import { homedir } from "node:os";
import { join } from "node:path";
import { type ConnectorSettings, type Device, defineConnectorSettings } from "@patchbay/core";
import { z } from "zod";
import type { ResolvedSshOptions, SshAuthMethod, SshOptions } from "./options.ts";

const AUTH_METHODS: readonly SshAuthMethod[] = ["publickey", "agent", "password", "keyboard-interactive"];

const algorithmList = z.array(z.string());
const algorithmOverride = z.union([
  algorithmList,
  z.strictObject({
    append: algorithmList.optional(),
    prepend: algorithmList.optional(),
    remove: algorithmList.optional(),
    replace: algorithmList.optional(),
  }),
]);
const count = z.number().int().nonnegative();

/**
 * The SSH connection settings as core connector settings: `device.data.ssh`, one key per `SshOptions`
 * field (except `logger`), each with its type, default and description. `parse` reports every wrong,
 * missing or unknown key at once (with a "did you mean"); `toMarkdownTable()` and `toJsonSchema()`
 * document them. `port`, `username` and `password` have no default here: the device's own apply.
 */
export const sshConnectorSettings: ConnectorSettings = defineConnectorSettings("ssh", {
  username: { schema: z.string(), description: "User name; overrides the device's username." },
  password: {
    schema: z.string(),
    secret: true,
    description: "Password, also used for keyboard-interactive prompts.",
  },
  port: {
    schema: z.number().int().min(1).max(65535),
    description: "TCP port; overrides the device's port (22 when neither is set).",
  },
  privateKey: {
    schema: z.union([z.string(), z.instanceof(Buffer)]),
    secret: true,
    description: "Private key material (PEM or OpenSSH).",
  },
  privateKeyPath: { schema: z.string(), description: "Path of a private key file." },
  passphrase: { schema: z.string(), secret: true, description: "Passphrase of an encrypted private key." },
  agent: {
    schema: z.union([z.boolean(), z.string()]),
    default: false,
    description: "ssh-agent: true for $SSH_AUTH_SOCK, or a socket path.",
  },
  authOrder: {
    schema: z.array(z.enum(AUTH_METHODS as [SshAuthMethod, ...SshAuthMethod[]])),
    default: [...AUTH_METHODS],
    description: "Order in which authentication methods are tried.",
  },
  hostKeyPolicy: {
    schema: z.enum(["strict", "accept-new", "off"]),
    default: "accept-new",
    description: "Host key checking against the known_hosts file.",
  },
  knownHostsPath: {
    schema: z.string(),
    default: "~/.ssh/known_hosts",
    description: "OpenSSH known_hosts file.",
  },
  algorithms: {
    schema: z.strictObject({
      kex: algorithmOverride.optional(),
      cipher: algorithmOverride.optional(),
      serverHostKey: algorithmOverride.optional(),
      hmac: algorithmOverride.optional(),
      compress: algorithmOverride.optional(),
    }),
    description: "Algorithm overrides (kex, cipher, serverHostKey, hmac, compress).",
  },
  jumpHost: {
    // The jump host takes every SSH setting too; the connection to it checks them.
    schema: z.looseObject({ host: z.string() }),
    description: "Jump host to connect through (host, port, username and SSH options).",
  },
  connectTimeoutMs: { schema: count, default: 10_000, description: "Time to open the TCP connection." },
  authTimeoutMs: {
    schema: count,
    default: 20_000,
    description: "Time for the SSH handshake and authentication.",
  },
  operationTimeoutMs: {
    schema: count,
    default: 60_000,
    description: "Default time limit of each operation.",
  },
  keepaliveIntervalMs: {
    schema: count,
    default: 15_000,
    description: "Transport keepalive interval; 0 disables.",
  },
  keepaliveCountMax: {
    schema: count,
    default: 3,
    description: "Unanswered keepalives before disconnecting.",
  },
  connectRetries: {
    schema: count,
    default: 2,
    description: "Extra attempts after unreachable, dropped before the handshake, or connect timeout.",
  },
  retryMinDelayMs: { schema: count, default: 250, description: "Smallest jittered delay before a retry." },
  retryMaxDelayMs: { schema: count, default: 3_000, description: "Largest jittered delay before a retry." },
});

/** `~/x` becomes `$HOME/x`. */
function expandHome(path: string): string {
  return path === "~" || path.startsWith("~/") ? join(homedir(), path.slice(1)) : path;
}

/**
 * Merges explicit options over `device.data.ssh` over the defaults. Throws `ConnectorDataError`
 * listing every bad key of `device.data.ssh` (checked by `sshConnectorSettings`).
 */
export function resolveSshOptions(
  device: Pick<Device, "id" | "host" | "port" | "username" | "password" | "platform" | "data">,
  options: SshOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): ResolvedSshOptions {
  const data = sshConnectorSettings.parse(device.data.ssh, {
    deviceId: device.id,
    host: device.host,
    platform: device.platform,
  }) as SshOptions;
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
