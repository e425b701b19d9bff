import { type Capability, defineCapability } from "@patchbay/core";
import { z } from "zod";
import type { GetterOptions } from "./common.ts";

/** One VLAN and its member interfaces. */
export interface Vlan {
  id: number;
  name: string | null;
  interfaces: string[];
}

/** VLANs. */
export interface Vlans {
  getVlans(options?: GetterOptions): Promise<Vlan[]>;
}

/** The `patchbay.Vlans` capability token. */
export const Vlans: Capability<Vlans> = defineCapability<Vlans>()("patchbay.Vlans", ["getVlans"]);

/** The schema of `getVlans()`'s result. */
export const vlansSchema: z.ZodType<Vlan[]> = z.array(
  z.strictObject({
    id: z.number().int().min(1).max(4094),
    name: z.string().nullable(),
    interfaces: z.array(z.string().min(1)),
  }),
);
