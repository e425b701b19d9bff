import type { OperationOptions } from "@patchbay/core";
import type { ClientChannel } from "ssh2";
import { ChannelTransport, openChannel } from "./internal/channel-transport.ts";
import type { SshSession } from "./internal/session.ts";

/** Options of `openSubsystem`. */
export interface OpenSubsystemOptions extends OperationOptions {}

/**
 * A channel running an SSH subsystem (`netconf`, `sftp`...): a plain byte stream without a
 * terminal. Data arrives as the raw Buffers ssh2 gives, in order; data that arrives before the
 * first `onData` listener is held and delivered to it. Whatever the subsystem writes to stderr is
 * logged at debug level, never mixed into the data.
 */
export class SshSubsystem extends ChannelTransport {
  /** The subsystem's name. */
  readonly name: string;

  constructor(name: string, channel: ClientChannel, session: SshSession) {
    super(channel, session, `the ${name} subsystem`, "log");
    this.name = name;
  }
}

/** Opens a subsystem channel. */
export async function openSubsystem(
  session: SshSession,
  name: string,
  options: OpenSubsystemOptions = {},
): Promise<SshSubsystem> {
  const channel = await openChannel(
    session,
    { ...session.context, command: `subsystem ${name}` },
    `opening the ${name} subsystem`,
    options,
    (callback) => session.client.subsys(name, callback),
    (err) =>
      `the server refused the "${name}" subsystem (${err.message}). Check that the server enables it on this port.`,
  );
  return new SshSubsystem(name, channel, session);
}
