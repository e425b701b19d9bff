import { createHash, createHmac, randomBytes } from "node:crypto";
import { appendFile, mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";

/** One line of an OpenSSH known_hosts file that holds a key. */
export interface KnownHostEntry {
  /** `@cert-authority` or `@revoked`, if the line has one. */
  marker: "cert-authority" | "revoked" | undefined;
  /** Host patterns (`host`, `[host]:port`, wildcards, `!negated`), or one hashed `|1|salt|hash`. */
  patterns: readonly string[];
  /** Key type, for example `ssh-ed25519`. */
  keyType: string;
  /** The public key blob. */
  key: Buffer;
  comment: string | undefined;
  /** 1-based line number in the file. */
  line: number;
}

/** Outcome of looking a host key up. */
export type KnownHostStatus =
  | { status: "match"; entry: KnownHostEntry }
  | { status: "unknown" }
  | { status: "mismatch"; expected: readonly KnownHostEntry[] }
  | { status: "revoked"; entry: KnownHostEntry };

/** Parses an OpenSSH known_hosts file. Comments, blank and malformed lines are skipped. */
export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const trimmed = (lines[i] ?? "").trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const fields = trimmed.split(/\s+/);
    let marker: KnownHostEntry["marker"];
    if (fields[0]?.startsWith("@")) {
      const m = fields.shift();
      if (m === "@cert-authority") marker = "cert-authority";
      else if (m === "@revoked") marker = "revoked";
      else continue;
    }
    const [hosts, keyType, keyB64, ...rest] = fields;
    if (hosts === undefined || keyType === undefined || keyB64 === undefined) continue;
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(keyB64)) continue;
    entries.push({
      marker,
      patterns: hosts.split(","),
      keyType,
      key: Buffer.from(keyB64, "base64"),
      comment: rest.length > 0 ? rest.join(" ") : undefined,
      line: i + 1,
    });
  }
  return entries;
}

/** The name OpenSSH records for a host: `host` on port 22, `[host]:port` otherwise. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

// Compiled host patterns: a fleet checks every host against every line of one file, so the same
// patterns come back once per host (bounded: cleared when full).
const GLOBS = new Map<string, RegExp>();
const GLOBS_MAX = 100_000;

function globToRegExp(glob: string): RegExp {
  let re = GLOBS.get(glob);
  if (re === undefined) {
    if (GLOBS.size >= GLOBS_MAX) GLOBS.clear();
    re = compileGlob(glob);
    GLOBS.set(glob, re);
  }
  return re;
}

function compileGlob(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`, "i");
}

function hashedMatches(pattern: string, name: string): boolean {
  const parts = pattern.split("|");
  if (parts.length !== 4 || parts[1] !== "1") return false;
  const salt = Buffer.from(parts[2] ?? "", "base64");
  const expected = parts[3] ?? "";
  return createHmac("sha1", salt).update(name).digest("base64") === expected;
}

/** Whether an entry's patterns name `host` on `port` (a negated match excludes the line). */
export function entryMatchesHost(
  entry: Pick<KnownHostEntry, "patterns">,
  host: string,
  port: number,
): boolean {
  const name = knownHostName(host, port);
  let matched = false;
  for (const pattern of entry.patterns) {
    if (pattern.startsWith("|")) {
      if (hashedMatches(pattern, name)) matched = true;
      continue;
    }
    const negated = pattern.startsWith("!");
    const body = negated ? pattern.slice(1) : pattern;
    // A pattern without wildcards matches only a name of its own length: most lines of a long file
    // are ruled out before any regular expression (a fleet checks each host against all of them).
    if (body.length !== name.length && !body.includes("*") && !body.includes("?")) continue;
    if (globToRegExp(body).test(name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

/**
 * Checks a presented key against the entries. A host with recorded keys none of which equal the
 * presented one is a mismatch (whatever their types), as is a key marked `@revoked`.
 */
export function checkHostKey(
  entries: readonly KnownHostEntry[],
  host: string,
  port: number,
  key: Buffer,
): KnownHostStatus {
  const revoked = entries.find(
    (e) => e.marker === "revoked" && e.key.equals(key) && entryMatchesHost(e, host, port),
  );
  if (revoked) return { status: "revoked", entry: revoked };
  const forHost = entries.filter((e) => e.marker === undefined && entryMatchesHost(e, host, port));
  const same = forHost.find((e) => e.key.equals(key));
  if (same) return { status: "match", entry: same };
  if (forHost.length > 0) return { status: "mismatch", expected: forHost };
  return { status: "unknown" };
}

/** The key type named inside an SSH public key blob (`ssh-ed25519`, `ecdsa-sha2-nistp256`...). */
export function keyTypeOf(key: Buffer): string {
  if (key.length < 4) return "unknown";
  const len = key.readUInt32BE(0);
  if (len === 0 || len > 64 || 4 + len > key.length) return "unknown";
  return key.subarray(4, 4 + len).toString("latin1");
}

/** OpenSSH's fingerprint of a key blob: `SHA256:` and unpadded base64. */
export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash("sha256").update(key).digest("base64").replace(/=+$/, "")}`;
}

/** One known_hosts line for `host:port`, optionally hashed like `ssh-keygen -H`. */
export function formatKnownHostLine(
  host: string,
  port: number,
  key: Buffer,
  options: { hash?: boolean } = {},
): string {
  let name = knownHostName(host, port);
  if (options.hash) {
    const salt = randomBytes(20);
    name = `|1|${salt.toString("base64")}|${createHmac("sha1", salt).update(name).digest("base64")}`;
  }
  return `${name} ${keyTypeOf(key)} ${key.toString("base64")}`;
}

/** Reads a known_hosts file; a missing file has no entries. */
export async function readKnownHosts(path: string): Promise<KnownHostEntry[]> {
  try {
    return parseKnownHosts(await readFile(path, "utf8"));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
}

/** Appends a host key to a known_hosts file, creating it (0600, directory 0700) if needed. */
export async function appendKnownHost(path: string, host: string, port: number, key: Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  let prefix = "";
  try {
    const current = await readFile(path, "utf8");
    if (current.length > 0 && !current.endsWith("\n")) prefix = "\n";
  } catch {
    // A missing file is created by appendFile.
  }
  await appendFile(path, `${prefix}${formatKnownHostLine(host, port, key)}\n`, { mode: 0o600 });
}
