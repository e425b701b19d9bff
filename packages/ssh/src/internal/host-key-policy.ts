// The host key policy (owned with known-hosts.ts): moved here unchanged from connection.ts.
import type { BigIntStats } from "node:fs";
import { stat } from "node:fs/promises";
import type { Logger } from "@patchbay/core";
import type { HostKeyRejection } from "../errors.ts";
import {
  appendKnownHost,
  checkHostKey,
  fingerprint,
  type KnownHostEntry,
  knownHostName,
  readKnownHosts,
} from "../known-hosts.ts";
import type { ResolvedSshOptions } from "../options.ts";

// The parsed known_hosts file per path, reused while the file's identity, size and times stay the
// same: a fleet checks every host against one file, which was read and parsed again for each host
// (hosts x lines of work; 1,000 hosts spent 8% of their CPU there). The stamp is taken before the
// read, so a file changed meanwhile is read again on the next check. A file modified in the last
// FRESH_MS is not kept (as git treats "racy" entries): file times are coarser than a write, so two
// writes of the same size in one tick would look alike.
const FRESH_MS = 2000;
interface ParsedFile {
  stamp: string;
  // Entries by the lowercased name of a plain (no wildcard, ASCII) pattern; the entries with any other
  // pattern (wildcards, hashed names, non-ASCII) may match any host and are always checked.
  byName: Map<string, number[]>;
  others: number[];
  entries: readonly KnownHostEntry[];
}
const PARSED = new Map<string, ParsedFile>();

function index(stamp: string, entries: readonly KnownHostEntry[]): ParsedFile {
  const byName = new Map<string, number[]>();
  const others: number[] = [];
  entries.forEach((entry, i) => {
    const plain = entry.patterns.filter((p) => !p.startsWith("!"));
    if (plain.some((p) => p.startsWith("|") || /[*?]|[\u0080-\uffff]/.test(p))) others.push(i);
    else
      for (const name of new Set(plain.map((p) => p.toLowerCase()))) {
        const list = byName.get(name);
        if (list === undefined) byName.set(name, [i]);
        else list.push(i);
      }
  });
  return { stamp, byName, others, entries };
}

// The entries that may name `host:port`, in file order: the others cannot match it, so checking
// only these gives the same result as checking every entry.
async function knownHostEntries(
  path: string,
  host: string,
  port: number,
): Promise<readonly KnownHostEntry[]> {
  let s: BigIntStats;
  try {
    s = await stat(path, { bigint: true });
  } catch {
    PARSED.delete(path);
    return readKnownHosts(path);
  }
  const stamp = `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  let file = PARSED.get(path);
  if (file?.stamp !== stamp) {
    file = index(stamp, await readKnownHosts(path));
    if (PARSED.size >= 64) PARSED.clear();
    if (Date.now() - Number(s.mtimeMs) > FRESH_MS) PARSED.set(path, file);
    else PARSED.delete(path);
  }
  const name = knownHostName(host, port);
  // A non-ASCII name is checked against every entry (case folding differs outside ASCII).
  if (/[\u0080-\uffff]/.test(name)) return file.entries;
  const named = file.byName.get(name.toLowerCase()) ?? [];
  const picked = file.others.length === 0 ? named : [...named, ...file.others].sort((a, b) => a - b);
  const entries = file.entries;
  return picked.map((i) => entries[i] as KnownHostEntry);
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
  const entries = await knownHostEntries(knownHostsPath, host, port);
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
