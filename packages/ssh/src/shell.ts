import type { OperationOptions } from "@patchbay/core";
import type { ClientChannel } from "ssh2";
import { ChannelTransport, openChannel } from "./internal/channel-transport.ts";
import type { SshSession } from "./internal/session.ts";

/** Options of `openShell`. */
export interface OpenShellOptions extends OperationOptions {
  /** Terminal width; wide, so devices do not wrap long lines. @default 511 */
  cols?: number;
  /** Terminal height; tall, so fewer devices page. @default 1000 */
  rows?: number;
  /** Terminal type. @default "vt100" */
  term?: string;
  /** Environment variables for the shell (the server must accept them). */
  env?: Record<string, string>;
}

/**
 * An interactive shell on a pseudo-terminal. Data arrives as the raw Buffers ssh2 gives, in
 * order; data that arrives before the first `onData` listener is held and delivered to it. A terminal
 * mixes stderr into its output, and so does this.
 */
export class SshShell extends ChannelTransport {
  constructor(channel: ClientChannel, session: SshSession) {
    super(channel, session, "the shell", "data");
  }

  /** Changes the terminal size. */
  resize(cols: number, rows: number): void {
    if (!this.closed) this.channel.setWindow(rows, cols, 0, 0);
  }
}

/** Opens a pty shell channel. */
export async function openShell(session: SshSession, options: OpenShellOptions = {}): Promise<SshShell> {
  const window = {
    term: options.term ?? "vt100",
    cols: options.cols ?? 511,
    rows: options.rows ?? 1000,
    width: 0,
    height: 0,
  };
  const channel = await openChannel(
    session,
    { ...session.context, command: "shell" },
    "opening a shell",
    options,
    (callback) => session.client.shell(window, options.env ? { env: options.env } : {}, callback),
    (err) => `could not open a shell: ${err.message}`,
  );
  return new SshShell(channel, session);
}
