import { type ConnectorSettings, defineConnectorSettings, type SettingSpec } from "@patchbay/core";
import { z } from "zod";

/** The keys of {@link ciscoIosSettings}, typed out for declaration emit. */
export type CiscoIosSettingKeys = {
  commandTimeoutMs: SettingSpec<z.ZodNumber> & { default: number };
  saveOnCommit: SettingSpec<z.ZodBoolean> & { default: boolean };
};

const keys: CiscoIosSettingKeys = {
  commandTimeoutMs: {
    schema: z.number().int().positive(),
    default: 60_000,
    description: "Default time limit of one CLI command, in milliseconds (SSH CLI plugins).",
  },
  saveOnCommit: {
    schema: z.boolean(),
    default: false,
    description:
      "Copy the running configuration to startup after each successful commit (`write memory` over the CLI, `copy-config` running to startup over NETCONF), so a reload keeps the change.",
  },
};

/** Settings of the IOS / IOS-XE plugins, read from `device.data.ios`. */
export const ciscoIosSettings: ConnectorSettings<CiscoIosSettingKeys> = defineConnectorSettings("ios", keys);
