import { ConnectorDataError, type ConnectorDataIssue, type Device } from "@patchbay/core";

/** Options of a NETCONF connection; each may also be set per device in `device.data.netconf`. */
export interface NetconfOptions {
  /** TCP port of the SSH server with the `netconf` subsystem; the device's `port` is not used. @default 830 */
  port?: number;
  /** Time for the hello exchange after the subsystem opened. @default 30000 */
  helloTimeoutMs?: number;
  /** Default time limit of each RPC. @default 60000 */
  rpcTimeoutMs?: number;
  /** `reply.data` objects keyed by local names. @default true */
  stripNamespaces?: boolean;
  /** Capabilities to advertise besides base 1.0 and 1.1. @default [] */
  capabilities?: readonly string[];
  /** Advertise base 1.1 (chunked framing); off only for servers whose 1.1 is broken. @default true */
  base11?: boolean;
}

/** Options after merging explicit options, `device.data.netconf` and defaults. */
export interface ResolvedNetconfOptions {
  port: number;
  helloTimeoutMs: number;
  rpcTimeoutMs: number;
  stripNamespaces: boolean;
  capabilities: readonly string[];
  base11: boolean;
}

/** Plain-data description of one NETCONF setting (for docs, CLIs and schema generation). */
export interface NetconfSettingDescription {
  /** Key in `NetconfOptions` and in `device.data.netconf`. */
  readonly name: string;
  readonly type: "number" | "boolean" | "string[]";
  readonly default: unknown;
  readonly description: string;
}

/** The NETCONF settings, as plain data. Mirrors `NetconfOptions`; SSH settings stay in `device.data.ssh`. */
export const netconfSettings: readonly NetconfSettingDescription[] = Object.freeze([
  {
    name: "port",
    type: "number",
    default: 830,
    description: "TCP port of the SSH server offering the netconf subsystem.",
  },
  { name: "helloTimeoutMs", type: "number", default: 30_000, description: "Time for the hello exchange." },
  { name: "rpcTimeoutMs", type: "number", default: 60_000, description: "Default time limit of each RPC." },
  {
    name: "stripNamespaces",
    type: "boolean",
    default: true,
    description: "reply.data objects keyed by local names.",
  },
  {
    name: "capabilities",
    type: "string[]",
    default: [],
    description: "Capabilities to advertise besides base 1.0 and 1.1.",
  },
  { name: "base11", type: "boolean", default: true, description: "Advertise base 1.1 (chunked framing)." },
] satisfies NetconfSettingDescription[]);

function problem(setting: NetconfSettingDescription, value: unknown): string | undefined {
  switch (setting.type) {
    case "number":
      return typeof value === "number" && Number.isFinite(value) && value >= 0
        ? undefined
        : "must be a non-negative number";
    case "boolean":
      return typeof value === "boolean" ? undefined : "must be a boolean";
    case "string[]":
      return Array.isArray(value) && value.every((v) => typeof v === "string")
        ? undefined
        : "must be an array of strings";
  }
}

/** Every unknown or wrong key of NETCONF options; empty when valid. */
export function netconfOptionIssues(
  input: Record<string, unknown>,
  prefix = "netconf",
): ConnectorDataIssue[] {
  const known = new Map(netconfSettings.map((s) => [s.name, s]));
  const issues: ConnectorDataIssue[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    const setting = known.get(key);
    if (setting === undefined) {
      const suggestion = [...known.keys()].find((k) => k.toLowerCase() === key.toLowerCase());
      issues.push({
        key: `${prefix}.${key}`,
        message: "unknown setting",
        ...(suggestion ? { suggestion } : {}),
      });
      continue;
    }
    const why = problem(setting, value);
    if (why) issues.push({ key: `${prefix}.${key}`, message: why });
  }
  return issues;
}

/**
 * Merges explicit options over `device.data.netconf` over the defaults. Throws `ConnectorDataError`
 * listing every bad key (of both).
 */
export function resolveNetconfOptions(
  device: Pick<Device, "id" | "host" | "platform" | "data">,
  options: NetconfOptions = {},
): ResolvedNetconfOptions {
  const ctx = { deviceId: device.id, host: device.host, platform: device.platform };
  const fromData = device.data.netconf ?? {};
  if (typeof fromData !== "object" || fromData === null || Array.isArray(fromData)) {
    throw new ConnectorDataError({
      ...ctx,
      settings: "netconf",
      issues: [{ key: "netconf", message: "must be an object" }],
    });
  }
  const issues = [
    ...netconfOptionIssues(fromData as Record<string, unknown>),
    ...netconfOptionIssues(options as Record<string, unknown>, "options"),
  ];
  if (issues.length > 0) throw new ConnectorDataError({ ...ctx, settings: "netconf", issues });
  const data = fromData as NetconfOptions;
  const pick = <K extends keyof NetconfOptions>(key: K): NetconfOptions[K] => options[key] ?? data[key];
  return {
    port: pick("port") ?? 830,
    helloTimeoutMs: pick("helloTimeoutMs") ?? 30_000,
    rpcTimeoutMs: pick("rpcTimeoutMs") ?? 60_000,
    stripNamespaces: pick("stripNamespaces") ?? true,
    capabilities: pick("capabilities") ?? [],
    base11: pick("base11") ?? true,
  };
}
