import {
  type CommandResult,
  type Commands,
  type CommitConfigOptions,
  type CommitResult,
  type ConfigRead,
  type ConfigSnapshot,
  type ConfigWrite,
  commandResult,
  type DeviceInfo,
  type Facts,
  firstLines,
  type GetConfigOptions,
  type LoadConfigOptions,
  type RunCommandsOptions,
  unifiedDiff,
} from "@patchbay/capabilities";
import {
  CommandError,
  type Device,
  deviceLabel,
  type ErrorContext,
  isPatchbayError,
  type OperationOptions,
  type PluginContext,
  UnsupportedOperationError,
} from "@patchbay/core";
import { splitLines, uniqueSessionName } from "@patchbay/driver/ssh";
import { HttpPlugin, type JsonRpcClient, type JsonRpcError } from "@patchbay/http";
import { type EapiCommand, runCmds } from "./eapi.ts";
import { factsFromEapi } from "./facts.ts";
import { cleanEosConfig } from "./internal/session.ts";
import { aristaEosSettings } from "./settings.ts";

type TextResult = { output?: string };

/**
 * EOS over eAPI (JSON-RPC `runCmds` on HTTPS): commands as text, facts from the JSON of `show
 * version` and `show hostname`, configurations as text (or eAPI's JSON tree), and changes through
 * configuration sessions, each in one request: `compareConfig` runs the staged lines in a session,
 * reads `show session-config` and aborts; `commitConfig` runs them in a session and commits. A
 * rejected line fails the whole request and nothing is applied. Connecting runs `show hostname`, so
 * a wrong password or an unreachable device fails at connect as with SSH.
 */
export class AristaEosEapiPlugin extends HttpPlugin implements DeviceInfo, Commands, ConfigRead, ConfigWrite {
  readonly #settings: ReturnType<typeof aristaEosSettings.parse>;
  #client: JsonRpcClient | undefined;
  #lines: string[] | undefined;

  constructor(device: Device, context: PluginContext) {
    super(device, context);
    this.#settings = aristaEosSettings.parse(device.data.eos ?? {}, {
      deviceId: device.id,
      host: device.host,
      platform: device.platform,
    });
  }

  get #context(): ErrorContext {
    return { deviceId: this.device.id, host: this.device.host, platform: this.device.platform };
  }

  get #eapi(): JsonRpcClient {
    const http = this.http;
    if (this.#client === undefined || this.#client.connection !== http) this.#client = this.jsonRpc();
    return this.#client;
  }

  protected override async onConnected(options: OperationOptions): Promise<void> {
    await this.#run(["show hostname"], "json", options);
  }

  override async teardownConnection(): Promise<void> {
    this.#lines = undefined;
    this.#client = undefined;
    await super.teardownConnection();
  }

  /** `runCmds` after `enable` (with the enable secret, when the device has one); its result dropped. */
  async #run<T>(
    cmds: readonly EapiCommand[],
    format: "json" | "text",
    options: OperationOptions,
  ): Promise<T[]> {
    const secret = this.device.data.enableSecret;
    const enable: EapiCommand = typeof secret === "string" ? { cmd: "enable", input: secret } : "enable";
    const results = await runCmds<T>(this.#eapi, [enable, ...cmds], {
      format,
      timeoutMs: options.timeoutMs ?? this.#settings.commandTimeoutMs,
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
    });
    return results.slice(1);
  }

  async getFacts(options: OperationOptions = {}): Promise<Facts> {
    const [version = {}, hostname = {}] = await this.#run<Record<string, unknown>>(
      ["show version", "show hostname"],
      "json",
      options,
    );
    return factsFromEapi(version, hostname, {
      "show version": JSON.stringify(version),
      "show hostname": JSON.stringify(hostname),
    });
  }

  async runCommands(commands: readonly string[], options: RunCommandsOptions = {}): Promise<CommandResult[]> {
    const results: CommandResult[] = [];
    let rest = [...commands];
    while (rest.length > 0) {
      const startedAt = new Date();
      const started = performance.now();
      // Texts of the caller's mark a failure only after the output is back: then send one at a time.
      const batch = options.stopOnFailed && options.failedWhenContains?.length ? rest.slice(0, 1) : rest;
      try {
        const outputs = await this.#run<TextResult>(batch, "text", options);
        const elapsedMs = (performance.now() - started) / outputs.length;
        for (const [i, out] of outputs.entries()) {
          results.push(
            commandResult({
              command: rest[i] as string,
              output: out.output ?? "",
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
        // The index counts the `enable` sent first.
        const index = (e.commandIndex ?? 0) - 1;
        if (index < 0) throw error;
        const elapsedMs = (performance.now() - started) / (index + 1);
        for (const [i, out] of e.partialResults.slice(1).entries()) {
          results.push(
            commandResult({
              command: rest[i] as string,
              output: (out as TextResult).output ?? "",
              error: undefined,
              failedWhenContains: options.failedWhenContains,
              startedAt,
              elapsedMs,
            }),
          );
        }
        const why = e.commandErrors.join("; ") || e.rpcMessage;
        results.push(
          commandResult({
            command: rest[index] as string,
            output: why,
            error: `the device reported an error: ${why}`,
            failedWhenContains: options.failedWhenContains,
            startedAt,
            elapsedMs,
          }),
        );
        rest = rest.slice(index + 1);
      }
      if (options.stopOnFailed && results.some((r) => r.failed)) {
        return results.slice(0, results.findIndex((r) => r.failed) + 1);
      }
    }
    return results;
  }

  async getConfig(options: GetConfigOptions = {}): Promise<ConfigSnapshot> {
    const source = options.source ?? "running";
    const format = options.format ?? "text";
    if (source === "candidate") {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.#context)}EOS has no candidate configuration outside a configuration session; read running or startup.`,
        this.#context,
      );
    }
    if (format !== "text" && format !== "json") {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.#context)}eAPI gives configurations as text or json, not ${format}.`,
        this.#context,
      );
    }
    const command = source === "running" ? "show running-config" : "show startup-config";
    if (format === "json") {
      const [tree] = await this.#run<Record<string, unknown>>([command], "json", options);
      return { source, format, config: `${JSON.stringify(tree ?? {}, null, 2)}\n` };
    }
    const [out] = await this.#run<TextResult>([command], "text", options);
    return { source, format, config: cleanEosConfig(out?.output ?? "") };
  }

  async loadConfig(options: LoadConfigOptions): Promise<void> {
    if (options.format !== undefined && options.format !== "text") {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.#context)}configurations are loaded as text (CLI lines), not ${options.format}.`,
        this.#context,
      );
    }
    if (options.mode === "replace") {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.#context)}replacing the whole configuration is not supported by this plugin; load it in merge mode.`,
        this.#context,
      );
    }
    const lines = splitLines(options.config);
    if (lines.length === 0) {
      throw new CommandError(
        `${deviceLabel(this.#context)}the configuration to load is empty.`,
        this.#context,
      );
    }
    this.#lines = lines;
  }

  async compareConfig(options: OperationOptions = {}): Promise<string> {
    const lines = this.#lines;
    if (lines === undefined) return "";
    const running = (await this.getConfig({ ...options, source: "running" })).config;
    const results = await this.#inSession<TextResult>([...lines, "show session-config", "abort"], options);
    const candidate = cleanEosConfig(results[lines.length + 1]?.output ?? "");
    return unifiedDiff(running, candidate, { before: "running", after: "candidate" });
  }

  async commitConfig(options: CommitConfigOptions = {}): Promise<CommitResult> {
    if (options.confirmTimeoutSeconds !== undefined) {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.#context)}confirmed commits (commit timer) are not supported by this plugin; nothing was changed.`,
        this.#context,
      );
    }
    const lines = this.#lines;
    if (lines === undefined) return { diff: "", pendingConfirmation: false };
    const before = (await this.getConfig({ ...options, source: "running" })).config;
    await this.#inSession([...lines, "commit"], options);
    this.#lines = undefined;
    if (this.#settings.saveOnCommit) await this.#run(["write memory"], "text", options);
    const after = (await this.getConfig({ ...options, source: "running" })).config;
    const diff = unifiedDiff(before, after, { before: "before", after: "after" });
    return { diff, pendingConfirmation: false };
  }

  /**
   * Runs `lines` after `configure session <unique>` in one request. When a line is rejected, EOS
   * keeps the session pending (uncommitted): it is entered again and aborted, then this throws.
   */
  async #inSession<T>(lines: readonly string[], options: OperationOptions): Promise<T[]> {
    const session = uniqueSessionName(this.#settings.sessionPrefix);
    try {
      return await this.#run<T>([`configure session ${session}`, ...lines], "text", options);
    } catch (error) {
      if (!isPatchbayError(error, "JSONRPC_ERROR")) throw error;
      const e = error as JsonRpcError;
      await this.#run([`configure session ${session}`, "abort"], "text", options).catch((cleanup: unknown) =>
        this.logger.warn({ err: cleanup, session }, "aborting the configuration session failed"),
      );
      const line = e.command ?? "?";
      throw new CommandError(
        `${deviceLabel(this.#context)}the device rejected "${line}": ${firstLines(e.commandErrors.join("; ") || e.rpcMessage)}. Configuration session "${session}" was aborted; nothing was applied.`,
        { ...this.#context, command: line, cause: error },
      );
    }
  }

  async confirmCommit(): Promise<void> {
    throw new UnsupportedOperationError(
      `${deviceLabel(this.#context)}there is no pending confirmed commit to confirm.`,
      this.#context,
    );
  }

  async discardConfig(): Promise<void> {
    this.#lines = undefined;
  }

  async rollback(): Promise<void> {
    throw new UnsupportedOperationError(
      `${deviceLabel(this.#context)}rollback is not supported by this plugin (no safe way back to the previous configuration).`,
      this.#context,
    );
  }
}
