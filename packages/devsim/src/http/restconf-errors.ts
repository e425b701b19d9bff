/** A JSON value of a yang-data+json document. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A request the RESTCONF server refuses, with its RFC 8040 error fields. */
export class RestconfFailure extends Error {
  constructor(
    readonly status: number,
    readonly errorType: "protocol" | "application",
    readonly errorTag: string,
    message: string,
    readonly errorPath?: string,
  ) {
    super(message);
  }
}

/** An RFC 8040 error body. */
export function restconfErrorBody(f: RestconfFailure): JsonObject {
  const error: JsonObject = {
    "error-type": f.errorType,
    "error-tag": f.errorTag,
    "error-message": f.message,
  };
  if (f.errorPath !== undefined) error["error-path"] = f.errorPath;
  return { "ietf-restconf:errors": { error: [error] } };
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
