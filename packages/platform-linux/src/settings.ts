import { type ConnectorSettings, defineConnectorSettings, type SettingSpec } from "@patchbay/core";
import { z } from "zod";

const keys = {
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
} satisfies Record<string, SettingSpec>;

/** Settings of the Linux plugins, read from `device.data.linux`. */
export const linuxSettings: ConnectorSettings<typeof keys> = defineConnectorSettings("linux", keys);
