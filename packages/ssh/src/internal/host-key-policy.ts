// The host key policy (owned with known-hosts.ts): moved here unchanged from connection.ts.
import type { Logger } from "@patchbay/core";
import type { HostKeyRejection } from "../errors.ts";
import { appendKnownHost, checkHostKey, fingerprint, readKnownHosts } from "../known-hosts.ts";
import type { ResolvedSshOptions } from "../options.ts";

/**
 * Step 4: the host key policy. Undefined accepts the key (a match, `off`, or a new key recorded under
 * `accept-new`); a rejection says why, for the error the handshake then raises.
 */
export async function verifyHostKey(
  key: Buffer,
  options: Pick<ResolvedSshOptions, "hostKeyPolicy" | "knownHostsPath" | "host" | "port">,
  logger: Logger,
): Promise<HostKeyRejection | undefined> {
  const { hostKeyPolicy, knownHostsPath, host, port } = options;
  const presented = fingerprint(key);
  if (hostKeyPolicy === "off") {
    logger.warn(
      { event: "hostKeyUnchecked", fingerprint: presented, host, port },
      "host key checking is off; accepting the key unverified",
    );
    return undefined;
  }
  const entries = await readKnownHosts(knownHostsPath);
  const result = checkHostKey(entries, host, port, key);
  switch (result.status) {
    case "match":
      return undefined;
    case "revoked":
      return { reason: "revoked", presented, expected: undefined, knownHostsPath };
    case "mismatch":
      return {
        reason: "mismatch",
        presented,
        expected: result.expected.map((e) => fingerprint(e.key)).join(", "),
        knownHostsPath,
      };
    case "unknown":
      if (hostKeyPolicy === "strict")
        return { reason: "unknown", presented, expected: undefined, knownHostsPath };
      try {
        await appendKnownHost(knownHostsPath, host, port, key);
        logger.info(
          { event: "hostKeyRecorded", fingerprint: presented, knownHostsPath, host, port },
          "recorded new host key",
        );
      } catch (err) {
        logger.warn(
          { err, knownHostsPath },
          "could not record the new host key; accepting it for this connection",
        );
      }
      return undefined;
  }
}
