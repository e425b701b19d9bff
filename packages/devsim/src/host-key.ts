import { createHash, generateKeyPairSync, randomBytes } from "node:crypto";
import ssh2 from "ssh2";

let processHostKey: string | undefined;

function sshString(data: Buffer | string): Buffer {
  const body = typeof data === "string" ? Buffer.from(data) : data;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, body]);
}

function uint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

/**
 * Generates an ed25519 key with node:crypto and encodes it in the OpenSSH private key format,
 * because ssh2 cannot read PKCS#8 ed25519 keys.
 */
export function generateEd25519HostKey(): string {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const priv = privateKey.export({ format: "jwk" });
  const pub = publicKey.export({ format: "jwk" });
  const seed = Buffer.from(priv.d ?? "", "base64url");
  const raw = Buffer.from(pub.x ?? "", "base64url");
  const publicBlob = Buffer.concat([sshString("ssh-ed25519"), sshString(raw)]);
  const check = randomBytes(4);
  let privateSection = Buffer.concat([
    check,
    check,
    sshString("ssh-ed25519"),
    sshString(raw),
    sshString(Buffer.concat([seed, raw])),
    sshString("patchbay-devsim"),
  ]);
  const padding: number[] = [];
  for (let i = 1; (privateSection.length + padding.length) % 8 !== 0; i++) padding.push(i);
  privateSection = Buffer.concat([privateSection, Buffer.from(padding)]);
  const body = Buffer.concat([
    Buffer.from("openssh-key-v1\0"),
    sshString("none"),
    sshString("none"),
    sshString(""),
    uint32(1),
    sshString(publicBlob),
    sshString(privateSection),
  ]);
  const lines = body.toString("base64").match(/.{1,70}/g) ?? [];
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join("\n")}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

/** The host key every device uses unless given one: generated on first use, then reused. */
export function defaultHostKey(): string {
  processHostKey ??= generateEd25519HostKey();
  return processHostKey;
}

/** Parses a key with ssh2, throwing a readable error instead of returning one. */
export function parseSshKey(key: string | Buffer, what: string): ssh2.ParsedKey {
  const parsed = ssh2.utils.parseKey(key);
  if (parsed instanceof Error) {
    throw new TypeError(`devsim: cannot parse ${what}: ${parsed.message}`);
  }
  return Array.isArray(parsed) ? (parsed[0] as ssh2.ParsedKey) : parsed;
}

/** The key's fingerprint as OpenSSH prints it: `SHA256:` and unpadded base64. */
export function fingerprint(key: ssh2.ParsedKey): string {
  const digest = createHash("sha256").update(key.getPublicSSH()).digest("base64");
  return `SHA256:${digest.replace(/=+$/, "")}`;
}
