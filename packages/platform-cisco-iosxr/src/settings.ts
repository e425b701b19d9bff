import { type ConnectorSettings, defineConnectorSettings, type SettingSpec } from "@patchbay/core";
import { z } from "zod";

/** The keys of {@link iosxrSettings}, typed out for declaration emit. */
export type IosxrSettingKeys = {
  lockCandidate: SettingSpec<z.ZodBoolean> & { default: boolean };
  commandTimeoutMs: SettingSpec<z.ZodNumber> & { default: number };
};

const keys: IosxrSettingKeys = {
  lockCandidate: {
    schema: z.boolean(),
    default: true,
    description:
      "NETCONF: lock the candidate from the first loadConfig until commit or discard, so no other session changes it meanwhile.",
  },
  commandTimeoutMs: {
    schema: z.number().int().positive(),
    default: 60_000,
    description: "SSH CLI: default time limit of one command, in milliseconds.",
  },
};

/** Settings of the IOS-XR plugins, read from `device.data.iosxr` (NETCONF options stay in `device.data.netconf`). */
export const iosxrSettings: ConnectorSettings<IosxrSettingKeys> = defineConnectorSettings("iosxr", keys);
