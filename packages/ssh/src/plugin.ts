import {
  ConnectionPlugin,
  ConnectionValidationError,
  createDevice,
  type Device,
  type InvalidField,
  type PluginContext,
} from "@patchbay/core";
import type { Client } from "ssh2";
import { SshConnection } from "./connection.ts";
import type { ExecOptions, ExecResult } from "./exec.ts";
import type { ResolvedSshOptions, SshOptions } from "./options.ts";
import { resolveSshOptions } from "./settings.ts";
import type { GetFileOptions, PutFileOptions, TransferResult, UploadSource } from "./sftp.ts";
import type { OpenShellOptions, SshShell } from "./shell.ts";

/**
 * Validates a device for SSH: `host`, `platform` and `username` present, and some credential
 * (password, private key or agent, from the device or `device.data.ssh` or `options`). Every
 * problem is reported at once in one `ConnectionValidationError`.
 */
export function validateSshDevice(device: Device, options: SshOptions = {}): Device {
  let validated: Device | undefined;
  const missing: string[] = [];
  const invalid: InvalidField[] = [];
  try {
    validated = createDevice(device, options.username === undefined ? ["username"] : []);
  } catch (err) {
    if (!(err instanceof ConnectionValidationError)) throw err;
    missing.push(...err.missingFields);
    invalid.push(...err.invalidFields);
  }
  const data = (device.data?.ssh ?? {}) as SshOptions;
  const hasCredential =
    [options.password, device.password, data.password].some((p) => typeof p === "string" && p !== "") ||
    [options.privateKey, options.privateKeyPath, data.privateKey, data.privateKeyPath].some(
      (k) => k !== undefined,
    ) ||
    [options.agent, data.agent].some((a) => a === true || (typeof a === "string" && a !== ""));
  if (!hasCredential) missing.push("password or privateKey or agent");
  if (missing.length > 0 || invalid.length > 0 || validated === undefined) {
    throw new ConnectionValidationError({
      missingFields: missing,
      invalidFields: invalid,
      deviceId: device.id,
      host: device.host,
      platform: device.platform,
    });
  }
  return validated;
}

/**
 * Checks a device for an SSH plugin at creation, before anything opens: the fields and a credential
 * (`validateSshDevice`) and every key of `device.data.ssh` (`sshConnectorSettings`). Returns the
 * resolved options. For plugins that cannot extend `SshPlugin` (they have another base).
 */
export function checkSshDevice(device: Device, options: SshOptions = {}): ResolvedSshOptions {
  validateSshDevice(device, options);
  return resolveSshOptions(device, options);
}

/**
 * Base class of SSH platform plugins (`SshCliPlugin` in @patchbay/driver is one): checks the device
 * at creation (`checkSshDevice`), builds an `SshConnection` from it (options from `sshOptions()` and
 * `device.data.ssh`) and offers exec, SFTP and shell helpers. Subclasses add the capability methods
 * of their platform and may override `sshOptions()` and `createConnection()`.
 */
export abstract class SshPlugin extends ConnectionPlugin<Client> {
  static readonly connectionType: "ssh" = "ssh";
  static readonly connectionLibrary: "ssh2" = "ssh2";

  constructor(device: Device, context: PluginContext) {
    super(device, context);
    // Surface a bad device or device.data.ssh now rather than at connect time.
    checkSshDevice(device, this.sshOptions());
  }

  /** Options given to the connection; override to set platform defaults (algorithms, timeouts). */
  protected sshOptions(): SshOptions {
    return {};
  }

  protected createConnection(): SshConnection {
    return new SshConnection({ device: this.device, options: this.sshOptions(), logger: this.logger });
  }

  /** The SSH connection; throws when `initializeConnection` has not run. */
  get ssh(): SshConnection {
    const connection = this.connection;
    if (!(connection instanceof SshConnection)) {
      this.getRawConnection();
    }
    return connection as SshConnection;
  }

  async exec(command: string, options?: ExecOptions): Promise<ExecResult> {
    return this.ssh.exec(command, options);
  }

  async putFile(source: UploadSource, remotePath: string, options?: PutFileOptions): Promise<TransferResult> {
    return this.ssh.putFile(source, remotePath, options);
  }

  async getFile(
    remotePath: string,
    destination: string | NodeJS.WritableStream,
    options?: GetFileOptions,
  ): Promise<TransferResult> {
    return this.ssh.getFile(remotePath, destination, options);
  }

  async openShell(options?: OpenShellOptions): Promise<SshShell> {
    return this.ssh.openShell(options);
  }
}
