import {
  type CommitConfigOptions,
  type CommitResult,
  type ConfigFormat,
  type ConfigSnapshot,
  type DeviceInfo,
  type Facts,
  type GetConfigOptions,
  type LoadConfigOptions,
  unifiedDiff,
} from "@patchbay/capabilities";
import {
  CommandError,
  type Device,
  deviceLabel,
  type OperationOptions,
  type PluginContext,
  UnsupportedOperationError,
} from "@patchbay/core";
import type { NetworkDriverOptions } from "@patchbay/driver";
import { type ConfigCommands, SshCliPlugin } from "@patchbay/driver/ssh";
import { parseJunosCliFacts } from "./junos-facts.ts";
import { junosSettings } from "./settings.ts";

/** Configuration statements `loadConfig` accepts; anything else (commit, run, exit...) is refused. */
const STATEMENT = /^\s*(set|delete|activate|deactivate|insert|rename|annotate|protect|unprotect)\s+\S/;

/**
 * Junos over the SSH CLI. Junos has a candidate: `loadConfig` stages `set`/`delete` lines, and every
 * change is made in one configuration-mode visit (`configure`, the lines, then `commit` or
 * `rollback 0`), so the session never sits in configuration mode between calls. `compareConfig`
 * and `getConfig({ source: "candidate" })` load the lines, read the candidate with `show` and undo
 * them with `rollback 0`. Confirmed commits and `rollback N` are left to the NETCONF plugin.
 */
export class JunosCliPlugin extends SshCliPlugin implements DeviceInfo {
  protected readonly driverPlatform = "juniper_junos";
  readonly #settings: ReturnType<typeof junosSettings.parse>;
  #staged: string[] = [];

  constructor(device: Device, context: PluginContext) {
    super(device, context);
    this.#settings = junosSettings.parse(device.data.junos ?? {}, this.context);
  }

  protected override configCommands(): ConfigCommands {
    return { running: "show configuration" };
  }

  protected override driverOptions(): Partial<NetworkDriverOptions> {
    return { timeoutOpsMs: this.#settings.commandTimeoutMs };
  }

  protected override cleanConfig(output: string): string {
    return output
      .replace(/^## Last (commit|changed):.*\n/gm, "")
      .replace(/\n*\[edit[^\]\n]*\]\s*$/, "\n")
      .replace(/^\n+/, "");
  }

  override async teardownConnection(): Promise<void> {
    this.#staged = [];
    await super.teardownConnection();
  }

  async getFacts(options: OperationOptions = {}): Promise<Facts> {
    const [version, hardware, uptime] = await this.runCommands(
      ["show version", "show chassis hardware", "show system uptime"],
      options,
    );
    if (version === undefined || version.failed) {
      throw new CommandError(
        `${deviceLabel(this.context)}"show version" failed: ${version?.output.slice(0, 200)}`,
        {
          ...this.context,
          command: "show version",
        },
      );
    }
    return parseJunosCliFacts({
      version: version.output,
      hardware: hardware?.failed ? undefined : hardware?.output,
      uptime: uptime?.failed ? undefined : uptime?.output,
    });
  }

  override async getConfig(options: GetConfigOptions = {}): Promise<ConfigSnapshot> {
    const source = options.source ?? "running";
    const format = options.format ?? "text";
    if (format !== "text" && format !== "set") {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}the Junos CLI plugin reads configurations as text or set, not ${format}; use the NETCONF plugin for XML.`,
        this.context,
      );
    }
    if (source === "startup") {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}Junos has no startup configuration: the committed configuration is the running one.`,
        this.context,
      );
    }
    if (source === "candidate") return { source, format, config: await this.#candidate(format, options) };
    const command = format === "set" ? "show configuration | display set" : "show configuration";
    const response = await this.driver.sendCommand(command, options);
    if (response.failed) {
      throw new CommandError(
        `${deviceLabel(this.context)}"${command}" failed: ${response.result.slice(0, 200)}`,
        {
          ...this.context,
          command,
        },
      );
    }
    return { source, format, config: this.cleanConfig(response.result) };
  }

  override async loadConfig(options: LoadConfigOptions): Promise<void> {
    if (options.format !== undefined && options.format !== "set") {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}the Junos CLI plugin loads set/delete lines (format "set"), not ${options.format}; use the NETCONF plugin for XML.`,
        this.context,
      );
    }
    if (options.mode === "replace") {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}replacing the whole configuration is not supported over the Junos CLI (load override); use the NETCONF plugin, or merge set lines.`,
        this.context,
      );
    }
    const lines = options.config
      .replace(/\r\n?/g, "\n")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l !== "" && !l.startsWith("#"));
    if (lines.length === 0) {
      throw new CommandError(`${deviceLabel(this.context)}the configuration to load is empty.`, this.context);
    }
    const bad = lines.find((l) => !STATEMENT.test(l));
    if (bad !== undefined) {
      throw new CommandError(
        `${deviceLabel(this.context)}"${bad}" is not a configuration statement (set, delete, activate...); nothing was staged.`,
        { ...this.context, command: bad },
      );
    }
    this.#staged.push(...lines);
  }

  override async compareConfig(options: OperationOptions = {}): Promise<string> {
    if (this.#staged.length === 0) return "";
    const running = (await this.getConfig({ ...options, source: "running" })).config;
    const candidate = await this.#candidate("text", options);
    return unifiedDiff(running, candidate, { before: "running", after: "candidate" });
  }

  override async commitConfig(options: CommitConfigOptions = {}): Promise<CommitResult> {
    if (options.confirmTimeoutSeconds !== undefined) {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}confirmed commits are not supported over the Junos CLI plugin; use the NETCONF plugin. Nothing was committed.`,
        this.context,
      );
    }
    if (this.#staged.length === 0) return { diff: "", pendingConfirmation: false };
    const before = (await this.getConfig({ ...options, source: "running" })).config;
    const comment = options.message?.replace(/["\\\r\n]+/g, " ").trim();
    const commit = comment ? `commit comment "${comment}"` : "commit";
    const responses = await this.driver.sendConfigs([...this.#staged, commit], {
      ...options,
      commit: false,
      stopOnFailed: true,
    });
    const failed = responses.find((r) => r.failed);
    if (failed !== undefined) {
      throw new CommandError(
        `${deviceLabel(this.context)}the device rejected "${failed.input}": ${firstLines(failed.result)}. The candidate was rolled back (rollback 0): nothing was committed.`,
        { ...this.context, command: failed.input },
      );
    }
    const done = responses[responses.length - 1];
    if (done === undefined || !/commit complete/.test(done.result)) {
      throw new CommandError(
        `${deviceLabel(this.context)}"${commit}" did not report "commit complete": ${firstLines(done?.result ?? "")}`,
        { ...this.context, command: commit },
      );
    }
    this.#staged = [];
    const after = (await this.getConfig({ ...options, source: "running" })).config;
    return {
      diff: unifiedDiff(before, after, { before: "before", after: "after" }),
      pendingConfirmation: false,
    };
  }

  override async discardConfig(): Promise<void> {
    this.#staged = [];
  }

  override async rollback(): Promise<void> {
    throw new UnsupportedOperationError(
      `${deviceLabel(this.context)}rollback is not supported over the Junos CLI plugin; use the NETCONF plugin (cancel a confirmed commit) or load the previous configuration.`,
      this.context,
    );
  }

  /** The candidate with the staged lines: loaded, shown, and rolled back in one visit. */
  async #candidate(format: ConfigFormat, options: OperationOptions): Promise<string> {
    const show = format === "set" ? "show | display set" : "show";
    const responses = await this.driver.sendConfigs([...this.#staged, show, "rollback 0"], {
      ...options,
      commit: false,
      stopOnFailed: true,
    });
    const failed = responses.find((r) => r.failed);
    if (failed !== undefined) {
      throw new CommandError(
        `${deviceLabel(this.context)}the device rejected "${failed.input}": ${firstLines(failed.result)}. The candidate was rolled back (rollback 0).`,
        { ...this.context, command: failed.input },
      );
    }
    const shown = responses[responses.length - 2];
    return this.cleanConfig(shown?.result ?? "");
  }
}

function firstLines(text: string): string {
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .slice(0, 3)
    .join(" / ")
    .slice(0, 300);
}
