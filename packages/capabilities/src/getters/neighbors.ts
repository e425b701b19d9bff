import { type Capability, defineCapability } from "@patchbay/core";
import { z } from "zod";
import type { GetterOptions } from "./common.ts";

/** One LLDP neighbour seen on a local port (NAPALM's `get_lldp_neighbors_detail`, trimmed). */
export interface LldpNeighbor {
  localPort: string;
  remoteSystemName: string | null;
  /** The remote port id (its name when the neighbour sends one). */
  remotePort: string | null;
  remotePortDescription: string | null;
  chassisId: string | null;
  /** Enabled system capabilities, lower case: `bridge`, `router`, `station`, `wlan`... */
  capabilities: string[];
}

/** Link-layer neighbours. */
export interface Neighbors {
  getLldpNeighbors(options?: GetterOptions): Promise<LldpNeighbor[]>;
}

/** The `patchbay.Neighbors` capability token. */
export const Neighbors: Capability<Neighbors> = defineCapability<Neighbors>()("patchbay.Neighbors", [
  "getLldpNeighbors",
]);

/** The schema of `getLldpNeighbors()`'s result. */
export const lldpNeighborsSchema: z.ZodType<LldpNeighbor[]> = z.array(
  z.strictObject({
    localPort: z.string().min(1),
    remoteSystemName: z.string().nullable(),
    remotePort: z.string().nullable(),
    remotePortDescription: z.string().nullable(),
    chassisId: z.string().nullable(),
    capabilities: z.array(z.string().regex(/^[a-z][a-z0-9-]*$/)),
  }),
);
