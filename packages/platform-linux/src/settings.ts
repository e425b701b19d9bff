import { type ConnectorSettings, defineConnectorSettings, type SettingSpec } from "@patchbay/core";
import { z } from "zod";

/** The keys of {@link linuxSettings}, typed out for declaration emit. */
export type LinuxSettingKeys = {
  sudoPassword: SettingSpec<z.ZodString>;
  tempDirectory: SettingSpec<z.ZodString> & { default: string };
  commandTimeoutMs: SettingSpec<z.ZodNumber> & { default: number };
};

const keys: LinuxSettingKeys = {
  sudoPassword: {
    schema: z.string().min(1),
    secret: true,
    description:
      "Password sudo asks for (sent over stdin, never in argv). Defaults to the login password when the device has one.",
  },
  tempDirectory: {
    schema: z.string().regex(/^\//, "must be an absolute path"),
    default: "/tmp",
    description: "Remote directory for temporary files of sudo transfers.",
  },
  commandTimeoutMs: {
    schema: z.number().int().positive(),
    default: 60_000,
    description: "Default time limit of one shell command, in milliseconds.",
  },
};

/** Settings of the Linux plugins, read from `device.data.linux`. */
export const linuxSettings: ConnectorSettings<LinuxSettingKeys> = defineConnectorSettings("linux", keys);
