import {
  type CommandResult,
  type Commands,
  type ConfigRead,
  type ConfigSnapshot,
  commandResult,
  type DeviceInfo,
  type Facts,
  type GetConfigOptions,
  type RunCommandsOptions,
} from "@patchbay/capabilities";
import {
  type Device,
  deviceLabel,
  type ErrorContext,
  isPatchbayError,
  type OperationOptions,
  type PluginContext,
  UnsupportedOperationError,
} from "@patchbay/core";
import { HttpPlugin, type JsonRpcClient, type JsonRpcError } from "@patchbay/http";
import { factsFromNxapiVersion, parseShowVersion } from "./facts.ts";
import { cleanNxosConfig } from "./internal/clean.ts";
import { nxapiCli } from "./nxapi.ts";
import { ciscoNxosSettings } from "./settings.ts";

type AsciiResult = { msg?: string };

/**
 * NX-OS over NX-API (JSON-RPC at `/ins` on HTTPS): commands as text (`cli_ascii`), facts from
 * `show version` (NX-API's structured model when the device gives one, else the text), and the
 * running and startup configurations. Configuration changes are left to the SSH CLI plugin, whose
 * sessions make them atomic. Connecting runs `show hostname`, so a wrong password or an
 * unreachable device fails at connect as with SSH.
 */
export class CiscoNxosNxapiPlugin extends HttpPlugin implements DeviceInfo, Commands, ConfigRead {
  readonly #settings: ReturnType<typeof ciscoNxosSettings.parse>;
  #client: JsonRpcClient | undefined;

  constructor(device: Device, context: PluginContext) {
    super(device, context);
    this.#settings = ciscoNxosSettings.parse(device.data.nxos ?? {}, {
      deviceId: device.id,
      host: device.host,
      platform: device.platform,
    });
  }

  get #context(): ErrorContext {
    return { deviceId: this.device.id, host: this.device.host, platform: this.device.platform };
  }

  get #nxapi(): JsonRpcClient {
    const http = this.http;
    if (this.#client === undefined || this.#client.connection !== http) {
      this.#client = this.jsonRpc({ path: "/ins", contentType: "application/json-rpc" });
    }
    return this.#client;
  }

  protected override async onConnected(options: OperationOptions): Promise<void> {
    await this.#ascii(["show hostname"], options);
  }

  override async teardownConnection(): Promise<void> {
    this.#client = undefined;
    await super.teardownConnection();
  }

  #call<T>(cmds: readonly string[], method: "cli" | "cli_ascii", options: OperationOptions): Promise<T[]> {
    // Show commands only: safe to send again after a dropped connection.
    const readOnly = cmds.every((c) => /^\s*show\s/i.test(c));
    return nxapiCli<T>(this.#nxapi, cmds, {
      method,
      idempotent: readOnly,
      timeoutMs: options.timeoutMs ?? this.#settings.commandTimeoutMs,
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
    });
  }

  async #ascii(cmds: readonly string[], options: OperationOptions): Promise<string[]> {
    return (await this.#call<AsciiResult>(cmds, "cli_ascii", options)).map((r) => r?.msg ?? "");
  }

  async getFacts(options: OperationOptions = {}): Promise<Facts> {
    const structured = await this.#call<{ body?: unknown }>(["show version"], "cli", options).catch(
      (error: unknown) => {
        // Images without a structured model of the command answer with an error: use the text.
        if (isPatchbayError(error, "JSONRPC_ERROR")) return [];
        throw error;
      },
    );
    const body = structured[0]?.body;
    if (typeof body === "object" && body !== null && "host_name" in body) {
      return factsFromNxapiVersion(body as Record<string, unknown>, JSON.stringify(body));
    }
    const [text = ""] = await this.#ascii(["show version"], options);
    return parseShowVersion(text);
  }

  async runCommands(commands: readonly string[], options: RunCommandsOptions = {}): Promise<CommandResult[]> {
    const results: CommandResult[] = [];
    let rest = [...commands];
    while (rest.length > 0) {
      const batch = options.stopOnFailed && options.failedWhenContains?.length ? rest.slice(0, 1) : rest;
      const startedAt = new Date();
      const started = performance.now();
      try {
        const outputs = await this.#ascii(batch, options);
        const elapsedMs = (performance.now() - started) / outputs.length;
        for (const [i, output] of outputs.entries()) {
          results.push(
            commandResult({
              command: rest[i] as string,
              output: output,
              error: undefined,
              failedWhenContains: options.failedWhenContains,
              startedAt,
              elapsedMs,
            }),
          );
        }
        rest = rest.slice(batch.length);
      } catch (error) {
        if (!isPatchbayError(error, "JSONRPC_ERROR")) throw error;
        const e = error as JsonRpcError;
        const index = e.commandIndex;
        if (index === undefined) throw error;
        const elapsedMs = (performance.now() - started) / (index + 1);
        for (const [i, out] of e.partialResults.entries()) {
          results.push(
            commandResult({
              command: rest[i] as string,
              output: (out as AsciiResult)?.msg ?? "",
              error: undefined,
              failedWhenContains: options.failedWhenContains,
              startedAt,
              elapsedMs,
            }),
          );
        }
        const clierror = (e.data as { clierror?: unknown } | undefined)?.clierror;
        const why = e.commandErrors.join("; ") || e.rpcMessage;
        results.push(
          commandResult({
            command: rest[index] as string,
            output: typeof clierror === "string" ? clierror : why,
            error: `the device reported an error: ${why}`,
            failedWhenContains: options.failedWhenContains,
            startedAt,
            elapsedMs,
          }),
        );
        rest = rest.slice(index + 1);
      }
      const failed = results.findIndex((r) => r.failed);
      if (options.stopOnFailed && failed !== -1) return results.slice(0, failed + 1);
    }
    return results;
  }

  async getConfig(options: GetConfigOptions = {}): Promise<ConfigSnapshot> {
    const source = options.source ?? "running";
    const format = options.format ?? "text";
    if (format !== "text") {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.#context)}the NX-API plugin reads configurations as text, not ${format}.`,
        this.#context,
      );
    }
    if (source === "candidate") {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.#context)}NX-OS has no candidate configuration; read running or startup.`,
        this.#context,
      );
    }
    const [text = ""] = await this.#ascii([`show ${source}-config`], options);
    return { source, format, config: cleanNxosConfig(text) };
  }
}
