import { type SimDevice, startDevice } from "./device.ts";
import { PLATFORMS } from "./platforms/index.ts";
import { SIM_PLATFORMS, type SimKnobs, type SimPlatform } from "./types.ts";

/** Options of {@link startFleet}. */
export interface SimFleetOptions extends SimKnobs {
  /** How many devices to start. */
  count: number;
  /** Platforms to cycle through, device by device. @default every platform */
  platforms?: readonly SimPlatform[];
  /** Address every device listens on. @default "127.0.0.1" */
  host?: string;
  /** Device i listens on `basePort + i`; 0 gives every device a free port. @default 0 */
  basePort?: number;
  /** Give every device an HTTPS server too (see `SimDeviceOptions.http`). @default false */
  http?: boolean;
}

/** One device of a fleet as an inventory entry. */
export interface SimInventoryEntry {
  name: string;
  host: string;
  port: number;
  platform: SimPlatform;
  username: string;
  password: string;
  /** The port of the NETCONF server (the `netconf` SSH subsystem, so the SSH port), listed when the fleet's `netconf` option is given. */
  netconfPort?: number;
  /** The device's HTTPS port, when the fleet serves HTTP. */
  httpPort?: number;
}

/** A plain description of a fleet, for inventories and the CLI. */
export interface SimInventory {
  devices: SimInventoryEntry[];
}

/** A group of simulated devices started and closed together. */
export interface SimFleet extends AsyncDisposable {
  readonly devices: SimDevice[];
  toInventory(): SimInventory;
  close(): Promise<void>;
}

/** Starts `count` devices, cycling through `platforms`; names are R1, R2, ... (host3 for linux). */
export async function startFleet(options: SimFleetOptions): Promise<SimFleet> {
  const { count, platforms, host, basePort, ...knobs } = options;
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError(`devsim: fleet count must be a whole number, got ${count}`);
  const cycle = platforms && platforms.length > 0 ? platforms : SIM_PLATFORMS;
  const started: SimDevice[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const platform = cycle[i % cycle.length]!;
      started.push(
        await startDevice({
          ...knobs,
          platform,
          hostname: `${PLATFORMS[platform].namePrefix}${i + 1}`,
          host: host ?? "127.0.0.1",
          port: basePort ? basePort + i : 0,
        }),
      );
    }
  } catch (err) {
    await Promise.all(started.map((d) => d.close()));
    throw err;
  }
  const names = started.map((d) => d.hostname);
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= Promise.all(started.map((d) => d.close())).then(() => undefined);
    return closing;
  };
  return {
    devices: started,
    toInventory: () => ({
      devices: started.map((d, i) => ({
        name: names[i]!,
        host: d.host,
        port: d.port,
        platform: d.platform,
        username: d.username,
        password: d.password,
        ...(knobs.netconf && d.netconf ? { netconfPort: d.port } : {}),
        ...(d.http ? { httpPort: d.http.port } : {}),
      })),
    }),
    close,
    [Symbol.asyncDispose]: close,
  };
}
