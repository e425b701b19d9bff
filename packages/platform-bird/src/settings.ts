import { type ConnectorSettings, defineConnectorSettings, type SettingSpec } from "@patchbay/core";
import { z } from "zod";

/** The keys of {@link birdSettings}, typed out for declaration emit. */
export type BirdSettingKeys = {
  configPath: SettingSpec<z.ZodString> & { default: string };
  commandTimeoutMs: SettingSpec<z.ZodNumber> & { default: number };
  ptyRows: SettingSpec<z.ZodNumber> & { default: number };
};

const keys: BirdSettingKeys = {
  configPath: {
    schema: z.string().startsWith("/"),
    default: "/etc/bird/bird.conf",
    description:
      "Absolute path of the configuration file BIRD was started with (`bird -c`). It is read and replaced over SFTP; the SSH user needs write access to it and to its directory.",
  },
  commandTimeoutMs: {
    schema: z.number().int().positive(),
    default: 60_000,
    description:
      "Default time limit of one birdc command, in milliseconds (`show route all` on a full table takes time).",
  },
  ptyRows: {
    schema: z.number().int().min(2).max(10_000),
    default: 1000,
    description:
      "Rows of the pseudo-terminal birdc runs in. birdc pages replies longer than the terminal (`--More--`); the driver answers the pager, so a small value only costs round trips.",
  },
};

/** Settings of the BIRD plugin, read from `device.data.bird`. */
export const birdSettings: ConnectorSettings<BirdSettingKeys> = defineConnectorSettings("bird", keys);
