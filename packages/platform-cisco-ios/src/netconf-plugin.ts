import {
  type CommitConfigOptions,
  type CommitResult,
  type ConfigRead,
  type ConfigSnapshot,
  type ConfigWrite,
  type DeviceInfo,
  type Facts,
  type GetConfigOptions,
  type LoadConfigOptions,
  unifiedDiff,
} from "@patchbay/capabilities";
import {
  type Device,
  deviceLabel,
  type ErrorContext,
  type OperationOptions,
  type PluginContext,
  UnsupportedOperationError,
} from "@patchbay/core";
import { NetconfPlugin } from "@patchbay/netconf";
import { xmlLines } from "./internal/xml-lines.ts";
import { factsFromNetconf, IETF_SYSTEM, IOSXE_HARDWARE, IOSXE_NATIVE } from "./netconf-facts.ts";
import { ciscoIosSettings } from "./settings.ts";

/**
 * IOS-XE over NETCONF: configurations as XML, and changes on the candidate datastore.
 *
 * `loadConfig` locks the candidate (released by commit or discard), starts it from running and
 * edits it (`merge`, or `replace` for the whole configuration); an edit the device rejects is
 * discarded and throws. `compareConfig` diffs candidate against running, one element per line.
 * `commitConfig` commits, confirmed with `confirmTimeoutSeconds`; `confirmCommit` confirms it and
 * `rollback` cancels it (`cancel-commit`). Without a pending confirmed commit, rollback is
 * unsupported: NETCONF has no standard way back to an earlier configuration.
 */
export class CiscoIosxeNetconfPlugin extends NetconfPlugin implements DeviceInfo, ConfigRead, ConfigWrite {
  readonly #settings: ReturnType<typeof ciscoIosSettings.parse>;
  #locked = false;
  #staged = false;
  #pendingConfirmation = false;

  constructor(device: Device, context: PluginContext) {
    super(device, context);
    this.#settings = ciscoIosSettings.parse(device.data.ios ?? {}, {
      deviceId: device.id,
      host: device.host,
      platform: device.platform,
    });
  }

  get #context(): ErrorContext {
    return { deviceId: this.device.id, host: this.device.host, platform: this.device.platform };
  }

  override async teardownConnection(): Promise<void> {
    // Closing the session releases its locks and, per RFC 6241, rolls back an unconfirmed commit.
    this.#locked = false;
    this.#staged = false;
    this.#pendingConfirmation = false;
    await super.teardownConnection();
  }

  async getFacts(options: OperationOptions = {}): Promise<Facts> {
    const op = pick(options);
    const config = await this.netconf.getConfig({
      ...op,
      filter: `<system xmlns="${IETF_SYSTEM}"><hostname/></system><native xmlns="${IOSXE_NATIVE}"><hostname/></native>`,
    });
    const state = await this.netconf.get({
      ...op,
      filter: `<device-hardware-data xmlns="${IOSXE_HARDWARE}"/><system-state xmlns="${IETF_SYSTEM}"/>`,
    });
    return factsFromNetconf(config.elements, state.elements, {
      "get-config system hostname": config.xml,
      "get device-hardware-data system-state": state.xml,
    });
  }

  async getConfig(options: GetConfigOptions = {}): Promise<ConfigSnapshot> {
    const source = options.source ?? "running";
    const format = options.format ?? "xml";
    if (format !== "xml") {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.#context)}the NETCONF plugin reads configurations as xml, not ${format}; use the SSH CLI plugin for text.`,
        this.#context,
      );
    }
    const reply = await this.netconf.getConfig({ ...pick(options), source });
    return { source, format, config: reply.xml };
  }

  async loadConfig(options: LoadConfigOptions): Promise<void> {
    if (options.format !== undefined && options.format !== "xml") {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.#context)}the NETCONF plugin loads xml (the content of <config>), not ${options.format}.`,
        this.#context,
      );
    }
    const op = pick(options);
    if (!this.#locked) {
      await this.netconf.lock("candidate", op);
      this.#locked = true;
    }
    try {
      // Start from running, so the diff and the commit hold only this change, not leftovers.
      if (!this.#staged) await this.netconf.discardChanges(op);
      await this.netconf.editConfig({
        ...op,
        target: "candidate",
        config: options.config,
        defaultOperation: options.mode,
      });
      this.#staged = true;
    } catch (error) {
      await this.#release(op);
      throw error;
    }
  }

  async compareConfig(options: OperationOptions = {}): Promise<string> {
    if (!this.#staged) return "";
    const op = pick(options);
    const [running, candidate] = await Promise.all([
      this.netconf.getConfig({ ...op, source: "running" }),
      this.netconf.getConfig({ ...op, source: "candidate" }),
    ]);
    return unifiedDiff(xmlLines(running.xml), xmlLines(candidate.xml), {
      before: "running",
      after: "candidate",
    });
  }

  async commitConfig(options: CommitConfigOptions = {}): Promise<CommitResult> {
    const confirm = options.confirmTimeoutSeconds;
    if (confirm !== undefined && (!Number.isInteger(confirm) || confirm <= 0)) {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.#context)}confirmTimeoutSeconds must be a positive whole number of seconds, got ${confirm}; nothing was changed.`,
        this.#context,
      );
    }
    if (!this.#staged) return { diff: "", pendingConfirmation: this.#pendingConfirmation };
    const op = pick(options);
    const before = (await this.netconf.getConfig({ ...op, source: "running" })).xml;
    await this.netconf.commit({
      ...op,
      ...(confirm !== undefined ? { confirmed: true, confirmTimeout: confirm } : {}),
    });
    this.#staged = false;
    this.#pendingConfirmation = confirm !== undefined;
    await this.#release(op, false);
    const after = (await this.netconf.getConfig({ ...op, source: "running" })).xml;
    const diff = unifiedDiff(xmlLines(before), xmlLines(after), { before: "before", after: "after" });
    if (confirm === undefined && diff !== "") await this.#save(op);
    return { diff, pendingConfirmation: this.#pendingConfirmation };
  }

  async confirmCommit(options: OperationOptions = {}): Promise<void> {
    if (!this.#pendingConfirmation) {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.#context)}there is no pending confirmed commit to confirm in this session.`,
        this.#context,
      );
    }
    const op = pick(options);
    await this.netconf.commit(op);
    this.#pendingConfirmation = false;
    await this.#save(op);
  }

  async discardConfig(options: OperationOptions = {}): Promise<void> {
    if (!this.#staged && !this.#locked) return;
    await this.#release(pick(options));
  }

  async rollback(options: OperationOptions = {}): Promise<void> {
    if (!this.#pendingConfirmation) {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.#context)}rollback over NETCONF is only possible while a confirmed commit is pending (cancel-commit); commit with confirmTimeoutSeconds to be able to roll back.`,
        this.#context,
      );
    }
    await this.netconf.cancelCommit(pick(options));
    this.#pendingConfirmation = false;
  }

  /** Drops the candidate's changes (unless told not to) and releases the lock. */
  async #release(op: OperationOptions, discard = true): Promise<void> {
    try {
      if (discard && this.#staged) await this.netconf.discardChanges(op);
    } finally {
      this.#staged = false;
      if (this.#locked) {
        this.#locked = false;
        await this.netconf.unlock("candidate", op);
      }
    }
  }

  async #save(op: OperationOptions): Promise<void> {
    if (!this.#settings.saveOnCommit) return;
    await this.netconf.copyConfig({ ...op, source: "running", target: "startup" });
  }
}

function pick(options: OperationOptions): OperationOptions {
  return {
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
  };
}
