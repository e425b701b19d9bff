import { Writable } from "node:stream";
import {
  type CommitConfigOptions,
  type CommitResult,
  type ConfigSnapshot,
  type DeviceInfo,
  type Facts,
  type GetConfigOptions,
  type LoadConfigOptions,
  type RollbackOptions,
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
import type { NetworkDriverOptions, Response } from "@patchbay/driver";
import { SshCliPlugin } from "@patchbay/driver/ssh";
import type { SshConnection } from "@patchbay/ssh";
import { parseBirdStatus } from "./facts.ts";
import { birdSettings } from "./settings.ts";

const CHECKED = /^Configuration OK$/m;
const APPLIED = /^(Reconfigured|Reconfiguration in progress|Reconfiguration not needed)\b/m;

/**
 * BIRD 2's birdc over SSH (birdc as the login shell, or started by it).
 *
 * BIRD's configuration is one file that the daemon re-reads on `configure`; birdc cannot print it.
 * So the configuration is read over SFTP (`configPath`), and a change is a whole new file: it is
 * uploaded next to the running one, checked by the daemon (`configure check "file"`), and only then
 * put in place and applied (`configure`); a failed apply puts the previous file back. The previous
 * file is kept for `rollback()`.
 */
export class BirdSshPlugin extends SshCliPlugin implements DeviceInfo {
  protected readonly driverPlatform = "bird";
  readonly #settings: ReturnType<typeof birdSettings.parse>;
  #candidate: string | undefined;

  constructor(device: Device, context: PluginContext) {
    super(device, context);
    this.#settings = birdSettings.parse(device.data.bird ?? {}, this.context);
  }

  protected override driverOptions(): Partial<NetworkDriverOptions> {
    return {
      timeoutOpsMs: this.#settings.commandTimeoutMs,
      transport: (options) => this.#ssh.openShell({ ...options, rows: this.#settings.ptyRows }),
    };
  }

  get #ssh(): SshConnection {
    return this.connection as SshConnection;
  }

  async getFacts(options: OperationOptions = {}): Promise<Facts> {
    const response = await this.#run("show status", options);
    return parseBirdStatus(response.result);
  }

  /** The configuration file (`running`: what `configure` last applied, unless someone edited it since). */
  override async getConfig(options: GetConfigOptions = {}): Promise<ConfigSnapshot> {
    const source = options.source ?? "running";
    const format = options.format ?? "text";
    if (source !== "running" || format !== "text") {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}BIRD has one configuration, its file, read as text; there is no ${source} ${format} configuration.`,
        this.context,
      );
    }
    return { source, format, config: await this.#readFile(this.#settings.configPath, options) };
  }

  /** Stages a whole configuration file (`replace`); BIRD cannot merge lines into its configuration. */
  override async loadConfig(options: LoadConfigOptions): Promise<void> {
    if (options.mode !== "replace") {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}BIRD's configuration is one file: load the whole file with mode "replace" (a merge of lines is not supported).`,
        this.context,
      );
    }
    if (options.format !== undefined && options.format !== "text") {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}BIRD configurations are text, not ${options.format}.`,
        this.context,
      );
    }
    if (options.config.trim() === "") {
      throw new CommandError(`${deviceLabel(this.context)}the configuration to load is empty.`, this.context);
    }
    this.#candidate = options.config.endsWith("\n") ? options.config : `${options.config}\n`;
  }

  override async compareConfig(options: OperationOptions = {}): Promise<string> {
    const candidate = this.#candidate;
    if (candidate === undefined) return "";
    const running = await this.#readFile(this.#settings.configPath, options);
    return unifiedDiff(running, candidate, { before: "running", after: "candidate" });
  }

  override async commitConfig(options: CommitConfigOptions = {}): Promise<CommitResult> {
    if (options.confirmTimeoutSeconds !== undefined) {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}confirmed commits are not supported: BIRD's "configure timeout" reverts the daemon but not its file; nothing was changed.`,
        this.context,
      );
    }
    const candidate = this.#candidate;
    if (candidate === undefined) return { diff: "", pendingConfirmation: false };
    const path = this.#settings.configPath;
    const before = await this.#readFile(path, options);
    await this.#apply(candidate, before, options);
    this.#candidate = undefined;
    return {
      diff: unifiedDiff(before, candidate, { before: "before", after: "after" }),
      pendingConfirmation: false,
    };
  }

  override async confirmCommit(): Promise<void> {
    throw new UnsupportedOperationError(
      `${deviceLabel(this.context)}there is no pending confirmed commit (BIRD commits are not confirmed).`,
      this.context,
    );
  }

  override async discardConfig(): Promise<void> {
    this.#candidate = undefined;
  }

  /** Puts back the file of before the last commit made through this plugin (one step) and applies it. */
  override async rollback(options: RollbackOptions = {}): Promise<void> {
    const steps = options.steps ?? 1;
    if (steps !== 1) {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}BIRD keeps one previous configuration file; rollback of ${steps} steps is not supported.`,
        this.context,
      );
    }
    const previous = await this.#readFile(`${this.#settings.configPath}.patchbay-previous`, options).catch(
      (error: unknown) => {
        throw new CommandError(
          `${deviceLabel(this.context)}there is no previous configuration to roll back to (no commit was made through Patchbay).`,
          { ...this.context, cause: error },
        );
      },
    );
    const current = await this.#readFile(this.#settings.configPath, options);
    await this.#apply(previous, current, options);
  }

  // Checks `text` as a file of its own, then puts it in place and applies it; `current` is kept as the
  // previous file, and restored when the daemon refuses the new one.
  async #apply(text: string, current: string, options: OperationOptions): Promise<void> {
    const path = this.#settings.configPath;
    const candidatePath = `${path}.patchbay-candidate`;
    await this.#ssh.putFile(Buffer.from(text), candidatePath, options);
    const check = await this.#run(`configure check "${candidatePath}"`, options, false);
    if (check.failed || !CHECKED.test(check.result)) {
      throw new CommandError(
        `${deviceLabel(this.context)}BIRD refused the configuration (configure check): ${firstLines(check.result)}. Nothing was changed.`,
        { ...this.context, command: "configure check" },
      );
    }
    await this.#ssh.putFile(Buffer.from(current), `${path}.patchbay-previous`, options);
    await this.#ssh.putFile(Buffer.from(text), path, options);
    const applied = await this.#run("configure", options, false);
    if (applied.failed || !APPLIED.test(applied.result)) {
      await this.#ssh.putFile(Buffer.from(current), path, options);
      throw new CommandError(
        `${deviceLabel(this.context)}"configure" did not apply the checked configuration: ${firstLines(applied.result)}. The previous file was put back.`,
        { ...this.context, command: "configure" },
      );
    }
  }

  async #run(command: string, options: OperationOptions, throwOnFailure = true): Promise<Response> {
    const response = await this.driver.sendCommand(command, options);
    if (throwOnFailure && response.failed) {
      throw new CommandError(
        `${deviceLabel(this.context)}"${command}" failed: ${firstLines(response.result)}`,
        {
          ...this.context,
          command,
        },
      );
    }
    return response;
  }

  async #readFile(path: string, options: OperationOptions): Promise<string> {
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    });
    await this.#ssh.getFile(path, sink, options);
    return Buffer.concat(chunks).toString("utf8");
  }
}

function firstLines(text: string): string {
  return text.trim().split("\n").slice(0, 3).join(" / ").slice(0, 300);
}
