import { type ConnectorSettings, defineConnectorSettings, type SettingSpec } from "@patchbay/core";
import { z } from "zod";

/** The keys of {@link aristaEosSettings}, typed out for declaration emit. */
export type AristaEosSettingKeys = {
  commandTimeoutMs: SettingSpec<z.ZodNumber> & { default: number };
  sessionPrefix: SettingSpec<z.ZodString> & { default: string };
  saveOnCommit: SettingSpec<z.ZodBoolean> & { default: boolean };
};

const keys: AristaEosSettingKeys = {
  commandTimeoutMs: {
    schema: z.number().int().positive(),
    default: 60_000,
    description: "Default time limit of one command (CLI) or request (eAPI), in milliseconds.",
  },
  sessionPrefix: {
    schema: z
      .string()
      .regex(/^[A-Za-z][\w-]{0,20}$/, "letters, digits, - and _, at most 21, starting with a letter"),
    default: "patchbay",
    description:
      "Start of the names of the configuration sessions the plugins open (a unique suffix is added).",
  },
  saveOnCommit: {
    schema: z.boolean(),
    default: false,
    description:
      "Copy the running configuration to startup (`write memory`) after each commit that changed something.",
  },
};

/** Settings of the EOS plugins, read from `device.data.eos`. */
export const aristaEosSettings: ConnectorSettings<AristaEosSettingKeys> = defineConnectorSettings(
  "eos",
  keys,
);
