import { type Capability, defineCapability } from "@patchbay/core";
import { z } from "zod";
import { type GetterOptions, macAddressSchema } from "./common.ts";

/** One MAC address table entry. */
export interface MacEntry {
  macAddress: string;
  /** Null when the entry points at no port (the switch itself, a drop entry). */
  interface: string | null;
  /** Null on a port that is not in a VLAN (a routed port, a plain bridge). */
  vlan: number | null;
  static: boolean;
  active: boolean;
}

/** The layer-2 forwarding table. */
export interface MacTable {
  getMacAddressTable(options?: GetterOptions): Promise<MacEntry[]>;
}

/** The `patchbay.MacTable` capability token. */
export const MacTable: Capability<MacTable> = defineCapability<MacTable>()("patchbay.MacTable", [
  "getMacAddressTable",
]);

/** The schema of `getMacAddressTable()`'s result. */
export const macTableSchema: z.ZodType<MacEntry[]> = z.array(
  z.strictObject({
    macAddress: macAddressSchema,
    interface: z.string().min(1).nullable(),
    vlan: z.number().int().min(1).max(4094).nullable(),
    static: z.boolean(),
    active: z.boolean(),
  }),
);
