import { aristaEosData } from "../data/arista-eos.ts";
import { juniperJunosData } from "../data/juniper-junos.ts";
import { linuxData } from "../data/linux.ts";
import { nokiaSrlinuxData } from "../data/nokia-srlinux.ts";
import type { Engine, EngineContext } from "../internal/engine.ts";
import type { PlatformData } from "../internal/platform-data.ts";
import type { SimPlatform } from "../types.ts";
import { CiscoEngine, type CiscoFlavor } from "./cisco-engine.ts";
import { aristaEos, ciscoIosxr, ciscoNxos, frr } from "./cisco-flavors.ts";
import { ciscoIosxe } from "./cisco-iosxe.ts";
import { JunosEngine } from "./juniper-junos.ts";
import { LinuxEngine } from "./linux.ts";
import { SrlinuxEngine } from "./nokia-srlinux.ts";

export interface PlatformDefinition {
  defaultHostname: string;
  /** Fleet devices are named this prefix plus a number. */
  namePrefix: string;
  data: PlatformData;
  createEngine(ctx: EngineContext): Engine;
}

function cisco(flavor: CiscoFlavor): PlatformDefinition {
  return {
    defaultHostname: "R1",
    namePrefix: "R",
    data: flavor.data,
    createEngine: (ctx) => new CiscoEngine(flavor, ctx),
  };
}

export const PLATFORMS: Readonly<Record<SimPlatform, PlatformDefinition>> = {
  cisco_iosxe: cisco(ciscoIosxe),
  cisco_nxos: cisco(ciscoNxos),
  cisco_iosxr: cisco(ciscoIosxr),
  arista_eos: { ...cisco(aristaEos), data: aristaEosData },
  frr: cisco(frr),
  juniper_junos: {
    defaultHostname: "R1",
    namePrefix: "R",
    data: juniperJunosData,
    createEngine: (ctx) => new JunosEngine(ctx),
  },
  linux: {
    defaultHostname: "host",
    namePrefix: "host",
    data: linuxData,
    createEngine: (ctx) => new LinuxEngine(ctx),
  },
  nokia_srlinux: {
    defaultHostname: "srl1",
    namePrefix: "srl",
    data: nokiaSrlinuxData,
    createEngine: (ctx) => new SrlinuxEngine(ctx),
  },
};
