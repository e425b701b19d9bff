import type { ProcessRunner, TransferOptions } from "@patchbay/capabilities";
import type { Device, PluginContext } from "@patchbay/core";
import { resolveSshOptions, SshConnection, validateSshDevice } from "@patchbay/ssh";
import type { Client } from "ssh2";
import type { FileMover } from "./linux-host.ts";
import { LinuxPlugin } from "./linux-plugin.ts";
import { sshRunner } from "./ssh-runner.ts";

/**
 * A Linux host over SSH: shell commands on exec channels (no pty, so stdout and stderr stay apart),
 * files over SFTP, sudo with its password over stdin.
 */
export class LinuxSshPlugin extends LinuxPlugin<Client> {
  constructor(device: Device, context: PluginContext) {
    super(device, context);
    validateSshDevice(device);
    resolveSshOptions(device);
  }

  protected createConnection(): SshConnection {
    return new SshConnection({ device: this.device, logger: this.logger });
  }

  /** The SSH connection (exec, SFTP, shells) for what the capabilities do not cover. */
  get ssh(): SshConnection {
    this.getRawConnection();
    return this.connection as SshConnection;
  }

  protected hostAccess(): { runner: ProcessRunner; files: FileMover } {
    const ssh = this.ssh;
    const options = resolveSshOptions(this.device);
    const files: FileMover = {
      upload: (source, remotePath, o) => ssh.putFile(source, remotePath, withProgress(o)),
      download: (remotePath, destination, o) => ssh.getFile(remotePath, destination, withProgress(o)),
      rsyncTarget: () => {
        if (options.privateKeyPath === undefined) {
          return {
            unsupported:
              "rsync over SSH needs key authentication (privateKeyPath); a password cannot be handed to it safely",
          };
        }
        if (options.jumpHost !== undefined)
          return { unsupported: "rsync through a jump host is not supported yet" };
        const hostKeys =
          options.hostKeyPolicy === "off"
            ? ["-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null"]
            : [
                "-o",
                `StrictHostKeyChecking=${options.hostKeyPolicy === "strict" ? "yes" : "accept-new"}`,
                "-o",
                `UserKnownHostsFile=${options.knownHostsPath}`,
              ];
        const ssh = [
          "ssh",
          "-p",
          String(options.port),
          "-i",
          options.privateKeyPath,
          "-o",
          "BatchMode=yes",
          "-o",
          "IdentitiesOnly=yes",
          ...hostKeys,
        ];
        return {
          args: ["-e", ssh.map(quoteForRsync).join(" ")],
          prefix: `${options.username}@${options.host}:`,
        };
      },
    };
    return { runner: sshRunner(ssh), files };
  }
}

/** Adapts the capability's progress callback (an object) to @patchbay/ssh's (two numbers). */
function withProgress<T extends { onProgress?: TransferOptions["onProgress"] }>(
  options: T,
): Omit<T, "onProgress"> & { onProgress?: (transferred: number, total: number | undefined) => void } {
  const { onProgress, ...rest } = options;
  if (onProgress === undefined) return rest;
  return { ...rest, onProgress: (transferred, total) => onProgress({ transferred, total }) };
}

/** rsync splits `-e` on spaces and honours quotes: quote each word that needs it. */
function quoteForRsync(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
