import { deviceLabel, type ErrorContext, maskSecrets } from "@patchbay/core";
import { authError, HttpStatusError, InvalidResponseError } from "../errors.ts";
import { excerpt } from "../response.ts";
import type { AuthHeaders, HttpLoginAuth, LoginContext } from "../settings.ts";
import { cookieHeader } from "./cookies.ts";
import { queryString } from "./query.ts";

/** What the built-in login needs from its connection. */
export interface LoginHost {
  context: ErrorContext;
  /** Grows with the token, so the logger and messages mask it. */
  secrets: string[];
  /** The full path of a request path (with basePath). */
  url(path: string): string;
}

/**
 * The built-in login: sends the credentials (JSON, form, or a GET query) and returns the headers
 * that authenticate later requests: the token from `tokenField`, or the cookies of `Set-Cookie`.
 */
export async function builtInLogin(
  auth: HttpLoginAuth,
  ctx: LoginContext,
  host: LoginHost,
): Promise<AuthHeaders> {
  const u = auth.usernameField ?? "username";
  const p = auth.passwordField ?? "password";
  const creds = { [u]: ctx.username ?? "", [p]: ctx.password ?? "" };
  const method = auth.method ?? "POST";
  const form = auth.format === "form";
  const path = method === "GET" ? `${auth.path}${queryString(creds)}` : auth.path;
  const operation = `${method} ${host.url(auth.path)}`;
  const res = await ctx.request({
    method,
    path,
    ...(method === "GET"
      ? {}
      : {
          headers: { "content-type": form ? "application/x-www-form-urlencoded" : "application/json" },
          body: form ? queryString(creds).slice(1) : JSON.stringify(creds),
        }),
  });
  if (res.status === 401 || res.status === 403) {
    throw authError(401, { ...host.context, operation, authType: "login" });
  }
  if (res.status >= 400) {
    const shown = maskSecrets(excerpt(res.text), host.secrets);
    throw new HttpStatusError(
      `${deviceLabel(host.context)}login (${operation}) failed with HTTP ${res.status}: ${shown}`,
      { ...host.context, status: res.status, method, path: host.url(auth.path), bodyExcerpt: shown },
    );
  }
  if (auth.tokenField !== undefined) {
    let token: unknown;
    try {
      token = auth.tokenField
        .split(".")
        .reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], JSON.parse(res.text));
    } catch {
      token = undefined;
    }
    if (typeof token !== "string" || token === "") {
      throw new InvalidResponseError(
        `${deviceLabel(host.context)}login (${operation}) answered without a "${auth.tokenField}" token.`,
        host.context,
      );
    }
    host.secrets.push(token);
    return { [auth.tokenHeader ?? "authorization"]: `${auth.tokenPrefix ?? "Bearer "}${token}` };
  }
  const cookie = cookieHeader(res.headers["set-cookie"]);
  if (cookie === undefined) {
    throw new InvalidResponseError(
      `${deviceLabel(host.context)}login (${operation}) answered without a cookie; set auth.tokenField if it returns a token.`,
      host.context,
    );
  }
  return { cookie };
}
