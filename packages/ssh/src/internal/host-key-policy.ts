// The host key policy (owned with known-hosts.ts): moved here unchanged from connection.ts.
import { stat } from "node:fs/promises";
import type { Logger } from "@patchbay/core";
import type { HostKeyRejection } from "../errors.ts";
import {
  appendKnownHost,
  checkHostKey,
  fingerprint,
  type KnownHostEntry,
  readKnownHosts,
} from "../known-hosts.ts";
import type { ResolvedSshOptions } from "../options.ts";

// The parsed known_hosts file per path, reused while the file's identity, size and times stay the
// same: a fleet checks every host against one file, which was read and parsed again for each host
// (hosts x lines of work; 1,000 hosts spent 8% of their CPU there). The stamp is taken before the
// read, so a file changed meanwhile is read again on the next check.
const PARSED = new Map<string, { stamp: string; entries: readonly KnownHostEntry[] }>();

async function knownHostEntries(path: string): Promise<readonly KnownHostEntry[]> {
  let stamp: string;
  try {
    const s = await stat(path, { bigint: true });
    stamp = `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  } catch {
    PARSED.delete(path);
    return readKnownHosts(path);
  }
  const hit = PARSED.get(path);
  if (hit?.stamp === stamp) return hit.entries;
  const entries = await readKnownHosts(path);
  if (PARSED.size >= 64) PARSED.clear();
  PARSED.set(path, { stamp, entries });
  return entries;
}

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
  const entries = await knownHostEntries(knownHostsPath);
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
