import { type ConnectorSettings, defineConnectorSettings, type SettingSpec } from "@patchbay/core";
import { z } from "zod";

/** The keys of {@link netconfPlatformSettings}, typed out for declaration emit. */
export type NetconfPlatformSettingKeys = {
  vendor: SettingSpec<z.ZodString> & { default: string };
  datastore: SettingSpec<z.ZodEnum<{ auto: "auto"; candidate: "candidate"; running: "running" }>> & {
    default: "auto" | "candidate" | "running";
  };
  lockDatastore: SettingSpec<z.ZodBoolean> & { default: boolean };
};

const keys: NetconfPlatformSettingKeys = {
  vendor: {
    schema: z.string(),
    default: "",
    description: "The vendor reported in facts (ietf-system does not name one).",
  },
  datastore: {
    schema: z.enum(["auto", "candidate", "running"]),
    default: "auto",
    description:
      "Where configuration changes go: auto (the candidate when the server has one, else running), candidate, or running.",
  },
  lockDatastore: {
    schema: z.boolean(),
    default: true,
    description:
      "Lock the datastore while changing it (the candidate from the first loadConfig to commit or discard; running during commitConfig).",
  },
};

/**
 * Settings of the generic NETCONF platform, read from `device.data.netconfPlatform` (NETCONF
 * session options stay in `device.data.netconf`, SSH ones in `device.data.ssh`).
 */
export const netconfPlatformSettings: ConnectorSettings<NetconfPlatformSettingKeys> = defineConnectorSettings(
  "netconfPlatform",
  keys,
);
