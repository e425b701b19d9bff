import {
  type CommitConfigOptions,
  type CommitResult,
  type DeviceInfo,
  type Facts,
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
import { getPlatformDefinition, type NetworkDriverOptions, type PlatformDefinition } from "@patchbay/driver";
import { SshCliPlugin } from "@patchbay/driver/ssh";
import { parseShowVersion } from "./facts.ts";
import { cleanEosConfig, configLines, firstLines, uniqueSessionName } from "./internal/session.ts";
import { aristaEosSettings } from "./settings.ts";

/**
 * EOS over an SSH shell (the driver's `arista_eos` platform): show commands, running and startup
 * configurations, facts from `show version`, and configuration changes through configuration
 * sessions.
 *
 * `loadConfig` only stages the lines. `compareConfig` sends them into a fresh session, reads
 * `show session-config` and aborts the session: the diff is what EOS itself would make of them.
 * `commitConfig` sends them into a fresh session and commits; a rejected line aborts the session, so
 * nothing is applied. Replace, confirmed commits (`commit timer`) and rollback are unsupported over
 * the CLI and throw before anything is sent.
 */
export class AristaEosCliPlugin extends SshCliPlugin implements DeviceInfo {
  protected readonly driverPlatform = "arista_eos";
  readonly #settings: ReturnType<typeof aristaEosSettings.parse>;
  #lines: string[] | undefined;

  constructor(device: Device, context: PluginContext) {
    super(device, context);
    this.#settings = aristaEosSettings.parse(device.data.eos ?? {}, {
      deviceId: device.id,
      host: device.host,
      platform: device.platform,
    });
  }

  protected override driverOptions(): Partial<NetworkDriverOptions> {
    return { timeoutOpsMs: this.#settings.commandTimeoutMs, platform: eosWithExplicitCommit() };
  }

  protected override cleanConfig(output: string): string {
    return cleanEosConfig(output);
  }

  async getFacts(options: OperationOptions = {}): Promise<Facts> {
    const responses = await this.driver.sendCommands(["show version", "show hostname"], options);
    const failed = responses.find((r) => r.failed);
    if (failed !== undefined) {
      throw new CommandError(
        `${deviceLabel(this.context)}"${failed.input}" failed: ${firstLines(failed.result)}`,
        { ...this.context, command: failed.input },
      );
    }
    const facts = parseShowVersion(responses[0]?.result ?? "", responses[1]?.result ?? "");
    if (facts.hostname === "") facts.hostname = this.driver.hostname ?? "";
    return facts;
  }

  override async loadConfig(options: LoadConfigOptions): Promise<void> {
    await super.loadConfig(options);
    this.#lines = configLines(options.config);
  }

  override async discardConfig(_options?: OperationOptions): Promise<void> {
    this.#lines = undefined;
    await super.discardConfig();
  }

  override async teardownConnection(): Promise<void> {
    this.#lines = undefined;
    await super.teardownConnection();
  }

  override async compareConfig(options: OperationOptions = {}): Promise<string> {
    const lines = this.#lines;
    if (lines === undefined) return "";
    const running = (await this.getConfig({ ...options, source: "running" })).config;
    const responses = await this.#inSession([...lines, "show session-config", "abort"], options);
    const candidate = cleanEosConfig(responses[lines.length]?.result ?? "");
    return unifiedDiff(running, candidate, { before: "running", after: "candidate" });
  }

  override async commitConfig(options: CommitConfigOptions = {}): Promise<CommitResult> {
    if (options.confirmTimeoutSeconds !== undefined) {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}confirmed commits (commit timer) are not supported by this plugin over the CLI; nothing was changed.`,
        this.context,
      );
    }
    const lines = this.#lines;
    if (lines === undefined) return { diff: "", pendingConfirmation: false };
    const before = (await this.getConfig({ ...options, source: "running" })).config;
    await this.#inSession([...lines, "commit"], options);
    await this.discardConfig();
    const after = (await this.getConfig({ ...options, source: "running" })).config;
    const diff = unifiedDiff(before, after, { before: "before", after: "after" });
    if (this.#settings.saveOnCommit && diff !== "") await this.#save(options);
    return { diff, pendingConfirmation: false };
  }

  /** Sends `lines` into a new session; on a rejected line the driver aborts it and this throws. */
  async #inSession(lines: readonly string[], options: OperationOptions) {
    const session = uniqueSessionName(this.#settings.sessionPrefix);
    const responses = await this.driver.sendConfigs(lines, { ...options, session, stopOnFailed: true });
    const failed = responses.find((r) => r.failed);
    if (failed !== undefined) {
      throw new CommandError(
        `${deviceLabel(this.context)}the device rejected "${failed.input}": ${firstLines(failed.result)}. Configuration session "${session}" was aborted; nothing was applied.`,
        { ...this.context, command: failed.input },
      );
    }
    return responses;
  }

  async #save(options: OperationOptions): Promise<void> {
    const response = await this.driver.sendCommand("write memory", options);
    if (response.failed) {
      throw new CommandError(
        `${deviceLabel(this.context)}the change is in the running configuration but "write memory" failed: ${firstLines(response.result)}; save it before a reload.`,
        { ...this.context, command: "write memory" },
      );
    }
  }
}

let explicitCommit: PlatformDefinition | undefined;

/**
 * The driver's EOS definition, but a session is only committed by a `commit` line the plugin sends
 * itself: a preview ends its session with `abort` instead, and a failed commit is seen as a failure.
 */
function eosWithExplicitCommit(): PlatformDefinition {
  if (explicitCommit !== undefined) return explicitCommit;
  const base = getPlatformDefinition("arista_eos");
  if (base.configSession === undefined) return base;
  explicitCommit = Object.freeze({
    ...base,
    configSession: Object.freeze({ ...base.configSession, commit: [] }),
  });
  return explicitCommit;
}
