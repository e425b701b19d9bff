import {
  ConnectorDataError,
  type ConnectorSettings,
  type Device,
  defineConnectorSettings,
  type SettingSpec,
} from "@patchbay/core";
import { z } from "zod";

/** Options of a NETCONF connection; each may also be set per device in `device.data.netconf`. */
export interface NetconfOptions {
  /**
   * TCP port of the SSH server with the `netconf` subsystem.
   * @default the device's `port` when set, else 830
   */
  port?: number | undefined;
  /** Time for the hello exchange after the subsystem opened. @default 30000 */
  helloTimeoutMs?: number | undefined;
  /** Default time limit of each RPC. @default 60000 */
  rpcTimeoutMs?: number | undefined;
  /** `reply.data` objects keyed by local names. @default true */
  stripNamespaces?: boolean | undefined;
  /** Capabilities to advertise besides base 1.0 and 1.1. @default [] */
  capabilities?: readonly string[] | undefined;
  /** Advertise base 1.1 (chunked framing); off only for servers whose 1.1 is broken. @default true */
  base11?: boolean | undefined;
  /**
   * When the client sends its hello: after the server's (`after-server`, as ncclient does) or as
   * soon as the channel opens (`at-open`). @default "after-server"
   */
  helloOrder?: "after-server" | "at-open" | undefined;
  /** With `after-server`, the least time between the client's hello and its first RPC. @default 100 */
  helloGapMs?: number | undefined;
  /** The message-id of the first RPC; later ones count up from it. @default 1 */
  firstMessageId?: number | undefined;
}

/** Options after merging explicit options, `device.data.netconf` and defaults. */
export interface ResolvedNetconfOptions {
  port: number;
  helloTimeoutMs: number;
  rpcTimeoutMs: number;
  stripNamespaces: boolean;
  capabilities: readonly string[];
  base11: boolean;
  helloOrder: "after-server" | "at-open";
  helloGapMs: number;
  firstMessageId: number;
}

const milliseconds = z.number().int().nonnegative();

/** The keys of `netconfSettings`. */
export interface NetconfSettingKeys {
  [key: string]: SettingSpec;
  port: SettingSpec<z.ZodNumber>;
  helloTimeoutMs: SettingSpec<z.ZodNumber>;
  rpcTimeoutMs: SettingSpec<z.ZodNumber>;
  stripNamespaces: SettingSpec<z.ZodBoolean>;
  capabilities: SettingSpec<z.ZodArray<z.ZodString>>;
  base11: SettingSpec<z.ZodBoolean>;
  helloOrder: SettingSpec<z.ZodEnum<{ "after-server": "after-server"; "at-open": "at-open" }>>;
  helloGapMs: SettingSpec<z.ZodNumber>;
  firstMessageId: SettingSpec<z.ZodNumber>;
}

const keys: NetconfSettingKeys = {
  port: {
    schema: z.number().int().min(1).max(65_535),
    default: 830,
    description:
      "TCP port of the SSH server offering the netconf subsystem; the device's port when this is unset, 830 when both are.",
  },
  helloTimeoutMs: { schema: milliseconds, default: 30_000, description: "Time for the hello exchange." },
  rpcTimeoutMs: { schema: milliseconds, default: 60_000, description: "Default time limit of each RPC." },
  stripNamespaces: {
    schema: z.boolean(),
    default: true,
    description: "Key reply.data objects by local names ({namespace}name otherwise).",
  },
  capabilities: {
    schema: z.array(z.string()),
    default: [],
    description: "Capabilities to advertise besides base 1.0 and 1.1.",
  },
  base11: { schema: z.boolean(), default: true, description: "Advertise base 1.1 (chunked framing)." },
  helloOrder: {
    schema: z.enum(["after-server", "at-open"]),
    default: "after-server",
    description:
      "Send the client hello after the server's (after-server) or when the channel opens (at-open; some servers then miss the first RPC).",
  },
  helloGapMs: {
    schema: milliseconds.max(10_000),
    default: 100,
    description:
      "With helloOrder after-server, the least time between the client hello and the first RPC (netconfd loses an RPC read together with the hello).",
  },
  firstMessageId: {
    schema: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    default: 1,
    description: "The message-id of the first RPC; later ones count up from it.",
  },
};

/**
 * The NETCONF connector settings, read from `device.data.netconf` (SSH settings stay in
 * `device.data.ssh`). Give it to `definePlugin({ settings })` so tools can document and check it.
 */
export const netconfSettings: ConnectorSettings<NetconfSettingKeys> = defineConnectorSettings(
  "netconf",
  keys,
);

/**
 * Merges explicit options over `device.data.netconf` over the defaults. Throws `ConnectorDataError`
 * listing every wrong or unknown key (of both).
 */
export function resolveNetconfOptions(
  device: Pick<Device, "id" | "host" | "platform" | "data"> & { port?: number | undefined },
  options: NetconfOptions = {},
): ResolvedNetconfOptions {
  const ctx = { deviceId: device.id, host: device.host, platform: device.platform };
  const explicit = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const fromData = netconfSettings.safeParse(device.data.netconf);
  const fromOptions = netconfSettings.safeParse(explicit);
  const issues = [
    ...(fromData.ok ? [] : fromData.issues),
    ...(fromOptions.ok
      ? []
      : fromOptions.issues.map((i) => ({ ...i, key: i.key.replace(/^netconf/, "options") }))),
  ];
  if (!fromData.ok || !fromOptions.ok) throw new ConnectorDataError({ ...ctx, settings: "netconf", issues });
  const data = fromData.value;
  const pick = <K extends keyof NetconfOptions>(key: K): NetconfOptions[K] => options[key] ?? data[key];
  return {
    // The parsed data has the default port merged in: only a port the host's data sets wins over the device's.
    port: options.port ?? (hasKey(device.data.netconf, "port") ? data.port : undefined) ?? device.port ?? 830,
    helloTimeoutMs: pick("helloTimeoutMs") ?? 30_000,
    rpcTimeoutMs: pick("rpcTimeoutMs") ?? 60_000,
    stripNamespaces: pick("stripNamespaces") ?? true,
    capabilities: pick("capabilities") ?? [],
    base11: pick("base11") ?? true,
    helloOrder: pick("helloOrder") ?? "after-server",
    helloGapMs: pick("helloGapMs") ?? 100,
    firstMessageId: pick("firstMessageId") ?? 1,
  };
}

function hasKey(value: unknown, key: string): boolean {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[key] !== undefined;
}
