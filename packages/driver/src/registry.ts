import { PlatformDefinitionError } from "./errors.ts";
import { definePlatform, type PlatformDefinition, type PlatformDefinitionInput } from "./platform.ts";
import { aristaEos } from "./platforms/arista-eos.ts";
import { bird } from "./platforms/bird.ts";
import { ciscoIosxe } from "./platforms/cisco-iosxe.ts";
import { ciscoIosxr } from "./platforms/cisco-iosxr.ts";
import { ciscoNxos } from "./platforms/cisco-nxos.ts";
import { frr } from "./platforms/frr.ts";
import { juniperJunos } from "./platforms/juniper-junos.ts";
import { linux } from "./platforms/linux.ts";
import { nokiaSrlinux } from "./platforms/nokia-srlinux.ts";

const BUILT_IN: ReadonlyMap<string, PlatformDefinition> = new Map(
  [ciscoIosxe, ciscoNxos, ciscoIosxr, aristaEos, juniperJunos, linux, frr, bird, nokiaSrlinux].map((d) => [
    d.id,
    d,
  ]),
);

// Shared across copies of this package in one process.
const KEY: unique symbol = Symbol.for("@patchbay/driver/platform-definitions") as never;

function registered(): Map<string, PlatformDefinition> {
  const g = globalThis as { [KEY]?: Map<string, PlatformDefinition> };
  g[KEY] ??= new Map();
  return g[KEY];
}

/** Validates and registers a platform definition; a registered id takes precedence over a built-in. */
export function registerPlatformDefinition(
  definition: PlatformDefinitionInput | PlatformDefinition,
): PlatformDefinition {
  const valid = definePlatform(definition as PlatformDefinitionInput);
  registered().set(valid.id, valid);
  return valid;
}

/** Removes a registered definition (built-ins stay). */
export function unregisterPlatformDefinition(id: string): boolean {
  return registered().delete(id);
}

/** The definition for `id`; throws `PlatformDefinitionError` naming the known ids when unknown. */
export function getPlatformDefinition(id: string): PlatformDefinition {
  const found = registered().get(id) ?? BUILT_IN.get(id);
  if (found !== undefined) return found;
  const known = listPlatformDefinitions().map((d) => d.id);
  throw new PlatformDefinitionError({
    platform: id,
    field: "id",
    reason: `is not a known platform (known: ${known.join(", ")}); register one with registerPlatformDefinition()`,
  });
}

/** Every available definition: built-ins, overridden or extended by registered ones. */
export function listPlatformDefinitions(): PlatformDefinition[] {
  const out = new Map(BUILT_IN);
  for (const [id, d] of registered()) out.set(id, d);
  return [...out.values()];
}
