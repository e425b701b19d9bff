import { deviceLabel } from "@patchbay/core";
import { type JsonRpcCallOptions, type JsonRpcClient, JsonRpcError } from "@patchbay/http";

/** Options of `nxapiCli`. */
export interface NxapiCliOptions extends JsonRpcCallOptions {
  /** `cli` for structured output, `cli_ascii` for text. @default "cli" */
  method?: "cli" | "cli_ascii" | undefined;
}

/**
 * Runs commands through NX-API's JSON-RPC (one batch, one call per command; create the client
 * with `{ path: "/ins", contentType: "application/json-rpc" }`). Returns the results in order; the
 * first failing command raises `JsonRpcError` with `command`, `commandIndex` and the results before it.
 */
export async function nxapiCli<T = unknown>(
  client: JsonRpcClient,
  cmds: readonly string[],
  options: NxapiCliOptions = {},
): Promise<T[]> {
  const method = options.method ?? "cli";
  const outcomes = await client.batch<T>(
    cmds.map((cmd) => ({ method, params: { cmd, version: 1 } })),
    options,
  );
  const results: T[] = [];
  for (const [index, outcome] of outcomes.entries()) {
    if (outcome.ok) {
      results.push(outcome.result);
      continue;
    }
    const e = outcome.error;
    const ctx = { deviceId: e.deviceId, host: e.host, platform: e.platform };
    const command = cmds[index];
    // NX-OS puts the useful words in data.msg (and the CLI's own text in data.clierror).
    const data = (e.data ?? {}) as { msg?: unknown; clierror?: unknown };
    const lines = [data.msg, data.clierror]
      .filter((v): v is string => typeof v === "string" && v.trim() !== "")
      .map((v) => v.trim());
    const why = lines[0] ?? e.rpcMessage;
    throw new JsonRpcError(
      `${deviceLabel(ctx)}NX-API command ${index + 1} of ${cmds.length} "${command}" failed: ${why} (code ${e.rpcCode}).`,
      {
        ...ctx,
        command,
        cause: e,
        rpcCode: e.rpcCode,
        rpcMessage: e.rpcMessage,
        data: e.data,
        commandIndex: index,
        commandErrors: lines.length > 0 ? lines : [e.rpcMessage],
        partialResults: results,
      },
    );
  }
  return results;
}
