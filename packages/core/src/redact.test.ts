import { describe, expect, it } from "vitest";
import { createSecretSet, maskSecrets, REDACTED, redact } from "./redact.ts";

describe("masking", () => {
  it("masks a secret only as a whole token, so a folder named after it keeps its name", () => {
    expect(maskSecrets("/tmp/patchbay-demo-x1 with patchbay-demo", ["patchbay-demo"])).toBe(
      `/tmp/patchbay-demo-x1 with ${REDACTED}`,
    );
    expect(maskSecrets("user:hunter2@host 'hunter2'", ["hunter2"])).toBe(
      `user:${REDACTED}@host '${REDACTED}'`,
    );
  });

  it("masks the JSON-escaped, base64 and URL-encoded forms of secrets with quotes, backslashes, newlines", () => {
    const secret = 'a"b\\c\nd e&f';
    const set = createSecretSet([secret]);
    for (const text of [
      JSON.stringify({ x: secret }),
      Buffer.from(secret).toString("base64"),
      encodeURIComponent(secret),
      `raw ${secret} raw`,
    ]) {
      expect(set.maskText(text)).toContain(REDACTED);
      expect(set.maskText(text)).not.toContain(secret);
      expect(set.maskText(text)).not.toContain(JSON.stringify(secret).slice(1, -1));
    }
  });

  it("masks values before serialising: by key name, by equal value, and inside strings", () => {
    const key =
      "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n";
    const out = JSON.stringify(
      redact(
        { data: { sudoPassword: 'q"\\', ssh: { privateKey: key }, note: `key ${key}` }, list: ['q"\\'] },
        ['q"\\', key],
      ),
    );
    expect(out).not.toContain("b3BlbnNzaC1rZXktdjEAAAAA");
    expect(out).not.toContain('q\\"\\\\');
    expect(JSON.parse(out)).toEqual({
      data: { sudoPassword: REDACTED, ssh: { privateKey: REDACTED }, note: `key ${REDACTED}` },
      list: [REDACTED],
    });
  });

  it("masks every separated occurrence of generated secrets and keeps the text around them", () => {
    let seed = 1306;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const alphabet = 'ab-_"\\\n /:@%=+';
    const word = (max: number): string =>
      Array.from({ length: next(max) }, () => alphabet[next(alphabet.length)]).join("");
    for (let run = 0; run < 500; run++) {
      const secret = `s${word(8)}yz`;
      const [a, b] = [word(12), word(12)];
      const masked = maskSecrets(`${a}\t${secret}\t${b}`, [secret]);
      expect(masked.split("\t")).toContain(REDACTED);
      expect(masked.endsWith(`\t${b}`) || b.includes(secret)).toBe(true);
    }
  });
});
