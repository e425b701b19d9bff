import { isIPv4, isIPv6 } from "node:net";
import { type Capability, defineCapability } from "@patchbay/core";
import { z } from "zod";
import type { GetterOptions } from "./common.ts";

/** Options of {@link Routes.getRouteTo}. */
export interface GetRouteToOptions extends GetterOptions {
  /** Only routes of this protocol (`bgp`, `static`, `connected`, `ospf`...). */
  protocol?: string;
  /** Also the more specific routes inside the prefix, not only the longest match. @default false */
  longer?: boolean;
}

/** One next hop of a route. */
export interface NextHop {
  /** Null for a directly connected or blackhole route. */
  address: string | null;
  /** Outgoing interface; null when the device does not say. */
  interface: string | null;
  active: boolean;
}

/** One route to (or inside) the prefix asked for. */
export interface Route {
  prefix: string;
  /** Lower case: `bgp`, `static`, `connected`, `kernel`, `ospf`, `isis`, `local`... */
  protocol: string;
  /** Installed in the forwarding table (the best route). */
  active: boolean;
  /** Administrative distance / preference; null when the device does not say. */
  preference: number | null;
  metric: number | null;
  /** The VRF the route is in; `default` for the global table. */
  vrf: string;
  nextHops: NextHop[];
}

/** Route lookups. */
export interface Routes {
  getRouteTo(prefix: string, options?: GetRouteToOptions): Promise<Route[]>;
}

/** The `patchbay.Routes` capability token. */
export const Routes: Capability<Routes> = defineCapability<Routes>()("patchbay.Routes", ["getRouteTo"]);

const PREFIX = /^([0-9.]+|[0-9a-fA-F:.]+)\/\d{1,3}$/;

/** The schema of `getRouteTo()`'s result. */
export const routesSchema: z.ZodType<Route[]> = z.array(
  z.strictObject({
    prefix: z.string().regex(PREFIX, "a prefix as address/length"),
    protocol: z.string().regex(/^[a-z][a-z0-9-]*$/),
    active: z.boolean(),
    preference: z.number().int().nonnegative().nullable(),
    metric: z.number().int().nonnegative().nullable(),
    vrf: z.string().min(1),
    nextHops: z.array(
      z.strictObject({
        address: z.union([z.ipv4(), z.ipv6()]).nullable(),
        interface: z.string().min(1).nullable(),
        active: z.boolean(),
      }),
    ),
  }),
);

/** A prefix or address split into its parts; `length` defaults to the host length (32 or 128). */
export interface ParsedPrefix {
  address: string;
  length: number;
  family: 4 | 6;
  /** `address/length`. */
  prefix: string;
}

/**
 * Reads `10.0.0.0/8`, `10.1.2.3` (a host route), `2001:db8::/32`. Returns null for anything else,
 * including text a device would read as a command (spaces, `|`, quotes), so a getter can refuse it
 * before sending anything.
 */
export function parsePrefix(value: string): ParsedPrefix | null {
  const m = /^([0-9A-Fa-f:.]+)(?:\/(\d{1,3}))?$/.exec(value.trim());
  if (!m) return null;
  const address = m[1] as string;
  const family = isIPv4(address) ? 4 : isIPv6(address) ? 6 : 0;
  if (family === 0) return null;
  const max = family === 4 ? 32 : 128;
  const length = m[2] === undefined ? max : Number(m[2]);
  if (length > max) return null;
  return { address, length, family, prefix: `${address}/${length}` };
}
