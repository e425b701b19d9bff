import { type ConnectorSettings, defineConnectorSettings, type SettingSpec } from "@patchbay/core";
import { z } from "zod";

/** The keys of {@link ciscoNxosSettings}, typed out for declaration emit. */
export type CiscoNxosSettingKeys = {
  commandTimeoutMs: SettingSpec<z.ZodNumber> & { default: number };
  configSessions: SettingSpec<z.ZodBoolean> & { default: boolean };
  sessionPrefix: SettingSpec<z.ZodString> & { default: string };
};

const keys: CiscoNxosSettingKeys = {
  commandTimeoutMs: {
    schema: z.number().int().positive(),
    default: 60_000,
    description: "Default time limit of one CLI command, in milliseconds.",
  },
  configSessions: {
    schema: z.boolean(),
    default: true,
    description:
      "Commit changes over the CLI through a configuration session (`configure session`), so a rejected line leaves nothing applied. Turn off for images or roles without sessions: lines then go to `configure terminal` one by one.",
  },
  sessionPrefix: {
    schema: z
      .string()
      .regex(/^[A-Za-z][\w-]{0,20}$/, "letters, digits, - and _, at most 21, starting with a letter"),
    default: "patchbay",
    description:
      "Start of the names of the configuration sessions the CLI plugin opens (a unique suffix is added).",
  },
};

/** Settings of the NX-OS plugins, read from `device.data.nxos`. */
export const ciscoNxosSettings: ConnectorSettings<CiscoNxosSettingKeys> = defineConnectorSettings(
  "nxos",
  keys,
);
