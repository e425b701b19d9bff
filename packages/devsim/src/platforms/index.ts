import { linuxData } from "../data/linux.ts";
import type { Engine, EngineContext } from "../internal/engine.ts";
import type { PlatformData } from "../internal/platform-data.ts";
import type { SimPlatform } from "../types.ts";
import { CiscoEngine } from "./cisco-engine.ts";
import { ciscoIosxe } from "./cisco-iosxe.ts";
import { LinuxEngine } from "./linux.ts";

export interface PlatformDefinition {
  defaultHostname: string;
  data: PlatformData;
  createEngine(ctx: EngineContext): Engine;
}

export const PLATFORMS: Readonly<Partial<Record<SimPlatform, PlatformDefinition>>> = {
  cisco_iosxe: {
    defaultHostname: "R1",
    data: ciscoIosxe.data,
    createEngine: (ctx) => new CiscoEngine(ciscoIosxe, ctx),
  },
  linux: { defaultHostname: "host", data: linuxData, createEngine: (ctx) => new LinuxEngine(ctx) },
};
