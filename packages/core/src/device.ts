import { ConnectionValidationError, type InvalidField } from "./errors.ts";

/** A platform given as an object, as some inventories do. */
export interface PlatformRef {
  shortName: string;
}

/** What a caller may pass to describe a device. */
export interface DeviceInput {
  /** Stable id used in logs and errors. @default the host */
  id?: string;
  /** Host name or address. */
  host?: string;
  /** Alias of `host`. */
  ip?: string;
  /** TCP port; each connection type has its own default (22 for SSH, 830 for NETCONF...). */
  port?: number;
  username?: string;
  password?: string;
  /** Platform id such as `cisco_ios`, or `{ shortName }`. */
  platform?: string | PlatformRef;
  /** Free-form per-device data: connector settings, facts, anything the caller keeps with the host. */
  data?: Record<string, unknown>;
}

/** A validated device. */
export interface Device {
  readonly id: string;
  readonly host: string;
  readonly port: number | undefined;
  readonly username: string | undefined;
  readonly password: string | undefined;
  /** Normalised platform id (lower case, `-` and spaces become `_`). */
  readonly platform: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** `Cisco-IOS` and `{ shortName: "cisco ios" }` both become `cisco_ios`. */
export function normalizePlatform(platform: string | PlatformRef): string {
  const raw = typeof platform === "string" ? platform : platform.shortName;
  return raw
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
}

const PLATFORM_ID = /^[a-z0-9][a-z0-9_]*$/;

/**
 * Validates device input and returns a `Device`. Every problem is reported at once in one
 * `ConnectionValidationError` (`missingFields`, `invalidFields`, `deviceId`).
 *
 * `required` adds fields a connection type needs (for example `["username"]` for SSH).
 */
export function createDevice(
  input: DeviceInput | Device,
  required: readonly ("username" | "password" | "port")[] = [],
): Device {
  if (typeof input !== "object" || input === null) {
    throw new ConnectionValidationError({
      invalidFields: [{ field: "device", reason: "must be an object" }],
    });
  }
  const missing: string[] = [];
  const invalid: InvalidField[] = [];
  const raw = input as DeviceInput;
  const host = raw.host ?? raw.ip;
  const deviceId =
    typeof raw.id === "string" && raw.id !== "" ? raw.id : typeof host === "string" ? host : undefined;

  if (host === undefined || host === "") missing.push("host");
  else if (typeof host !== "string") invalid.push({ field: "host", reason: "must be a string" });

  let platform: string | undefined;
  if (raw.platform === undefined || raw.platform === null || raw.platform === "") missing.push("platform");
  else if (
    typeof raw.platform === "string" ||
    (typeof raw.platform === "object" && typeof raw.platform.shortName === "string")
  ) {
    platform = normalizePlatform(raw.platform);
    if (!PLATFORM_ID.test(platform)) {
      invalid.push({
        field: "platform",
        reason: `"${platform}" is not a platform id (letters, digits and _)`,
      });
    }
  } else invalid.push({ field: "platform", reason: "must be a string or an object with shortName" });

  if (raw.port !== undefined && (!Number.isInteger(raw.port) || raw.port < 1 || raw.port > 65535)) {
    invalid.push({
      field: "port",
      reason: `must be an integer from 1 to 65535, got ${JSON.stringify(raw.port)}`,
    });
  }
  for (const field of ["username", "password", "id"] as const) {
    const v = raw[field];
    if (v !== undefined && typeof v !== "string") invalid.push({ field, reason: "must be a string" });
  }
  if (
    raw.data !== undefined &&
    (typeof raw.data !== "object" || raw.data === null || Array.isArray(raw.data))
  ) {
    invalid.push({ field: "data", reason: "must be an object" });
  }
  for (const field of required) {
    if (raw[field] === undefined || raw[field] === "") missing.push(field);
  }
  if (missing.length > 0 || invalid.length > 0) {
    throw new ConnectionValidationError({
      missingFields: missing,
      invalidFields: invalid,
      deviceId,
      host: typeof host === "string" ? host : undefined,
      platform,
    });
  }
  return Object.freeze({
    id: deviceId as string,
    host: host as string,
    port: raw.port,
    username: raw.username,
    password: raw.password,
    platform: platform as string,
    data: Object.freeze({ ...(raw.data ?? {}) }),
  });
}

/** The secrets of a device, for masking in logs and messages. */
export function deviceSecrets(device: Pick<Device, "password" | "data">): string[] {
  const out: string[] = [];
  if (device.password) out.push(device.password);
  for (const key of ["secret", "enableSecret", "enablePassword", "passphrase", "token"]) {
    const v = device.data[key];
    if (typeof v === "string" && v !== "") out.push(v);
  }
  return out;
}
