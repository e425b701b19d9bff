import type { Capability, Implements } from "./capability.ts";
import type { OperationOptions } from "./deadline.ts";
import { createDevice, type Device, type DeviceInput, deviceSecrets } from "./device.ts";
import { type DiscoveryOptions, discoverPlatform } from "./discovery.ts";
import { NotImplementedForThisPlatform } from "./errors.ts";
import { type Logger, redactingLogger, silentLogger } from "./logger.ts";
import type { ConnectionPlugin } from "./plugin.ts";
import { hasPlatform } from "./registry.ts";
import { type Explanation, explainResolution, resolvePlugin } from "./resolver.ts";

/** Members every proxy has besides the capability methods. */
export interface ProxyLifecycle {
  /** The device this proxy talks to. */
  readonly device: Device;
  /** The plugin instance behind the proxy. */
  readonly plugin: ConnectionPlugin;
  /** Capability id -> the method names callable on this proxy (implemented or overridden). */
  listCapabilities(): Record<string, string[]>;
  /** Closes the connection. Idempotent; never throws. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** What `connect` returns: exactly the requested interfaces plus the lifecycle members. */
export type DeviceProxy<Caps extends readonly Capability<object>[]> = Implements<Caps> & ProxyLifecycle;

/** Safe defaults for capability methods the chosen plugin lacks. `this` is the proxy. */
export type ProxyOverrides<Caps extends readonly Capability<object>[]> = Partial<Implements<Caps>> &
  ThisType<DeviceProxy<Caps>>;

export interface ConnectOptions<Caps extends readonly Capability<object>[] = readonly Capability<object>[]>
  extends OperationOptions {
  /** The capabilities the caller needs; the proxy is typed as exactly these. @default [] */
  capabilities?: Caps;
  /** Restrict to plugins of this connection type. */
  connectionType?: string;
  /** Restrict to plugins over this library. */
  connectionLibrary?: string;
  /** With several candidates, take the registered default. @default false */
  fallbackToDefault?: boolean;
  /** Open the connection now; with false the plugin is built but not connected. @default true */
  connect?: boolean;
  /** Log a warning for each requested capability method the plugin lacks (never blocks). @default true */
  validateCapabilities?: boolean;
  /** The proxy's own implementations, used where the plugin lacks a method. */
  overrides?: ProxyOverrides<Caps>;
  /** Secrets (the device's password and secrets in its data) are redacted. @default silentLogger */
  logger?: Logger;
  /** Discovery of platform packages when the platform has no registered plugin; false turns it off. */
  discovery?: DiscoveryOptions | false;
  /** A name for the proxy in errors. @default the capability ids joined with "+" */
  proxyName?: string;
}

async function resolveFor(device: Device, options: ConnectOptions, logger: Logger) {
  let packagesTried: readonly string[] = [];
  if (!hasPlatform(device.platform) && options.discovery !== false) {
    const found = await discoverPlatform(device.platform, { ...(options.discovery ?? {}), logger });
    packagesTried = found.packagesTried;
  }
  return {
    platform: device.platform,
    connectionType: options.connectionType,
    connectionLibrary: options.connectionLibrary,
    capabilities: options.capabilities ?? [],
    fallbackToDefault: options.fallbackToDefault ?? false,
    deviceId: device.id,
    host: device.host,
    packagesTried,
    logger,
  };
}

/**
 * Resolves the plugin for a device, opens its connection and returns a proxy typed as exactly the
 * requested capabilities. Validation and resolution errors are thrown before any connection attempt;
 * if opening fails, everything created is torn down before the error is rethrown.
 */
export async function connect<const Caps extends readonly Capability<object>[] = readonly []>(
  input: DeviceInput | Device,
  options: ConnectOptions<Caps> = {},
): Promise<DeviceProxy<Caps>> {
  const device = createDevice(input);
  const base = (options.logger ?? silentLogger).child({ deviceId: device.id, platform: device.platform });
  const logger = redactingLogger(base, deviceSecrets(device));
  const { plugin: registered } = resolvePlugin(await resolveFor(device, options, logger));
  const definition = registered.definition;
  // Connector data is checked before anything opens: every wrong, missing or unknown key at once.
  // The parsed value goes to the plugin, which reads it instead of parsing again.
  const settings = definition.settings?.parse(device.data[definition.settings.name], {
    deviceId: device.id,
    host: device.host,
    platform: device.platform,
  });
  const pluginLogger = logger.child({ plugin: definition.name });
  const plugin = definition.create(device, {
    logger: pluginLogger,
    definition,
    settings,
  }) as ConnectionPlugin;
  const capabilities = options.capabilities ?? ([] as unknown as Caps);

  if (options.validateCapabilities ?? true) {
    for (const cap of capabilities) {
      for (const method of cap.methods) {
        if (typeof (plugin as unknown as Record<string, unknown>)[method] !== "function") {
          pluginLogger.warn(
            { capability: cap.id, method, overridden: options.overrides?.[method as never] !== undefined },
            `plugin "${definition.name}" does not implement ${cap.id}.${method}()`,
          );
        }
      }
    }
  }

  try {
    await plugin.initializeConnection({
      connect: options.connect ?? true,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
    });
  } catch (err) {
    await plugin.teardownConnection();
    throw err;
  }
  return buildProxy(device, plugin, capabilities, options.overrides, options.proxyName);
}

function buildProxy<Caps extends readonly Capability<object>[]>(
  device: Device,
  plugin: ConnectionPlugin,
  capabilities: Caps,
  overrides: ProxyOverrides<Caps> | undefined,
  proxyName: string | undefined,
): DeviceProxy<Caps> {
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= plugin.teardownConnection();
    return closing;
  };
  const available: Record<string, string[]> = {};
  const proxy: Record<string | symbol, unknown> = {};
  const name = proxyName ?? (capabilities.map((c) => c.id).join("+") || "DeviceProxy");
  const impl = plugin as unknown as Record<string, unknown>;
  const own = (overrides ?? {}) as Record<string, unknown>;
  const declared = plugin.definition?.methods;

  for (const cap of capabilities) {
    const methods: string[] = [];
    for (const method of cap.methods) {
      if (method in proxy) {
        // Two requested capabilities share a method name; the first one's binding serves both.
        methods.push(method);
        continue;
      }
      // A method the definition declares unsupported is refused like a missing one, before the plugin runs.
      const refused = declared?.[cap.id] !== undefined && !declared[cap.id]?.includes(method);
      const fromPlugin = refused ? undefined : impl[method];
      const fromOverride = own[method];
      if (typeof fromPlugin === "function") {
        proxy[method] = (fromPlugin as (...a: unknown[]) => unknown).bind(plugin);
        methods.push(method);
      } else if (typeof fromOverride === "function") {
        proxy[method] = (...args: unknown[]) =>
          (fromOverride as (...a: unknown[]) => unknown).apply(proxy, args);
        methods.push(method);
      } else {
        // Rejected, not thrown: every proxy method returns a promise, so callers handle one shape.
        proxy[method] = () =>
          Promise.reject(
            new NotImplementedForThisPlatform({
              proxy: name,
              method,
              capability: cap.id,
              platform: device.platform,
              plugin: plugin.name,
              deviceId: device.id,
              host: device.host,
              ...(refused ? { declared: true } : {}),
            }),
          );
      }
    }
    available[cap.id] = methods;
  }
  Object.defineProperties(proxy, {
    device: { value: device, enumerable: true },
    plugin: { value: plugin, enumerable: true },
    listCapabilities: { value: () => structuredClone(available) },
    close: { value: close },
    [Symbol.asyncDispose]: { value: close },
  });
  return proxy as unknown as DeviceProxy<Caps>;
}

/** Connects, runs `fn` with the proxy, and closes the proxy whatever `fn` does. */
export async function withConnection<const Caps extends readonly Capability<object>[], T>(
  input: DeviceInput | Device,
  options: ConnectOptions<Caps>,
  fn: (proxy: DeviceProxy<Caps>) => Promise<T> | T,
): Promise<T> {
  const proxy = await connect(input, options);
  try {
    return await fn(proxy);
  } finally {
    await proxy.close();
  }
}

/**
 * The resolution `connect` would make for this device, as data: every step, what it kept and why,
 * and the outcome. Runs discovery like `connect` but opens nothing. Device errors are thrown.
 */
export async function explain(
  input: DeviceInput | Device,
  options: Omit<ConnectOptions, "connect" | "overrides"> = {},
): Promise<Explanation> {
  const device = createDevice(input);
  return explainResolution(await resolveFor(device, options, options.logger ?? silentLogger));
}
