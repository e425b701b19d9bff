/** A query parameter value; arrays repeat the key, undefined leaves it out. */
export type QueryValue = string | number | boolean | undefined | readonly (string | number | boolean)[];

/** `?a=1&b=x%20y`, or "" when nothing is set. Keys and values are percent-encoded. */
export function queryString(query: Readonly<Record<string, QueryValue>> | undefined): string {
  if (query === undefined) return "";
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(v))}`);
  }
  return parts.length === 0 ? "" : `?${parts.join("&")}`;
}
