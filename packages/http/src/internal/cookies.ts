/**
 * The `Cookie` header value that replays the cookies of `Set-Cookie` headers: only `name=value`,
 * attributes dropped; a later cookie of the same name wins. Undefined when there is none.
 */
export function cookieHeader(setCookie: string | readonly string[] | undefined): string | undefined {
  if (setCookie === undefined) return undefined;
  const list = typeof setCookie === "string" ? [setCookie] : setCookie;
  const jar = new Map<string, string>();
  for (const line of list) {
    const pair = line.split(";", 1)[0]?.trim() ?? "";
    const eq = pair.indexOf("=");
    if (eq <= 0) continue;
    jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  if (jar.size === 0) return undefined;
  return [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
}

/** The values of the cookies in a `Cookie` header, for masking. */
export function cookieValues(header: string): string[] {
  return header
    .split(";")
    .map((p) => p.slice(p.indexOf("=") + 1).trim())
    .filter((v) => v !== "");
}
