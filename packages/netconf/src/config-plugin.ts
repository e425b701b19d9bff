// Generic RFC 6241 configuration over the candidate datastore, or over running where a server has
// no candidate, shared by the NETCONF plugins (Junos, IOS-XR, the generic NETCONF platform).
import {
  type CommitConfigOptions,
  type CommitResult,
  type ConfigRead,
  type ConfigSnapshot,
  type ConfigWrite,
  type GetConfigOptions,
  type LoadConfigOptions,
  unifiedDiff,
} from "@patchbay/capabilities";
import {
  CommandError,
  deviceLabel,
  type ErrorContext,
  type OperationOptions,
  UnsupportedOperationError,
} from "@patchbay/core";
import type { RpcOptions } from "./operations.ts";
import { NetconfPlugin } from "./plugin.ts";
import type { XmlContent } from "./reply.ts";
import { parseXmlFragment, type XmlElement } from "./xml.ts";

/** Where `ConfigWrite` stages and applies changes. */
export type ConfigDatastore = "candidate" | "running";

/**
 * Base class of NETCONF plugins: `ConfigRead` with `get-config` (XML), and `ConfigWrite` on the
 * candidate datastore (RFC 6241 `:candidate`), or, on servers without one that advertise
 * `:writable-running` (or when `configDatastore()` says so), on running:
 *
 * On running, `loadConfig` checks the XML and keeps it in this session (nothing is sent);
 * `commitConfig` locks running, applies the edits in order (`rollback-on-error` where offered),
 * unlocks and returns the diff; `compareConfig` refuses (the server's merge cannot be previewed
 * without applying it); confirmed commits and `rollback` are refused before anything is sent.
 *
 * On the candidate:
 * - `loadConfig` locks the candidate (unless `lockCandidate()` says not to) and edits it with
 *   `edit-config`, default-operation `merge` or `replace`.
 * - `compareConfig` diffs the candidate against running, both as indented XML.
 * - `commitConfig` commits (a confirmed commit with `confirmTimeoutSeconds`, `:confirmed-commit`),
 *   unlocks, and returns the diff of running before and after.
 * - `confirmCommit` confirms this session's pending confirmed commit; `rollback` cancels it
 *   (`cancel-commit`, `:confirmed-commit:1.1`). A finished commit cannot be rolled back over plain
 *   NETCONF: `rollback` then throws `UnsupportedOperationError`.
 * - `discardConfig` runs `discard-changes` when this session changed the candidate, and unlocks.
 * - `compareConfig` and `commitConfig` do nothing (an empty diff) when this session has not loaded
 *   anything since its last commit or discard: the candidate may be shared with other sessions.
 *
 * Whatever the server lacks is refused with `UnsupportedOperationError` before anything is sent.
 * An edit the server rejects as this session's first change leaves nothing behind: when this session
 * locked the candidate, it is discarded and unlocked before the error is thrown.
 *
 * Dialect hooks for platforms: `configDatastore`, `lockCandidate`, `startCandidateFromRunning`,
 * `renderConfig` (the text that previews and commit diffs compare) and `saveCommitted` (what makes
 * a final commit survive a reload, e.g. copying running to startup).
 */
export abstract class NetconfConfigPlugin extends NetconfPlugin implements ConfigRead, ConfigWrite {
  #locked = false;
  #changed = false;
  #pending = false;
  /** Edits loaded for running, applied by `commitConfig`. */
  #staged: Array<{ config: string; mode: "merge" | "replace" }> = [];

  /**
   * Where changes go: `auto` is the candidate when the server has one, else running.
   * @default "auto"
   */
  protected configDatastore(): "auto" | ConfigDatastore {
    return "auto";
  }

  /** The datastore `ConfigWrite` uses on this server; throws when it has neither. */
  protected writeDatastore(what: string): ConfigDatastore {
    const caps = this.netconf.capabilities;
    const wanted = this.configDatastore();
    if (wanted !== "running" && caps.has(":candidate")) return "candidate";
    if (wanted !== "candidate" && caps.has(":writable-running")) return "running";
    const needs =
      wanted === "candidate"
        ? "the candidate datastore (:candidate)"
        : wanted === "running"
          ? "a writable running datastore (:writable-running)"
          : "the candidate datastore (:candidate) or a writable running datastore (:writable-running)";
    throw new UnsupportedOperationError(
      `${deviceLabel(this.context)}${what} needs ${needs}, which the server does not advertise; nothing was sent.`,
      this.context,
    );
  }

  /** Whether `loadConfig` locks the candidate until commit or discard. @default true */
  protected lockCandidate(): boolean {
    return true;
  }

  /**
   * Whether the first load of a change resets the locked candidate to running (`discard-changes`),
   * so that the preview and the commit hold this change only, not what another session left there.
   * Used only when `lockCandidate()` holds (discarding an unlocked, shared candidate would drop other
   * sessions' edits). @default false
   */
  protected startCandidateFromRunning(): boolean {
    return false;
  }

  /**
   * A configuration as the text that `compareConfig` and `commitConfig` diff line by line.
   * @default `formatXml` of the parsed elements
   */
  protected renderConfig(config: XmlContent): string {
    return formatXml(config.elements);
  }

  /**
   * Called when a change becomes final: after a commit without confirmation that changed running,
   * and after `confirmCommit`. Platforms that keep startup apart from running save here.
   * @default nothing
   */
  protected async saveCommitted(_options: RpcOptions): Promise<void> {}

  protected get context(): ErrorContext {
    return { deviceId: this.device.id, host: this.device.host, platform: this.device.platform };
  }

  /** Whether this session has a confirmed commit waiting for `confirmCommit`. */
  get pendingConfirmation(): boolean {
    return this.#pending;
  }

  override async teardownConnection(): Promise<void> {
    // The server releases the lock and rolls back an unconfirmed commit when the session ends.
    this.#locked = false;
    this.#changed = false;
    this.#pending = false;
    this.#staged = [];
    await super.teardownConnection();
  }

  async getConfig(options: GetConfigOptions = {}): Promise<ConfigSnapshot> {
    const source = options.source ?? "running";
    const format = options.format ?? "xml";
    if (format !== "xml") {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}NETCONF returns configurations as XML, not ${format}.`,
        this.context,
      );
    }
    const reply = await this.netconf.getConfig({ source, ...rpcOptions(options) });
    return { source, format, config: reply.xml };
  }

  async loadConfig(options: LoadConfigOptions): Promise<void> {
    if (options.format !== undefined && options.format !== "xml") {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}NETCONF loads configurations as XML, not ${options.format}.`,
        this.context,
      );
    }
    if (options.mode !== "merge" && options.mode !== "replace") {
      throw new CommandError(
        `${deviceLabel(this.context)}mode must be "merge" or "replace", got ${JSON.stringify(options.mode)}.`,
        this.context,
      );
    }
    const datastore = this.writeDatastore("loading a configuration");
    const config = typeof options.config === "string" ? options.config.trim() : "";
    if (config === "") {
      throw new CommandError(`${deviceLabel(this.context)}the configuration to load is empty.`, this.context);
    }
    try {
      parseXmlFragment(config);
    } catch (cause) {
      throw new CommandError(
        `${deviceLabel(this.context)}the configuration to load is not well-formed XML (${(cause as Error).message}); nothing was sent.`,
        { ...this.context, cause },
      );
    }
    if (datastore === "running") {
      // Nothing to stage on the server: the edits wait here for commitConfig.
      this.#staged.push({ config, mode: options.mode });
      this.#changed = true;
      return;
    }
    const op = rpcOptions(options);
    if (this.lockCandidate() && !this.#locked) {
      await this.netconf.lock("candidate", op);
      this.#locked = true;
    }
    const first = !this.#changed;
    this.#changed = true;
    try {
      if (first && this.#locked && this.startCandidateFromRunning()) await this.netconf.discardChanges(op);
      await this.netconf.editConfig({
        target: "candidate",
        config,
        defaultOperation: options.mode,
        // A rejected edit then leaves the candidate as it was before this load.
        ...(this.netconf.capabilities.has(":rollback-on-error") ? { errorOption: "rollback-on-error" } : {}),
        ...op,
      });
    } catch (err) {
      // A rejected first change leaves nothing of this session's to keep: drop it and free the lock.
      // Without the lock the candidate may hold other sessions' edits, so it is left to discardConfig.
      if (first && this.#locked) {
        this.#changed = false;
        await this.netconf.discardChanges(op).catch(() => {});
        await this.#unlock(op).catch(() => {});
      }
      throw err;
    }
  }

  async compareConfig(options: OperationOptions = {}): Promise<string> {
    if (this.writeDatastore("comparing a change") === "running") {
      if (!this.#changed) return "";
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}the server has no candidate datastore, so a change to running cannot be previewed without applying it; commitConfig applies it and returns the diff.`,
        this.context,
      );
    }
    // A candidate this session did not change is not its change to show (it may be shared).
    if (!this.#changed) return "";
    const op = rpcOptions(options);
    const running = await this.netconf.getConfig({ source: "running", ...op });
    const candidate = await this.netconf.getConfig({ source: "candidate", ...op });
    return unifiedDiff(this.renderConfig(running), this.renderConfig(candidate), {
      before: "running",
      after: "candidate",
    });
  }

  async commitConfig(options: CommitConfigOptions = {}): Promise<CommitResult> {
    const confirm = options.confirmTimeoutSeconds;
    // A bad value is refused first, before the connection is touched.
    if (confirm !== undefined && (!Number.isInteger(confirm) || confirm < 1)) {
      throw new CommandError(
        `${deviceLabel(this.context)}confirmTimeoutSeconds must be a whole number of seconds >= 1, got ${confirm}; nothing was committed.`,
        this.context,
      );
    }
    const datastore = this.writeDatastore("commit");
    if (
      confirm !== undefined &&
      (datastore === "running" || !this.netconf.capabilities.has(":confirmed-commit"))
    ) {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}the server has no confirmed commits (:confirmed-commit); nothing was committed.`,
        this.context,
      );
    }
    // Nothing loaded by this session: commit nothing (a shared candidate may hold other sessions' edits).
    if (!this.#changed) return { diff: "", pendingConfirmation: this.#pending };
    const op = rpcOptions(options);
    if (datastore === "running") return this.#commitRunning(op);
    const before = this.renderConfig(await this.netconf.getConfig({ source: "running", ...op }));
    await this.netconf.commit(
      confirm === undefined ? op : { confirmed: true, confirmTimeout: confirm, ...op },
    );
    this.#pending = confirm !== undefined;
    this.#changed = false;
    const after = this.renderConfig(await this.netconf.getConfig({ source: "running", ...op }));
    await this.#unlock(op);
    const diff = unifiedDiff(before, after, { before: "before", after: "after" });
    if (!this.#pending && diff !== "") await this.saveCommitted(op);
    return { diff, pendingConfirmation: this.#pending };
  }

  async confirmCommit(options: OperationOptions = {}): Promise<void> {
    if (!this.#pending) {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}there is no pending confirmed commit of this session to confirm.`,
        this.context,
      );
    }
    // A commit without <confirmed/> confirms the pending one (RFC 6241 section 8.4).
    const op = rpcOptions(options);
    await this.netconf.commit(op);
    this.#pending = false;
    await this.saveCommitted(op);
  }

  async discardConfig(options: OperationOptions = {}): Promise<void> {
    const op = rpcOptions(options);
    if (this.#staged.length > 0) {
      this.#staged = [];
      this.#changed = false;
    }
    // Only this session's changes: the candidate may be shared, and untouched it has nothing to drop.
    if (this.#changed) {
      await this.netconf.discardChanges(op);
      this.#changed = false;
    }
    await this.#unlock(op);
  }

  async rollback(options: OperationOptions = {}): Promise<void> {
    if (!this.#pending) {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}NETCONF can only roll back a pending confirmed commit (cancel-commit); there is none, and a finished commit has no standard rollback. Load the previous configuration instead.`,
        this.context,
      );
    }
    if (!this.netconf.capabilities.has(":confirmed-commit:1.1")) {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}the server has no cancel-commit (:confirmed-commit:1.1); close the session, or let the confirm timeout pass, to roll back.`,
        this.context,
      );
    }
    await this.netconf.cancelCommit(rpcOptions(options));
    this.#pending = false;
  }

  /** Applies the staged edits to running under a lock; the diff is of running before and after. */
  async #commitRunning(op: RpcOptions): Promise<CommitResult> {
    const staged = this.#staged;
    const before = this.renderConfig(await this.netconf.getConfig({ source: "running", ...op }));
    const lock = this.lockCandidate();
    if (lock) await this.netconf.lock("running", op);
    try {
      // Applied edits leave the list, so a failure keeps only what was not applied.
      for (let edit = staged[0]; edit !== undefined; edit = staged[0]) {
        await this.netconf.editConfig({
          target: "running",
          config: edit.config,
          defaultOperation: edit.mode,
          ...(this.netconf.capabilities.has(":rollback-on-error")
            ? { errorOption: "rollback-on-error" }
            : {}),
          ...op,
        });
        staged.shift();
      }
    } catch (err) {
      // The edit's error is what the caller needs; a failing unlock must not hide it.
      if (lock) await this.netconf.unlock("running", op).catch(() => {});
      throw err;
    }
    if (lock) await this.netconf.unlock("running", op);
    this.#changed = false;
    const after = this.renderConfig(await this.netconf.getConfig({ source: "running", ...op }));
    const diff = unifiedDiff(before, after, { before: "before", after: "after" });
    if (diff !== "") await this.saveCommitted(op);
    return { diff, pendingConfirmation: false };
  }

  async #unlock(op: RpcOptions): Promise<void> {
    if (!this.#locked) return;
    this.#locked = false;
    await this.netconf.unlock("candidate", op);
  }
}

/** `{ timeoutMs, signal }` without undefined members. */
export function rpcOptions(options: OperationOptions): RpcOptions {
  return {
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
  };
}

/**
 * XML as one element or leaf per line, indented by depth, with `xmlns` where the namespace changes:
 * a stable text form for line diffs of configurations.
 */
export function formatXml(elements: readonly XmlElement[]): string {
  const lines: string[] = [];
  const walk = (el: XmlElement, parentNs: string, depth: number): void => {
    const pad = "  ".repeat(depth);
    const ns = el.namespace !== parentNs && el.namespace !== "" ? ` xmlns="${escapeXml(el.namespace)}"` : "";
    const attrs = Object.entries(el.attributes)
      .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
      .join("");
    const open = `${el.name}${ns}${attrs}`;
    if (el.children.length === 0) {
      // Whitespace alone is the server's indentation, not a value.
      const text = el.text.trim() === "" ? "" : el.text;
      lines.push(text === "" ? `${pad}<${open}/>` : `${pad}<${open}>${escapeXml(text)}</${el.name}>`);
      return;
    }
    lines.push(`${pad}<${open}>`);
    for (const child of el.children) walk(child, el.namespace, depth + 1);
    lines.push(`${pad}</${el.name}>`);
  };
  for (const el of elements) walk(el, "", 0);
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

function escapeXml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}
