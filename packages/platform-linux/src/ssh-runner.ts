import type { ProcessRunner } from "@patchbay/capabilities";
import type { SshConnection } from "@patchbay/ssh";

/** A process runner over SSH exec channels: each command line gets its own channel, without a pty. */
export function sshRunner(ssh: SshConnection): ProcessRunner {
  return async (command, io) => {
    const result = await ssh.exec(command, {
      stdin: io.stdin,
      onStdout: io.onStdout,
      onStderr: io.onStderr,
      ...(io.timeoutMs !== undefined ? { timeoutMs: io.timeoutMs } : {}),
      ...(io.signal !== undefined ? { signal: io.signal } : {}),
    });
    return { exitCode: result.exitCode, signal: result.signal?.replace(/^SIG/, "") ?? null };
  };
}
