import { type Capability, defineCapability } from "@patchbay/core";
import { z } from "zod";
import { countOrNull, type GetterOptions } from "./common.ts";

/** The BGP finite-state machine's states (RFC 4271), lower case. */
export type BgpState = "idle" | "connect" | "active" | "opensent" | "openconfirm" | "established";

/** Prefix counts of one address family; null when the device does not say. */
export interface BgpPrefixCounts {
  receivedPrefixes: number | null;
  acceptedPrefixes: number | null;
  sentPrefixes: number | null;
}

/** One BGP peer. */
export interface BgpPeer {
  address: string;
  remoteAs: number;
  /** The local AS used towards this peer (differs from the VRF's with `local-as`). */
  localAs: number;
  description: string | null;
  state: BgpState;
  /** Not administratively shut down. */
  enabled: boolean;
  /** Established. */
  up: boolean;
  /** Seconds in the current state when up, null otherwise or when the device does not say. */
  uptimeSeconds: number | null;
  remoteRouterId: string | null;
  /** Keyed by address family as `ipv4-unicast`, `ipv6-unicast`, `l2vpn-evpn`... */
  addressFamilies: Record<string, BgpPrefixCounts>;
}

/** The BGP instance of one VRF (the default VRF is `default`). */
export interface BgpVrf {
  vrf: string;
  localAs: number;
  routerId: string;
  peers: BgpPeer[];
}

/** BGP sessions. */
export interface Bgp {
  getBgpNeighbors(options?: GetterOptions): Promise<BgpVrf[]>;
}

/** The `patchbay.Bgp` capability token. */
export const Bgp: Capability<Bgp> = defineCapability<Bgp>()("patchbay.Bgp", ["getBgpNeighbors"]);

const asn = z.number().int().min(0).max(4_294_967_295);

/** The schema of `getBgpNeighbors()`'s result. */
export const bgpNeighborsSchema: z.ZodType<BgpVrf[]> = z.array(
  z.strictObject({
    vrf: z.string().min(1),
    localAs: asn,
    routerId: z.ipv4(),
    peers: z.array(
      z.strictObject({
        address: z.union([z.ipv4(), z.ipv6(), z.string().min(1)]),
        remoteAs: asn,
        localAs: asn,
        description: z.string().nullable(),
        state: z.enum(["idle", "connect", "active", "opensent", "openconfirm", "established"]),
        enabled: z.boolean(),
        up: z.boolean(),
        uptimeSeconds: z.number().nonnegative().nullable(),
        remoteRouterId: z.ipv4().nullable(),
        addressFamilies: z.record(
          z.string().regex(/^[a-z0-9]+-[a-z0-9-]+$/),
          z.strictObject({
            receivedPrefixes: countOrNull,
            acceptedPrefixes: countOrNull,
            sentPrefixes: countOrNull,
          }),
        ),
      }),
    ),
  }),
);

/** Normalises a vendor's BGP state word (`Established`, `OpenSent`, `Idle (Admin)`) to a {@link BgpState}. */
export function normalizeBgpState(value: string): BgpState | null {
  const word = value.trim().toLowerCase().split(/[\s(]/)[0] ?? "";
  const states: readonly BgpState[] = ["idle", "connect", "active", "opensent", "openconfirm", "established"];
  return states.find((s) => s === word) ?? null;
}
