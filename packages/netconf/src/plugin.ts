import { ConnectionPlugin, type Device, type PluginContext } from "@patchbay/core";
import { type SshOptions, validateSshDevice } from "@patchbay/ssh";
import { NetconfConnection } from "./connection.ts";
import type { NetconfSession } from "./session.ts";
import { type NetconfOptions, resolveNetconfOptions } from "./settings.ts";

/**
 * Base class of NETCONF platform plugins: builds a `NetconfConnection` from the device (NETCONF
 * options from `netconfOptions()` and `device.data.netconf`, SSH options from `sshOptions()` and
 * `device.data.ssh`). Subclasses add the capability methods of their platform over `this.netconf`.
 */
export abstract class NetconfPlugin extends ConnectionPlugin<NetconfSession> {
  static readonly connectionType: "netconf" = "netconf";
  static readonly connectionLibrary: "ssh2" = "ssh2";

  constructor(device: Device, context: PluginContext) {
    super(device, context);
    validateSshDevice(device, this.sshOptions());
    // Surface bad device.data.netconf now rather than at connect time.
    resolveNetconfOptions(device, this.netconfOptions());
  }

  /** NETCONF options; override to set platform defaults (port, timeouts, capabilities). */
  protected netconfOptions(): NetconfOptions {
    return {};
  }

  /** SSH options under the session; override for platform defaults (algorithms, timeouts). */
  protected sshOptions(): SshOptions {
    return {};
  }

  protected createConnection(): NetconfConnection {
    return new NetconfConnection({
      device: this.device,
      options: this.netconfOptions(),
      sshOptions: this.sshOptions(),
      logger: this.logger,
    });
  }

  /** The NETCONF connection; throws when `initializeConnection` has not run. */
  get netconf(): NetconfConnection {
    const connection = this.connection;
    if (!(connection instanceof NetconfConnection)) this.getRawConnection();
    return connection as NetconfConnection;
  }
}
