import { type ConnectorSettings, defineConnectorSettings, type SettingSpec } from "@patchbay/core";
import { z } from "zod";

/** The keys of {@link srlinuxSettings}, typed out for declaration emit. */
export type SrlinuxSettingKeys = {
  commandTimeoutMs: SettingSpec<z.ZodNumber> & { default: number };
  saveOnCommit: SettingSpec<z.ZodBoolean> & { default: boolean };
};

const keys: SrlinuxSettingKeys = {
  commandTimeoutMs: {
    schema: z.number().int().positive(),
    default: 60_000,
    description:
      "Default time limit of one CLI command or JSON-RPC request, in milliseconds (`info from running` of a large configuration needs time).",
  },
  saveOnCommit: {
    schema: z.boolean(),
    default: false,
    description:
      "Run `save startup` after a commit over the CLI that changed something, so the change survives a reboot.",
  },
};

/** Settings of the SR Linux plugins, read from `device.data.srlinux`. */
export const srlinuxSettings: ConnectorSettings<SrlinuxSettingKeys> = defineConnectorSettings(
  "srlinux",
  keys,
);
