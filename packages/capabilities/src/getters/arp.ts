import { type Capability, defineCapability } from "@patchbay/core";
import { z } from "zod";
import { type GetterOptions, macAddressSchema } from "./common.ts";

/** One ARP (IPv4 neighbour) entry. */
export interface ArpEntry {
  interface: string | null;
  /** Null for an incomplete entry (resolution pending or failed). */
  macAddress: string | null;
  ip: string;
  /** Seconds since the entry was learnt or confirmed; null for static entries or when unknown. */
  ageSeconds: number | null;
}

/** The ARP table. */
export interface Arp {
  getArpTable(options?: GetterOptions): Promise<ArpEntry[]>;
}

/** The `patchbay.Arp` capability token. */
export const Arp: Capability<Arp> = defineCapability<Arp>()("patchbay.Arp", ["getArpTable"]);

/** The schema of `getArpTable()`'s result. */
export const arpTableSchema: z.ZodType<ArpEntry[]> = z.array(
  z.strictObject({
    interface: z.string().min(1).nullable(),
    macAddress: macAddressSchema.nullable(),
    ip: z.ipv4(),
    ageSeconds: z.number().nonnegative().nullable(),
  }),
);
