import { deviceLabel, isPatchbayError } from "@patchbay/core";
import { type JsonRpcCallOptions, type JsonRpcClient, JsonRpcError } from "@patchbay/http";

/** One eAPI command: a line, or a line with the answer to its prompt. */
export type EapiCommand = string | { cmd: string; input?: string };

/** Options of `runCmds`. */
export interface RunCmdsOptions extends JsonRpcCallOptions {
  /** @default "json" */
  format?: "json" | "text" | undefined;
  /** The output model version. @default 1 */
  version?: number | "latest" | undefined;
  /** Ask for timestamps on each result. */
  timestamps?: boolean | undefined;
  /** Let the device expand abbreviated commands. */
  autoComplete?: boolean | undefined;
  /** Let the device expand aliases. */
  expandAliases?: boolean | undefined;
}

const READ_ONLY = /^\s*(show|enable|terminal|ping|traceroute)\b/i;

/** The text of a command. */
export function eapiCommandText(command: EapiCommand): string {
  return typeof command === "string" ? command : command.cmd;
}

/**
 * Runs commands through Arista eAPI's `runCmds` and returns one result per command (an object for
 * `json`, `{ output }` for `text`). A failing command raises `JsonRpcError` naming the command
 * (`command`, `commandIndex`), its error lines (`commandErrors`) and the results of the commands
 * before it (`partialResults`). Calls of only `show` commands are retried after transient failures
 * unless `idempotent: false` is given.
 */
export async function runCmds<T = Record<string, unknown>>(
  client: JsonRpcClient,
  cmds: readonly EapiCommand[],
  options: RunCmdsOptions = {},
): Promise<T[]> {
  const params: Record<string, unknown> = {
    version: options.version ?? 1,
    cmds,
    format: options.format ?? "json",
  };
  if (options.timestamps !== undefined) params.timestamps = options.timestamps;
  if (options.autoComplete !== undefined) params.autoComplete = options.autoComplete;
  if (options.expandAliases !== undefined) params.expandAliases = options.expandAliases;
  const readOnly = cmds.every((c) => READ_ONLY.test(eapiCommandText(c)));
  try {
    return await client.call<T[]>("runCmds", params, {
      idempotent: options.idempotent ?? readOnly,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
    });
  } catch (err) {
    if (!isPatchbayError(err, "JSONRPC_ERROR")) throw err;
    throw eapiCommandError(err as JsonRpcError, cmds);
  }
}

/** Re-raises an eAPI error with the failing command found in `error.data`. */
function eapiCommandError(err: JsonRpcError, cmds: readonly EapiCommand[]): JsonRpcError {
  const data = Array.isArray(err.data) ? (err.data as unknown[]) : undefined;
  if (data === undefined) return err;
  let index = data.findIndex(
    (d) => typeof d === "object" && d !== null && Array.isArray((d as { errors?: unknown }).errors),
  );
  if (index < 0) index = Math.min(data.length, cmds.length) - 1;
  const entry = data[index] as { errors?: unknown[] } | undefined;
  const lines = (entry?.errors ?? []).map(String);
  const command = cmds[index] === undefined ? undefined : eapiCommandText(cmds[index] as EapiCommand);
  const ctx = { deviceId: err.deviceId, host: err.host, platform: err.platform };
  const why = lines.length > 0 ? lines.join("; ") : err.rpcMessage;
  return new JsonRpcError(
    `${deviceLabel(ctx)}eAPI command ${index + 1} of ${cmds.length} "${command ?? "?"}" failed: ${why} (code ${err.rpcCode}).`,
    {
      ...ctx,
      command,
      cause: err,
      rpcCode: err.rpcCode,
      rpcMessage: err.rpcMessage,
      data: err.data,
      commandIndex: index,
      commandErrors: lines,
      partialResults: data.slice(0, Math.max(0, index)),
    },
  );
}
