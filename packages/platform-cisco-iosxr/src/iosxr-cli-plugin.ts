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
import type { NetworkDriverOptions } from "@patchbay/driver";
import { type ConfigCommands, previewMerge, SshCliPlugin } from "@patchbay/driver/ssh";
import { parseIosxrFacts } from "./facts.ts";
import { iosxrSettings } from "./settings.ts";

/** Lines that would end, commit or abort the configuration session if they were staged. */
const SESSION_WORDS = /^\s*(commit|abort|end|exit|rollback|do|clear|load|replace)\b/i;

/**
 * IOS-XR over the SSH CLI. IOS-XR edits a target configuration that only `commit` applies, all or
 * nothing. `loadConfig` stages lines; `compareConfig` previews their merge as a diff;
 * `commitConfig` sends them and `commit` in one configuration-mode visit (a rejected line runs
 * `abort`: nothing is applied) and returns the real diff of the running configuration. Confirmed
 * commits, `commit replace` and `rollback configuration` are unsupported here (the simulator has none
 * of them to test against); the NETCONF plugin has confirmed commits.
 */
export class IosxrCliPlugin extends SshCliPlugin implements DeviceInfo {
  protected readonly driverPlatform = "cisco_iosxr";
  readonly #settings: ReturnType<typeof iosxrSettings.parse>;
  #staged: string[] = [];

  constructor(device: Device, context: PluginContext) {
    super(device, context);
    this.#settings = iosxrSettings.parse(device.data.iosxr ?? {}, this.context);
  }

  // IOS-XR has no startup configuration: a commit is persistent.
  protected override configCommands(): ConfigCommands {
    return { running: "show running-config" };
  }

  protected override driverOptions(): Partial<NetworkDriverOptions> {
    return { timeoutOpsMs: this.#settings.commandTimeoutMs };
  }

  protected override cleanConfig(output: string): string {
    return output
      .replace(/^\w{3} \w{3} +\d+ \d{2}:\d{2}:\d{2}(\.\d+)? \S+\n/, "")
      .replace(/^Building configuration\.\.\.\n/m, "")
      .replace(/^!! (IOS XR Configuration|Last configuration change).*\n/gm, "")
      .replace(/^\n+/, "");
  }

  override async teardownConnection(): Promise<void> {
    this.#staged = [];
    await super.teardownConnection();
  }

  async getFacts(options: OperationOptions = {}): Promise<Facts> {
    const [version, inventory] = await this.runCommands(["show version", "show inventory"], options);
    if (version === undefined || version.failed) {
      throw new CommandError(
        `${deviceLabel(this.context)}"show version" failed: ${version?.output.slice(0, 200)}`,
        {
          ...this.context,
          command: "show version",
        },
      );
    }
    return parseIosxrFacts({
      version: version.output,
      inventory: inventory?.failed ? undefined : inventory?.output,
      hostname: this.driver.hostname ?? "",
    });
  }

  override async loadConfig(options: LoadConfigOptions): Promise<void> {
    if (options.format !== undefined && options.format !== "text") {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}the IOS-XR CLI plugin loads configuration text, not ${options.format}; use the NETCONF plugin for XML.`,
        this.context,
      );
    }
    if (options.mode === "replace") {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}replacing the whole configuration (commit replace) is not supported over the IOS-XR CLI plugin; load it in merge mode, or use the NETCONF plugin.`,
        this.context,
      );
    }
    const lines = options.config
      .replace(/\r\n?/g, "\n")
      .split("\n")
      .filter((l) => l.trim() !== "" && l.trim() !== "!");
    if (lines.length === 0) {
      throw new CommandError(`${deviceLabel(this.context)}the configuration to load is empty.`, this.context);
    }
    const bad = lines.find((l) => SESSION_WORDS.test(l));
    if (bad !== undefined) {
      throw new CommandError(
        `${deviceLabel(this.context)}"${bad.trim()}" is not a configuration line (it would end, commit or abort the session); nothing was staged.`,
        { ...this.context, command: bad.trim() },
      );
    }
    this.#staged.push(...lines);
  }

  override async compareConfig(options: OperationOptions = {}): Promise<string> {
    if (this.#staged.length === 0) return "";
    const running = (await this.getConfig({ ...options, source: "running" })).config;
    return unifiedDiff(running, previewMerge(running, this.#staged), {
      before: "running",
      after: "candidate",
    });
  }

  override async commitConfig(options: CommitConfigOptions = {}): Promise<CommitResult> {
    if (options.confirmTimeoutSeconds !== undefined) {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}confirmed commits are not supported over the IOS-XR CLI plugin; use the NETCONF plugin. Nothing was committed.`,
        this.context,
      );
    }
    if (this.#staged.length === 0) return { diff: "", pendingConfirmation: false };
    const before = (await this.getConfig({ ...options, source: "running" })).config;
    const comment = options.message?.replace(/[\r\n]+/g, " ").trim();
    const commit = comment ? `commit comment ${comment}` : "commit";
    const responses = await this.driver.sendConfigs([...this.#staged, commit], {
      ...options,
      commit: false,
      stopOnFailed: true,
    });
    const failed = responses.find((r) => r.failed);
    if (failed !== undefined) {
      throw new CommandError(
        `${deviceLabel(this.context)}the device rejected "${failed.input}": ${firstLines(failed.result)}. The configuration session was aborted: nothing was committed.`,
        { ...this.context, command: failed.input },
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
      `${deviceLabel(this.context)}rollback (rollback configuration last 1) is not supported over the IOS-XR CLI plugin yet; load the previous configuration instead.`,
      this.context,
    );
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
