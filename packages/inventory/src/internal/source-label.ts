import { isSecretKey, maskSecrets } from "@patchbay/core";
import { isPlainObject } from "./merge.ts";

/** An option name alone (`--list`, `-v`) carries no value, so it is shown; any other argument is not. */
const OPTION_NAME = /^--?[A-Za-z][A-Za-z0-9-]*$/;

/**
 * The credentials a source's settings hold, to mask in its messages: the user and password of an
 * http URL (raw and decoded), query values with secret names, every header value, exec arguments
 * other than bare option names, and any setting whose name says it is a secret.
 */
export function sourceSecrets(type: string, settings: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(settings))
    if (isSecretKey(key) && typeof value === "string") out.push(value);
  if (type === "http" && typeof settings.url === "string") {
    try {
      const url = new URL(settings.url);
      for (const part of [url.username, url.password]) {
        if (part === "") continue;
        out.push(part);
        out.push(safeDecode(part));
      }
      for (const [name, value] of url.searchParams)
        if (isSecretKey(name) && value !== "") out.push(value, encodeURIComponent(value));
    } catch {
      // An invalid URL is reported by the source's check; nothing to mask in it beyond the above.
    }
    if (isPlainObject(settings.headers))
      for (const value of Object.values(settings.headers)) if (typeof value === "string") out.push(value);
  }
  if (type === "exec" && Array.isArray(settings.args)) {
    for (const arg of settings.args) {
      if (typeof arg !== "string" || OPTION_NAME.test(arg)) continue;
      out.push(arg);
      const eq = arg.indexOf("=");
      if (arg.startsWith("-") && eq > 0 && eq < arg.length - 1) out.push(arg.slice(eq + 1));
    }
  }
  return [...new Set(out.filter((s) => s !== ""))].sort((a, b) => b.length - a.length);
}

/** How messages name a source: its type and what it reads, with credentials masked. */
export function sourceLabel(type: string, settings: Record<string, unknown>, index: number): string {
  const secrets = sourceSecrets(type, settings);
  const what =
    typeof settings.url === "string"
      ? settings.url
      : typeof settings.command === "string"
        ? settings.command
        : typeof settings.path === "string"
          ? settings.path
          : `#${index + 1}`;
  return maskSecrets(`${type} source ${what}`, secrets);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
