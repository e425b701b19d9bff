import { type Capability, defineCapability, type OperationOptions } from "@patchbay/core";

/** What every device can tell about itself, normalised across platforms (NAPALM's `get_facts`). */
export interface Facts {
  hostname: string;
  /** Vendor as people write it: `Cisco`, `Arista`, `Juniper`, `FRRouting`, `Linux`. */
  vendor: string;
  /** Hardware model, or the virtual platform's name; empty when the device does not say. */
  model: string;
  /** Chassis serial number; empty when the device does not say. */
  serial: string;
  /** Operating system version as the device prints it (`17.9.4a`, `4.31.2F`, `6.1.0-18-amd64`). */
  osVersion: string;
  /** Seconds since boot, or null when the device does not say. */
  uptimeSeconds: number | null;
  /** The raw outputs the facts were parsed from, by command or RPC, so nothing is lost. */
  raw: Record<string, string>;
}

/** Facts about the device. */
export interface DeviceInfo {
  getFacts(options?: OperationOptions): Promise<Facts>;
}

/** The `patchbay.DeviceInfo` capability token. */
export const DeviceInfo: Capability<DeviceInfo> = defineCapability<DeviceInfo>()("patchbay.DeviceInfo", [
  "getFacts",
]);
