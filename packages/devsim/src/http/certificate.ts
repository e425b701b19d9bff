import { createHash, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { isIP } from "node:net";

/** A certificate and its private key, both PEM. */
export interface SimCertificate {
  /** The self-signed certificate; give it to clients as their CA to verify the simulator. */
  certPem: string;
  keyPem: string;
  /** SHA-256 fingerprint of the DER certificate, `AA:BB:...` as OpenSSL prints it. */
  fingerprint256: string;
}

// A minimal DER writer: enough of X.690 for one self-signed X.509 v3 certificate.
function tlv(tag: number, body: Buffer): Buffer {
  const n = body.length;
  let len: Buffer;
  if (n < 0x80) len = Buffer.from([n]);
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
    len = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), len, body]);
}
const seq = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));
const explicit = (n: number, inner: Buffer): Buffer => tlv(0xa0 + n, inner);
const utf8 = (s: string): Buffer => tlv(0x0c, Buffer.from(s, "utf8"));
const octets = (b: Buffer): Buffer => tlv(0x04, b);
const bitString = (b: Buffer): Buffer => tlv(0x03, Buffer.concat([Buffer.from([0]), b]));
const bool = (v: boolean): Buffer => tlv(0x01, Buffer.from([v ? 0xff : 0]));

function integer(bytes: Buffer): Buffer {
  // Positive: a leading 1 bit needs a 0x00 in front.
  return tlv(0x02, (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

function oid(dotted: string): Buffer {
  const parts = dotted.split(".").map(Number);
  const out: number[] = [40 * (parts[0] ?? 0) + (parts[1] ?? 0)];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [p & 0x7f];
    for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

function time(d: Date): Buffer {
  // UTCTime until 2049, GeneralizedTime after (RFC 5280 4.1.2.5).
  const iso = d.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  return d.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`))
    : tlv(0x18, Buffer.from(`${iso}Z`));
}

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split(".").map(Number));
  const [head = "", tail = ""] = ip.split("::");
  const h = head === "" ? [] : head.split(":");
  const t = tail === "" ? [] : tail.split(":");
  const groups = ip.includes("::") ? [...h, ...Array(8 - h.length - t.length).fill("0"), ...t] : h;
  const out = Buffer.alloc(16);
  for (const [i, g] of groups.entries()) out.writeUInt16BE(Number.parseInt(g, 16), i * 2);
  return out;
}

/**
 * Makes a self-signed ECDSA P-256 certificate for `names` (DNS names and IP addresses, all in the
 * subjectAltName), valid from a day ago for ten years. Only node:crypto: no dependency, a few
 * milliseconds.
 */
export function createSelfSignedCertificate(
  names: readonly string[] = ["localhost", "127.0.0.1", "::1"],
  commonName = "patchbay-devsim",
): SimCertificate {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const ecdsaWithSha256 = seq(oid("1.2.840.10045.4.3.2"));
  const name = seq(set(seq(oid("2.5.4.3"), utf8(commonName))));
  const now = Date.now();
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const altNames = names.map((n) => (isIP(n) ? tlv(0x87, ipBytes(n)) : tlv(0x82, Buffer.from(n, "ascii"))));
  const spki = publicKey.export({ type: "spki", format: "der" });
  const keyId = createHash("sha1").update(spki).digest();
  const extensions = explicit(
    3,
    seq(
      seq(oid("2.5.29.17"), octets(seq(...altNames))),
      // A CA that is its own leaf: clients may trust it directly as their `ca`.
      seq(oid("2.5.29.19"), bool(true), octets(seq(bool(true)))),
      seq(oid("2.5.29.15"), bool(true), octets(tlv(0x03, Buffer.from([0x01, 0x86])))),
      // serverAuth and clientAuth: the same kind of certificate serves a device and a mutual-TLS client.
      seq(oid("2.5.29.37"), octets(seq(oid("1.3.6.1.5.5.7.3.1"), oid("1.3.6.1.5.5.7.3.2")))),
      seq(oid("2.5.29.14"), octets(octets(keyId))),
    ),
  );
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    ecdsaWithSha256,
    name,
    seq(time(new Date(now - 86_400_000)), time(new Date(now + 10 * 365 * 86_400_000))),
    name,
    spki,
    extensions,
  );
  const signature = sign("sha256", tbs, { key: privateKey, dsaEncoding: "der" });
  const der = seq(tbs, ecdsaWithSha256, bitString(signature));
  const b64 = der.toString("base64").replace(/.{64}/g, "$&\n");
  const certPem = `-----BEGIN CERTIFICATE-----\n${b64.endsWith("\n") ? b64 : `${b64}\n`}-----END CERTIFICATE-----\n`;
  const keyPem = privateKey.export({ type: "pkcs8", format: "pem" }) as string;
  const fingerprint256 = createHash("sha256")
    .update(der)
    .digest("hex")
    .toUpperCase()
    .replace(/(..)(?!$)/g, "$1:");
  return { certPem, keyPem, fingerprint256 };
}

let shared: SimCertificate | undefined;

/** The certificate every simulated device uses unless given its own: made once per process. */
export function defaultCertificate(): SimCertificate {
  shared ??= createSelfSignedCertificate();
  return shared;
}
