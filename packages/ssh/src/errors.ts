import {
  AuthenticationError,
  ConnectionError,
  deviceLabel,
  type ErrorContext,
  HostKeyMismatchError,
  isPatchbayError,
  maskSecrets,
  type PatchbayError,
  TimeoutError,
  UnreachableError,
} from "@patchbay/core";

/** Socket error codes that mean the host cannot be reached (worth a retry, except ENOTFOUND). */
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EHOSTDOWN",
  "ENETDOWN",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EAI_NONAME",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
]);

/** A host key rejection recorded by the verifier, so the ssh2 error can be mapped with details. */
export interface HostKeyRejection {
  reason: "unknown" | "mismatch" | "revoked";
  presented: string;
  expected: string | undefined;
  knownHostsPath: string;
}

export interface MapErrorContext extends ErrorContext {
  /** Secrets that must not appear in the message. */
  secrets: readonly string[];
  /** Set by the host key verifier when it refused the key. */
  hostKeyRejection?: HostKeyRejection | undefined;
  /** The configured handshake/auth limit, for a handshake timeout. */
  authTimeoutMs?: number;
  /** Whether the error happened before the SSH handshake started (TCP connect phase). */
  phase: "connect" | "auth";
}

/**
 * Maps an ssh2 or socket error raised while connecting to a typed core error. Messages name the
 * device and say what to do; secrets are masked.
 */
export function mapConnectError(err: unknown, ctx: MapErrorContext): PatchbayError {
  if (isPatchbayError(err)) return err;
  const e = err as (Error & { code?: string; level?: string }) | undefined;
  const context: ErrorContext & { cause: unknown } = {
    deviceId: ctx.deviceId,
    host: ctx.host,
    platform: ctx.platform,
    cause: err,
  };
  const label = deviceLabel(ctx);
  const why = maskSecrets(e?.message ?? String(err), ctx.secrets);
  if (ctx.hostKeyRejection) {
    const r = ctx.hostKeyRejection;
    const what =
      r.reason === "unknown"
        ? `host key ${r.presented} is not in ${r.knownHostsPath} and the host key policy is "strict". Add it (ssh-keyscan) or use hostKeyPolicy "accept-new".`
        : r.reason === "revoked"
          ? `host key ${r.presented} is marked @revoked in ${r.knownHostsPath}.`
          : `HOST KEY CHANGED: the server presented ${r.presented} but ${r.knownHostsPath} has ${r.expected}. ` +
            "This may be an attack or a reinstalled device; if the change is expected, remove the old line from the file.";
    return new HostKeyMismatchError(`${label}${what}`, {
      ...context,
      presented: r.presented,
      expected: r.expected,
      knownHostsPath: r.knownHostsPath,
    });
  }
  if (e?.level === "client-authentication") {
    return new AuthenticationError(
      `${label}authentication failed (${why}). Check the username and the password, key or agent.`,
      context,
    );
  }
  if (e?.level === "client-timeout") {
    return new TimeoutError(
      `${label}SSH handshake and authentication did not finish within ${ctx.authTimeoutMs} ms.`,
      {
        ...context,
        phase: "auth",
        ...(ctx.authTimeoutMs === undefined ? {} : { timeoutMs: ctx.authTimeoutMs }),
      },
    );
  }
  if (/connection lost before handshake/i.test(e?.message ?? "")) {
    // What an sshd over its MaxStartups limit (or a connection limiter) does: accept, then close.
    // Transient like a refused port, so it is retried under connectRetries.
    return new UnreachableError(
      `${label}${ctx.host} closed the connection before the SSH handshake (an sshd over its MaxStartups limit does this). ` +
        "Raise connectRetries or lower the number of parallel connections.",
      context,
    );
  }
  if (e?.code !== undefined && UNREACHABLE_CODES.has(e.code)) {
    return new UnreachableError(`${label}cannot reach ${ctx.host} (${e.code}: ${why}).`, context);
  }
  if (e?.level === "handshake" || /no matching/i.test(why)) {
    return new ConnectionError(
      `${label}SSH handshake failed: ${why}. For old devices, allow older algorithms with the "algorithms" option.`,
      context,
    );
  }
  return new ConnectionError(`${label}SSH connection failed: ${why}`, context);
}

/** Whether a connect failure is worth another attempt: unreachable hosts and connect timeouts. */
export function isRetryableConnectError(err: unknown): boolean {
  if (!isPatchbayError(err)) return false;
  if (isPatchbayError(err, "UNREACHABLE")) {
    const code = (err.cause as { code?: string } | undefined)?.code;
    return code !== "ENOTFOUND" && code !== "EAI_NONAME";
  }
  if (isPatchbayError(err, "TIMEOUT")) return (err as TimeoutError).phase === "connect";
  return false;
}
