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
  /** TCP port of the SSH server with the `netconf` subsystem; the device's `port` is not used. @default 830 */
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
}

const keys: NetconfSettingKeys = {
  port: {
    schema: z.number().int().min(1).max(65_535),
    default: 830,
    description: "TCP port of the SSH server offering the netconf subsystem (not the device's CLI port).",
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
  device: Pick<Device, "id" | "host" | "platform" | "data">,
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
    port: pick("port") ?? 830,
    helloTimeoutMs: pick("helloTimeoutMs") ?? 30_000,
    rpcTimeoutMs: pick("rpcTimeoutMs") ?? 60_000,
    stripNamespaces: pick("stripNamespaces") ?? true,
    capabilities: pick("capabilities") ?? [],
    base11: pick("base11") ?? true,
  };
}
