import type { Capability } from "@patchbay/core";
import type { z } from "zod";
import { Arp, arpTableSchema } from "./arp.ts";
import { Bgp, bgpNeighborsSchema } from "./bgp.ts";
import { Interfaces, interfacesIpSchema, interfacesSchema } from "./interfaces.ts";
import { MacTable, macTableSchema } from "./mac-table.ts";
import { lldpNeighborsSchema, Neighbors } from "./neighbors.ts";
import { Routes, routesSchema } from "./routes.ts";
import { Vlans, vlansSchema } from "./vlans.ts";

/** One normalised getter: its command-line name, where it lives and the schema of its result. */
export interface GetterDescriptor {
  /** The name `patchbay show` takes: `interfaces`, `bgp-neighbors`, `route-to`... */
  readonly name: string;
  readonly capability: Capability<object>;
  readonly method: string;
  readonly schema: z.ZodType<unknown>;
  /** `route-to` takes a prefix; the others take nothing but options. */
  readonly takesPrefix: boolean;
  readonly description: string;
}

/** Every normalised getter, in the order `patchbay show` lists them. */
export const GETTERS: readonly GetterDescriptor[] = Object.freeze([
  g(
    "interfaces",
    Interfaces,
    "getInterfaces",
    interfacesSchema,
    "admin/oper state, speed, MTU, MAC per interface",
  ),
  g(
    "interfaces-ip",
    Interfaces,
    "getInterfacesIp",
    interfacesIpSchema,
    "IPv4 and IPv6 addresses per interface",
  ),
  g("lldp-neighbors", Neighbors, "getLldpNeighbors", lldpNeighborsSchema, "LLDP neighbours per local port"),
  g(
    "bgp-neighbors",
    Bgp,
    "getBgpNeighbors",
    bgpNeighborsSchema,
    "BGP peers per VRF with state and prefix counts",
  ),
  g("arp", Arp, "getArpTable", arpTableSchema, "the ARP table"),
  g("mac-table", MacTable, "getMacAddressTable", macTableSchema, "the MAC address table"),
  g("vlans", Vlans, "getVlans", vlansSchema, "VLANs and their member interfaces"),
  g("route-to", Routes, "getRouteTo", routesSchema, "routes to a prefix (route-to PREFIX)", true),
]);

function g(
  name: string,
  capability: Capability<object>,
  method: string,
  schema: z.ZodType<unknown>,
  description: string,
  takesPrefix = false,
): GetterDescriptor {
  return Object.freeze({ name, capability, method, schema, takesPrefix, description });
}

/** The getter `patchbay show <name>` means, or undefined. */
export function findGetter(name: string): GetterDescriptor | undefined {
  return GETTERS.find((d) => d.name === name);
}
