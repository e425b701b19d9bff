import { type ConnectorSettings, defineConnectorSettings, type SettingSpec } from "@patchbay/core";
import { z } from "zod";

/** The keys of {@link frrSettings}, typed out for declaration emit. */
export type FrrSettingKeys = {
  saveOnCommit: SettingSpec<z.ZodBoolean> & { default: boolean };
  commandTimeoutMs: SettingSpec<z.ZodNumber> & { default: number };
};

const keys: FrrSettingKeys = {
  saveOnCommit: {
    schema: z.boolean(),
    default: false,
    description:
      "Run `write memory` after a successful commit, so the change survives a restart of FRR. Off: a commit changes the running configuration only.",
  },
  commandTimeoutMs: {
    schema: z.number().int().positive(),
    default: 60_000,
    description: "Default time limit of one vtysh command, in milliseconds (large `show` outputs need time).",
  },
};

/** Settings of the FRR plugin, read from `device.data.frr`. */
export const frrSettings: ConnectorSettings<FrrSettingKeys> = defineConnectorSettings("frr", keys);
