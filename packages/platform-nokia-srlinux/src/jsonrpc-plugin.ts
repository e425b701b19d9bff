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
import { replaceLines } from "@patchbay/driver/ssh";
import { HttpPlugin, type JsonRpcClient, type JsonRpcError } from "@patchbay/http";
import { negateSrlinuxLine, srlinuxDialect } from "./cli-dialect.ts";
import { srlinuxFacts } from "./facts.ts";
import { srlinuxSettings } from "./settings.ts";

/** One command of the JSON-RPC `set` and `validate` methods. */
export interface SrlinuxSetCommand {
  action: "update" | "replace" | "delete";
  /** A path such as `/interface[name=ethernet-1/1]/description`. */
  path: string;
  /** The value for update and replace (a leaf's value or a container's JSON). */
  value?: unknown;
}

/**
 * SR Linux's JSON-RPC management API (`POST /jsonrpc` over HTTPS): facts from the JSON of `show
 * version` (method `cli`), commands as text (`cli`, one request each), the running configuration as
 * JSON (`get /`), as the `info` tree or flat set lines (`cli`), and changes as flat `set / ...` lines
 * sent through the `cli` method in one request: `enter candidate`, the lines, then `commit now` (the
 * preview reads `info from candidate` and ends with `discard now`); a failing line fails the whole
 * request and nothing is applied. `get`, `set` and `validate` are also offered as methods of their
 * own. Connecting reads the hostname, so a wrong password fails at connect.
 */
export class SrlinuxJsonRpcPlugin
  extends HttpPlugin
  implements DeviceInfo, Commands, ConfigRead, ConfigWrite
{
  readonly #settings: ReturnType<typeof srlinuxSettings.parse>;
  #client: JsonRpcClient | undefined;
  #staged: { mode: "merge" | "replace"; lines: string[] } | undefined;

  constructor(device: Device, context: PluginContext) {
    super(device, context);
    this.#settings = srlinuxSettings.parse(device.data.srlinux ?? {}, {
      deviceId: device.id,
      host: device.host,
      platform: device.platform,
    });
  }

  get #context(): ErrorContext {
    return { deviceId: this.device.id, host: this.device.host, platform: this.device.platform };
  }

  get #rpc(): JsonRpcClient {
    const http = this.http;
    if (this.#client === undefined || this.#client.connection !== http)
      this.#client = this.jsonRpc({ path: "/jsonrpc" });
    return this.#client;
  }

  #call<T>(method: string, params: unknown, options: OperationOptions, idempotent: boolean): Promise<T> {
    return this.#rpc.call<T>(method, params, {
      idempotent,
      timeoutMs: options.timeoutMs ?? this.#settings.commandTimeoutMs,
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
    });
  }

  protected override async onConnected(options: OperationOptions): Promise<void> {
    await this.get(["/system/name/host-name"], options);
  }

  override async teardownConnection(): Promise<void> {
    this.#staged = undefined;
    this.#client = undefined;
    await super.teardownConnection();
  }

  /** The JSON-RPC `get`: the value at each path of a datastore (running by default), in order. */
  get(
    paths: readonly string[],
    options: OperationOptions & { datastore?: "running" | "state" } = {},
  ): Promise<unknown[]> {
    const datastore = options.datastore ?? "running";
    return this.#call("get", { commands: paths.map((path) => ({ path, datastore })) }, options, true);
  }

  /** The JSON-RPC `set`: the commands in one transaction, validated and committed, or nothing applied. */
  async set(commands: readonly SrlinuxSetCommand[], options: OperationOptions = {}): Promise<void> {
    await this.#call("set", { commands }, options, false);
  }

  /** The JSON-RPC `validate`: whether the device would accept the commands; nothing is applied. */
  async validate(commands: readonly SrlinuxSetCommand[], options: OperationOptions = {}): Promise<void> {
    await this.#call("validate", { commands }, options, true);
  }

  /** The JSON-RPC `cli`: the commands in order on one CLI session; text or JSON results. */
  cli<T = unknown>(
    commands: readonly string[],
    options: OperationOptions & { format?: "text" | "json"; readOnly?: boolean } = {},
  ): Promise<T[]> {
    return this.#call(
      "cli",
      { commands, "output-format": options.format ?? "text" },
      options,
      options.readOnly ?? false,
    );
  }

  async #text(commands: readonly string[], options: OperationOptions, readOnly: boolean): Promise<string[]> {
    const results = await this.cli<{ text?: unknown }>(commands, { ...options, format: "text", readOnly });
    return results.map((r) => (typeof r?.text === "string" ? r.text : ""));
  }

  async getFacts(options: OperationOptions = {}): Promise<Facts> {
    const [version] = await this.cli<Record<string, Record<string, string>>>(["show version"], {
      ...options,
      format: "json",
      readOnly: true,
    });
    const fields = version?.["basic system info"] ?? {};
    return srlinuxFacts(fields, { "show version": JSON.stringify(version ?? {}) });
  }

  async runCommands(commands: readonly string[], options: RunCommandsOptions = {}): Promise<CommandResult[]> {
    const results: CommandResult[] = [];
    for (const command of commands) {
      const startedAt = new Date();
      const started = performance.now();
      let output: string;
      let error: string | undefined;
      try {
        [output = ""] = await this.#text([command], options, true);
      } catch (e) {
        if (!isPatchbayError(e, "JSONRPC_ERROR")) throw e;
        output = (e as JsonRpcError).rpcMessage;
        error = `the device reported an error: ${output}`;
      }
      const result = commandResult({
        command,
        output,
        error,
        failedWhenContains: options.failedWhenContains,
        startedAt,
        elapsedMs: performance.now() - started,
      });
      results.push(result);
      if (result.failed && options.stopOnFailed) break;
    }
    return results;
  }

  async getConfig(options: GetConfigOptions = {}): Promise<ConfigSnapshot> {
    const source = options.source ?? "running";
    const format = options.format ?? "text";
    if (source !== "running") {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.#context)}the JSON-RPC plugin reads the running configuration only, not ${source}.`,
        this.#context,
      );
    }
    if (format === "json") {
      const [tree] = await this.get(["/"], options);
      return { source, format, config: `${JSON.stringify(tree ?? {}, null, 2)}\n` };
    }
    if (format !== "text" && format !== "set") {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.#context)}SR Linux gives configurations as text, set or json, not ${format}.`,
        this.#context,
      );
    }
    const [text = ""] = await this.#text(
      [format === "set" ? "info flat from running" : "info from running"],
      options,
      true,
    );
    return { source, format, config: text };
  }

  async loadConfig(options: LoadConfigOptions): Promise<void> {
    if (options.format !== undefined && options.format !== "set") {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.#context)}configurations are loaded as flat set lines (set / ..., delete / ...), not ${options.format}; use set() for JSON paths and values.`,
        this.#context,
      );
    }
    const lines = srlinuxDialect.split!(options.config);
    if (lines.length === 0)
      throw new CommandError(
        `${deviceLabel(this.#context)}the configuration to load is empty.`,
        this.#context,
      );
    for (const line of lines) {
      const reason = srlinuxDialect.checkLine!(line);
      if (reason !== undefined) {
        throw new CommandError(`${deviceLabel(this.#context)}"${line}" ${reason}; nothing was staged.`, {
          ...this.#context,
          command: line,
        });
      }
    }
    this.#staged = { mode: options.mode, lines };
  }

  /** The lines one request sends for the staged change. */
  async #lines(options: OperationOptions): Promise<string[]> {
    const staged = this.#staged!;
    if (staged.mode === "merge") return staged.lines;
    const running = (await this.getConfig({ ...options, format: "set" })).config;
    return replaceLines(running, staged.lines, { flat: true, negate: negateSrlinuxLine, keep: /^#/ });
  }

  async #transaction(
    lines: readonly string[],
    end: readonly string[],
    options: OperationOptions,
  ): Promise<string[]> {
    try {
      return await this.#text(["enter candidate", ...lines, ...end], options, false);
    } catch (error) {
      if (!isPatchbayError(error, "JSONRPC_ERROR")) throw error;
      const e = error as JsonRpcError;
      throw new CommandError(
        `${deviceLabel(this.#context)}the device refused the change: ${e.rpcMessage}. Nothing was applied.`,
        { ...this.#context, command: end.join("; "), cause: error },
      );
    }
  }

  async compareConfig(options: OperationOptions = {}): Promise<string> {
    if (this.#staged === undefined) return "";
    const running = (await this.getConfig({ ...options, format: "text" })).config;
    const lines = await this.#lines(options);
    const outputs = await this.#transaction(lines, ["info from candidate", "discard now"], options);
    return unifiedDiff(running, outputs[outputs.length - 2] ?? "", { before: "running", after: "candidate" });
  }

  async commitConfig(options: CommitConfigOptions = {}): Promise<CommitResult> {
    if (options.confirmTimeoutSeconds !== undefined) {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.#context)}confirmed commits are not supported over JSON-RPC by this plugin; nothing was changed.`,
        this.#context,
      );
    }
    if (this.#staged === undefined) return { diff: "", pendingConfirmation: false };
    const before = (await this.getConfig({ ...options, format: "text" })).config;
    const lines = await this.#lines(options);
    const outputs = await this.#transaction(lines, ["commit now"], options);
    const done = outputs[outputs.length - 1] ?? "";
    if (!/All changes have been committed/.test(done)) {
      throw new CommandError(
        `${deviceLabel(this.#context)}"commit now" did not report a commit: ${done.trim().slice(0, 200)}. Compare the running configuration before trying again.`,
        { ...this.#context, command: "commit now" },
      );
    }
    this.#staged = undefined;
    const after = (await this.getConfig({ ...options, format: "text" })).config;
    return {
      diff: unifiedDiff(before, after, { before: "before", after: "after" }),
      pendingConfirmation: false,
    };
  }

  async confirmCommit(): Promise<void> {
    throw new UnsupportedOperationError(
      `${deviceLabel(this.#context)}there are no confirmed commits over JSON-RPC in this plugin, so there is nothing to confirm.`,
      this.#context,
    );
  }

  async discardConfig(): Promise<void> {
    this.#staged = undefined;
  }

  async rollback(): Promise<void> {
    throw new UnsupportedOperationError(
      `${deviceLabel(this.#context)}rollback is not supported over JSON-RPC by this plugin; nothing was sent.`,
      this.#context,
    );
  }
}
