/**
 * The one masking function of Patchbay. Values are masked before anything is serialised (by the
 * key's name: a schema says which fields hold secrets; and by value: a string equal to a known
 * secret), and text is masked where a secret appears as a whole token, in the encodings output
 * paths use (raw, JSON-escaped, base64, URL-encoded). Masking after `JSON.stringify` misses escaped
 * secrets; masking every substring destroys unrelated text (a folder named after a password).
 */

/** The value that replaces a secret. */
export const REDACTED = "[redacted]";

const SECRET_KEY =
  /pass(word|phrase|wd)?$|secret|token|private_?key|privatekey|api_?key|credential|authorization|cookie/i;
const MAX_DEPTH = 8;
/** Shorter secrets are only masked where a whole value equals them (a 2-character token is noise). */
const MIN_TEXT_SECRET = 3;
const TOKEN_CHAR = /[A-Za-z0-9_-]/;

/** True when a key's name says its value is a secret (password, passphrase, key, token...). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/**
 * The forms a secret can take in output: itself, JSON-escaped (without quotes), base64, base64url and
 * URL-encoded; a PEM private key adds each of its body lines, so a partial print is masked too.
 */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  forms.add(JSON.stringify(secret).slice(1, -1));
  const b64 = Buffer.from(secret).toString("base64");
  forms.add(b64);
  forms.add(b64.replace(/=+$/, ""));
  forms.add(Buffer.from(secret).toString("base64url"));
  forms.add(encodeURIComponent(secret));
  forms.add(encodeURIComponent(secret).replace(/%20/g, "+"));
  if (/[\r\n]/.test(secret)) {
    for (const line of secret.split(/\r?\n/)) {
      const body = line.trim();
      if (body.length >= 8 && !body.startsWith("-----")) forms.add(body);
    }
  }
  return [...forms].filter((f) => f.length >= MIN_TEXT_SECRET);
}

/** A set of secrets with their output forms, longest first, for repeated masking. */
export interface SecretSet {
  /** The secrets as given. */
  readonly secrets: readonly string[];
  /** Adds secrets (empty and duplicate values are ignored). */
  add(secrets: Iterable<string>): void;
  /** `text` with every whole-token occurrence of a secret (in any of its forms) replaced. */
  maskText(text: string): string;
  /** A copy of `value` masked by key name and by value, ready to serialise. */
  maskValue(value: unknown): unknown;
}

/** Creates a `SecretSet`. */
export function createSecretSet(initial: Iterable<string> = []): SecretSet {
  const secrets: string[] = [];
  const exact = new Set<string>();
  let forms: string[] = [];
  const set: SecretSet = {
    secrets,
    add(list) {
      let changed = false;
      for (const s of list) {
        if (typeof s !== "string" || s === "" || exact.has(s)) continue;
        exact.add(s);
        secrets.push(s);
        changed = true;
      }
      if (changed) forms = [...new Set(secrets.flatMap(secretForms))].sort((a, b) => b.length - a.length);
    },
    maskText: (text) => maskForms(text, forms),
    maskValue: (value) =>
      maskInner(value, (s) => (exact.has(s) ? REDACTED : maskForms(s, forms)), 0, new WeakSet()),
  };
  set.add(initial);
  return set;
}

/** `text` with each secret (3 characters or more) masked where it appears as a whole token. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  if (secrets.length === 0) return text;
  return createSecretSet(secrets).maskText(text);
}

/**
 * A copy of `value` with the values of secret-named keys replaced by `[redacted]`, at any depth, a
 * string equal to a secret replaced, and secrets inside strings masked as whole tokens. Buffers and
 * functions are summarised; errors keep name, message and code.
 */
export function redact(value: unknown, secrets: readonly string[] = []): unknown {
  return createSecretSet(secrets).maskValue(value);
}

function maskForms(text: string, forms: readonly string[]): string {
  let out = text;
  for (const form of forms) {
    if (!out.includes(form)) continue;
    out = replaceWholeTokens(out, form);
  }
  return out;
}

/**
 * Replaces `form` where it is not glued to other token characters: a secret starting with a letter
 * must not follow one (so `/tmp/pw-123` keeps its name when the secret is `pw`).
 */
function replaceWholeTokens(text: string, form: string): string {
  const needStart = TOKEN_CHAR.test(form[0] ?? "");
  const needEnd = TOKEN_CHAR.test(form[form.length - 1] ?? "");
  let out = "";
  let from = 0;
  for (let at = text.indexOf(form); at !== -1; at = text.indexOf(form, at + 1)) {
    if (at < from) continue;
    const before = text[at - 1];
    const after = text[at + form.length];
    if (needStart && before !== undefined && TOKEN_CHAR.test(before)) continue;
    if (needEnd && after !== undefined && TOKEN_CHAR.test(after)) continue;
    out += text.slice(from, at) + REDACTED;
    from = at + form.length;
  }
  return from === 0 ? text : out + text.slice(from);
}

function maskInner(
  value: unknown,
  maskString: (s: string) => string,
  depth: number,
  seen: WeakSet<object>,
): unknown {
  if (typeof value === "string") return maskString(value);
  if (typeof value !== "object" || value === null) {
    return typeof value === "function" ? "[function]" : value;
  }
  if (seen.has(value)) return "[circular]";
  if (depth >= MAX_DEPTH) return "[deep]";
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  seen.add(value);
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return {
      name: value.name,
      message: maskString(value.message),
      ...(code !== undefined ? { code } : {}),
    };
  }
  if (Array.isArray(value)) return value.map((v) => maskInner(v, maskString, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] =
      isSecretKey(k) && v !== undefined && v !== null && v !== false
        ? REDACTED
        : maskInner(v, maskString, depth + 1, seen);
  }
  return out;
}
