// Generic RFC 6241 configuration over a candidate datastore, shared by the NETCONF plugins of
// platforms with a candidate (Junos, IOS-XR).
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
import { parseXmlFragment, type XmlElement } from "./xml.ts";

/**
 * Base class of NETCONF plugins whose devices have a candidate datastore (RFC 6241 `:candidate`):
 * `ConfigRead` with `get-config` (XML), and `ConfigWrite` on the candidate.
 *
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
 */
export abstract class NetconfConfigPlugin extends NetconfPlugin implements ConfigRead, ConfigWrite {
  #locked = false;
  #changed = false;
  #pending = false;

  /** Whether `loadConfig` locks the candidate until commit or discard. @default true */
  protected lockCandidate(): boolean {
    return true;
  }

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
    this.#requireCandidate("loading a configuration");
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
    const op = rpcOptions(options);
    if (this.lockCandidate() && !this.#locked) {
      await this.netconf.lock("candidate", op);
      this.#locked = true;
    }
    this.#changed = true;
    await this.netconf.editConfig({
      target: "candidate",
      config,
      defaultOperation: options.mode,
      // A rejected edit then leaves the candidate as it was before this load.
      ...(this.netconf.capabilities.has(":rollback-on-error") ? { errorOption: "rollback-on-error" } : {}),
      ...op,
    });
  }

  async compareConfig(options: OperationOptions = {}): Promise<string> {
    this.#requireCandidate("comparing the candidate");
    // A candidate this session did not change is not its change to show (it may be shared).
    if (!this.#changed) return "";
    const op = rpcOptions(options);
    const running = await this.netconf.getConfig({ source: "running", ...op });
    const candidate = await this.netconf.getConfig({ source: "candidate", ...op });
    return unifiedDiff(formatXml(running.elements), formatXml(candidate.elements), {
      before: "running",
      after: "candidate",
    });
  }

  async commitConfig(options: CommitConfigOptions = {}): Promise<CommitResult> {
    this.#requireCandidate("commit");
    const confirm = options.confirmTimeoutSeconds;
    if (confirm !== undefined) {
      if (!this.netconf.capabilities.has(":confirmed-commit")) {
        throw new UnsupportedOperationError(
          `${deviceLabel(this.context)}the server has no confirmed commits (:confirmed-commit); nothing was committed.`,
          this.context,
        );
      }
      if (!Number.isInteger(confirm) || confirm < 1) {
        throw new CommandError(
          `${deviceLabel(this.context)}confirmTimeoutSeconds must be a whole number of seconds >= 1, got ${confirm}; nothing was committed.`,
          this.context,
        );
      }
    }
    // Nothing loaded by this session: commit nothing (a shared candidate may hold other sessions' edits).
    if (!this.#changed) return { diff: "", pendingConfirmation: this.#pending };
    const op = rpcOptions(options);
    const before = formatXml((await this.netconf.getConfig({ source: "running", ...op })).elements);
    await this.netconf.commit(
      confirm === undefined ? op : { confirmed: true, confirmTimeout: confirm, ...op },
    );
    this.#pending = confirm !== undefined;
    this.#changed = false;
    const after = formatXml((await this.netconf.getConfig({ source: "running", ...op })).elements);
    await this.#unlock(op);
    return {
      diff: unifiedDiff(before, after, { before: "before", after: "after" }),
      pendingConfirmation: this.#pending,
    };
  }

  async confirmCommit(options: OperationOptions = {}): Promise<void> {
    if (!this.#pending) {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}there is no pending confirmed commit of this session to confirm.`,
        this.context,
      );
    }
    // A commit without <confirmed/> confirms the pending one (RFC 6241 section 8.4).
    await this.netconf.commit(rpcOptions(options));
    this.#pending = false;
  }

  async discardConfig(options: OperationOptions = {}): Promise<void> {
    const op = rpcOptions(options);
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

  #requireCandidate(what: string): void {
    if (!this.netconf.capabilities.has(":candidate")) {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}${what} needs the candidate datastore (:candidate), which the server does not advertise; nothing was sent.`,
        this.context,
      );
    }
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
