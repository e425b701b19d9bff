import { type Capability, defineCapability } from "@patchbay/core";
import { z } from "zod";
import { countOrNull, type GetterOptions, macAddressSchema } from "./common.ts";

/** One interface's state (NAPALM's `get_interfaces`). */
export interface InterfaceState {
  name: string;
  /** The configured description; null when there is none. */
  description: string | null;
  /** Administratively enabled (not shut down). */
  enabled: boolean;
  /** Operationally up (link and protocol). */
  up: boolean;
  /** Negotiated or configured speed in megabits per second; null when the device does not say. */
  speedMbps: number | null;
  mtu: number | null;
  /** Lower-case colon form; null for interfaces without one (loopbacks, tunnels). */
  macAddress: string | null;
  /** Seconds since the operational state last changed; null when the device does not say. */
  lastFlappedSeconds: number | null;
}

/** One address with its prefix length. */
export interface InterfaceAddress {
  address: string;
  prefixLength: number;
}

/** The addresses of one interface (NAPALM's `get_interfaces_ip`). Interfaces without any are left out. */
export interface InterfaceIp {
  name: string;
  ipv4: InterfaceAddress[];
  ipv6: InterfaceAddress[];
}

/** Interface state and addresses. */
export interface Interfaces {
  getInterfaces(options?: GetterOptions): Promise<InterfaceState[]>;
  getInterfacesIp(options?: GetterOptions): Promise<InterfaceIp[]>;
}

/** The `patchbay.Interfaces` capability token. */
export const Interfaces: Capability<Interfaces> = defineCapability<Interfaces>()("patchbay.Interfaces", [
  "getInterfaces",
  "getInterfacesIp",
]);

/** The schema of `getInterfaces()`'s result. */
export const interfacesSchema: z.ZodType<InterfaceState[]> = z.array(
  z.strictObject({
    name: z.string().min(1),
    description: z.string().nullable(),
    enabled: z.boolean(),
    up: z.boolean(),
    speedMbps: z.number().nonnegative().nullable(),
    mtu: countOrNull,
    macAddress: macAddressSchema.nullable(),
    lastFlappedSeconds: z.number().nonnegative().nullable(),
  }),
);

const v4 = z.strictObject({ address: z.ipv4(), prefixLength: z.number().int().min(0).max(32) });
const v6 = z.strictObject({ address: z.ipv6(), prefixLength: z.number().int().min(0).max(128) });

/** The schema of `getInterfacesIp()`'s result. */
export const interfacesIpSchema: z.ZodType<InterfaceIp[]> = z.array(
  z.strictObject({ name: z.string().min(1), ipv4: z.array(v4), ipv6: z.array(v6) }),
);
