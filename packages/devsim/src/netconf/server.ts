import { readModel, writeModel } from "../model.ts";
import type { DeviceState } from "../state.ts";
import { MONITORING_NS } from "./capabilities.ts";
import { type DatastoreName, type EditRecord, stepOf } from "./datastore.ts";
import { type ChangedBy, configChange, confirmedCommit, type SessionEnd, sessionEvent } from "./events.ts";
import { modelFromXml, modelIntoXml, validateModelXml } from "./ietf-xml.ts";
import { ROUTES_NS, routesElement } from "./routes.ts";
import { RpcError, RpcErrors } from "./rpc-error.ts";
import { clone, el, NC_NS, type XmlElement } from "./xml.ts";

/** What the server needs from one NETCONF session. */
export interface SessionHandle {
  readonly id: number;
  readonly username: string;
  readonly sourceHost: string;
  readonly loginTime: Date;
  readonly counters: { inRpcs: number; inBadRpcs: number; outRpcErrors: number; outNotifications: number };
  /** Delivers a notification's event element if the session subscribed (and its filter passes). */
  notify(event: XmlElement, time: Date): void;
  /** Ends the session (kill-session, device close). */
  terminate(end?: SessionEnd): void;
}

/** Parameters of `<commit>`. */
export interface CommitParams {
  confirmed: boolean;
  timeoutSec: number;
  persist?: string | undefined;
  persistId?: string | undefined;
}

interface PendingConfirm {
  backup: XmlElement;
  sessionId: number;
  persist: string | undefined;
  timer: NodeJS.Timeout;
}

/**
 * The NETCONF side of one device: the running, candidate and startup datastores, locks, the
 * confirmed commit in progress, and the sessions. The running datastore follows the device state
 * (hostname and interfaces, through model.ts); everything else in it is kept as XML.
 */
export class NetconfServer {
  readonly state: DeviceState;
  #running: XmlElement;
  #syncedRevision = -1;
  /** Undefined while the candidate equals running. */
  #candidate: XmlElement | undefined;
  #candidateModifiedBy = new Set<number>();
  #startup: XmlElement;
  #locks = new Map<DatastoreName, { sessionId: number; since: Date }>();
  #confirm: PendingConfirm | undefined;
  #sessions = new Map<number, SessionHandle>();
  #nextId = 1;
  #writing = false;
  #unsubscribe: () => void;
  #closed = false;

  /** Whether the server announces base:1.1 (chunked framing). */
  readonly base11: boolean;

  constructor(state: DeviceState, options: { routes?: number; base11?: boolean } = {}) {
    this.state = state;
    this.base11 = options.base11 ?? true;
    this.#running = el("data", NC_NS);
    this.#syncRunning();
    if ((options.routes ?? 0) > 0) this.#running.children.push(routesElement(options.routes ?? 0));
    this.#startup = clone(this.#running);
    this.#unsubscribe = state.subscribe((change) => {
      if (this.#writing || change.source === "netconf") return;
      this.#broadcast(configChange("server", "running", []));
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  // -------------------------------------------------------------------------------------------
  // Sessions

  nextSessionId(): number {
    return this.#nextId++;
  }

  register(session: SessionHandle): void {
    this.#broadcast(sessionEvent(session));
    this.#sessions.set(session.id, session);
  }

  /** Forgets a session: releases its locks, discards the candidate it locked, rolls back its confirmed commit. */
  unregister(session: SessionHandle, end: SessionEnd = { reason: "dropped" }): void {
    if (!this.#sessions.delete(session.id)) return;
    this.#broadcast(sessionEvent(session, end));
    const candidateLock = this.#locks.get("candidate");
    if (candidateLock?.sessionId === session.id && this.#candidate !== undefined) this.discardCandidate();
    for (const [name, lock] of this.#locks) if (lock.sessionId === session.id) this.#locks.delete(name);
    this.#candidateModifiedBy.delete(session.id);
    const pending = this.#confirm;
    if (pending && pending.sessionId === session.id && pending.persist === undefined)
      this.#rollback("cancel", "server");
  }

  session(id: number): SessionHandle | undefined {
    return this.#sessions.get(id);
  }

  get sessions(): SessionHandle[] {
    return [...this.#sessions.values()];
  }

  // -------------------------------------------------------------------------------------------
  // Datastores

  /** The live datastore (do not mutate; use {@link copyOf} to edit). */
  read(name: DatastoreName): XmlElement {
    if (name === "startup") return this.#startup;
    this.#syncRunning();
    if (name === "candidate" && this.#candidate !== undefined) return this.#candidate;
    return this.#running;
  }

  copyOf(name: DatastoreName): XmlElement {
    return clone(this.read(name));
  }

  /** Brings the model-owned parts of running up to date with the device state (CLI changes). */
  #syncRunning(): void {
    if (this.#syncedRevision === this.state.revision) return;
    modelIntoXml(this.#running, readModel(this.state));
    this.#syncedRevision = this.state.revision;
  }

  /** The validation errors of a datastore's content (what test-then-set and validate report). */
  validate(root: XmlElement): RpcError[] {
    return validateModelXml(root);
  }

  /** Replaces running (already validated), updates the device state and notifies subscribers. */
  writeRunning(next: XmlElement, by: ChangedBy, edits: EditRecord[] | undefined): void {
    const before = this.read("running");
    const records = edits ?? diffTopLevel(before, next);
    this.#running = next;
    this.#writing = true;
    try {
      writeModel(this.state, modelFromXml(next, readModel(this.state)), "netconf");
    } finally {
      this.#writing = false;
    }
    this.#syncedRevision = -1;
    this.#syncRunning();
    this.#broadcast(configChange(by, "running", records));
  }

  writeCandidate(next: XmlElement, sessionId: number): void {
    this.#syncRunning();
    this.#candidate = next;
    this.#candidateModifiedBy.add(sessionId);
  }

  writeStartup(next: XmlElement): void {
    this.#startup = next;
  }

  discardCandidate(): void {
    this.#candidate = undefined;
    this.#candidateModifiedBy.clear();
  }

  /** Sets the number of generated routes in every datastore. */
  setRoutes(count: number): void {
    const next = count > 0 ? routesElement(count) : undefined;
    for (const root of [this.read("running"), this.#candidate, this.#startup]) {
      if (root === undefined) continue;
      const i = root.children.findIndex((c) => c.name === "routes" && c.ns === ROUTES_NS);
      if (i >= 0) {
        if (next) root.children[i] = next;
        else root.children.splice(i, 1);
      } else if (next) root.children.push(next);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Locks

  lockHolder(name: DatastoreName): number | undefined {
    return this.#locks.get(name)?.sessionId;
  }

  lock(name: DatastoreName, sessionId: number): void {
    const held = this.#locks.get(name);
    if (held !== undefined)
      throw new RpcError(
        "protocol",
        "lock-denied",
        `the ${name} datastore is locked by session ${held.sessionId}`,
        {
          info: { sessionId: held.sessionId },
        },
      );
    if (name === "candidate" && this.#candidate !== undefined) {
      const other = [...this.#candidateModifiedBy].find((id) => id !== sessionId);
      if (other !== undefined)
        throw new RpcError(
          "protocol",
          "lock-denied",
          `the candidate has uncommitted changes of session ${other}: commit or discard them first`,
          { info: { sessionId: other } },
        );
    }
    if (name === "running" && this.#confirm !== undefined && this.#confirm.sessionId !== sessionId)
      throw new RpcError(
        "protocol",
        "lock-denied",
        `session ${this.#confirm.sessionId} has a confirmed commit in progress`,
        { info: { sessionId: this.#confirm.sessionId } },
      );
    this.#locks.set(name, { sessionId, since: new Date() });
  }

  unlock(name: DatastoreName, sessionId: number): void {
    const held = this.#locks.get(name);
    if (held === undefined)
      throw new RpcError("protocol", "operation-failed", `the ${name} datastore is not locked`, {
        info: { sessionId: 0 },
      });
    if (held.sessionId !== sessionId)
      throw new RpcError(
        "protocol",
        "operation-failed",
        `the ${name} lock belongs to session ${held.sessionId}`,
        {
          info: { sessionId: held.sessionId },
        },
      );
    this.#locks.delete(name);
  }

  /** Throws in-use when another session holds the lock on `name`. */
  checkWritable(name: DatastoreName, sessionId: number): void {
    const held = this.#locks.get(name);
    if (held !== undefined && held.sessionId !== sessionId)
      throw new RpcError(
        "protocol",
        "in-use",
        `the ${name} datastore is locked by session ${held.sessionId}`,
        {
          info: { sessionId: held.sessionId },
        },
      );
  }

  // -------------------------------------------------------------------------------------------
  // Commit

  commit(session: SessionHandle, params: CommitParams): void {
    const pending = this.#confirm;
    if (params.persistId !== undefined) {
      if (pending?.persist === undefined || pending.persist !== params.persistId)
        throw new RpcError(
          "protocol",
          "invalid-value",
          `no confirmed commit with persist-id "${params.persistId}" is in progress`,
          { info: { badElement: "persist-id" } },
        );
    } else if (pending !== undefined) {
      if (pending.persist !== undefined)
        throw new RpcError(
          "protocol",
          "invalid-value",
          "a persistent confirmed commit is in progress: confirm it with <persist-id>",
          { info: { badElement: "persist-id" } },
        );
      if (pending.sessionId !== session.id)
        throw new RpcError(
          "protocol",
          "in-use",
          `session ${pending.sessionId} has a confirmed commit in progress`,
          {
            info: { sessionId: pending.sessionId },
          },
        );
    }
    this.checkWritable("running", session.id);
    this.checkWritable("candidate", session.id);
    const candidate = this.read("candidate");
    const problems = this.validate(candidate);
    if (problems.length > 0) throw new RpcErrors(problems);
    const before = this.read("running");
    const by: ChangedBy = {
      sessionId: session.id,
      username: session.username,
      sourceHost: session.sourceHost,
    };
    if (candidate !== before) this.writeRunning(clone(candidate), by, undefined);
    this.discardCandidate();
    if (params.confirmed) {
      // Not unref'd: the device's listener keeps the process alive anyway, and close() clears it.
      // setTimeout fires at once past 2^31-1 ms (24.8 days); longer confirm-timeouts wait that long.
      const ms = Math.min(params.timeoutSec * 1000, 2 ** 31 - 1);
      const timer = setTimeout(() => this.#rollback("timeout", "server"), ms);
      if (pending) {
        clearTimeout(pending.timer);
        pending.timer = timer;
        if (params.persist !== undefined) pending.persist = params.persist;
        this.#broadcast(confirmedCommit("extend", by, params.timeoutSec));
      } else {
        this.#confirm = { backup: before, sessionId: session.id, persist: params.persist, timer };
        this.#broadcast(confirmedCommit("start", by, params.timeoutSec));
      }
    } else if (pending) {
      clearTimeout(pending.timer);
      this.#confirm = undefined;
      this.#broadcast(confirmedCommit("complete", by));
    }
  }

  cancelCommit(session: SessionHandle, persistId: string | undefined): void {
    const pending = this.#confirm;
    if (pending === undefined)
      throw new RpcError("protocol", "operation-failed", "no confirmed commit is in progress");
    if (pending.persist !== undefined) {
      if (persistId !== pending.persist)
        throw new RpcError(
          "protocol",
          "invalid-value",
          "the persist-id does not match the confirmed commit",
          {
            info: { badElement: "persist-id" },
          },
        );
    } else if (pending.sessionId !== session.id) {
      throw new RpcError(
        "protocol",
        "in-use",
        `the confirmed commit belongs to session ${pending.sessionId}`,
        {
          info: { sessionId: pending.sessionId },
        },
      );
    }
    this.#rollback("cancel", {
      sessionId: session.id,
      username: session.username,
      sourceHost: session.sourceHost,
    });
  }

  /** Whether a confirmed commit awaits confirmation. */
  get confirmPending(): boolean {
    return this.#confirm !== undefined;
  }

  #rollback(event: "timeout" | "cancel", by: ChangedBy): void {
    const pending = this.#confirm;
    if (pending === undefined || this.#closed) return;
    clearTimeout(pending.timer);
    this.#confirm = undefined;
    this.writeRunning(pending.backup, by, undefined);
    this.discardCandidate();
    this.#broadcast(confirmedCommit(event, by));
  }

  // -------------------------------------------------------------------------------------------
  // Monitoring and notifications

  /** The ietf-netconf-monitoring `netconf-state` subtree (datastores, locks, sessions, schemas). */
  monitoringState(capabilities: readonly string[], schemas: XmlElement[]): XmlElement {
    const m = (name: string, children: XmlElement[] = [], text = ""): XmlElement =>
      el(name, MONITORING_NS, children, text);
    const datastores = (["running", "candidate", "startup"] as const).map((name) => {
      const lock = this.#locks.get(name);
      const children = [m("name", [], name)];
      if (lock)
        children.push(
          m("locks", [
            m("global-lock", [
              m("locked-by-session", [], String(lock.sessionId)),
              m("locked-time", [], lock.since.toISOString()),
            ]),
          ]),
        );
      return m("datastore", children);
    });
    const sessions = this.sessions.map((s) => {
      const transport = m("transport", [], "ncm:netconf-ssh");
      transport.decls = { ncm: MONITORING_NS };
      return m("session", [
        m("session-id", [], String(s.id)),
        transport,
        m("username", [], s.username),
        m("source-host", [], s.sourceHost),
        m("login-time", [], s.loginTime.toISOString()),
        m("in-rpcs", [], String(s.counters.inRpcs)),
        m("in-bad-rpcs", [], String(s.counters.inBadRpcs)),
        m("out-rpc-errors", [], String(s.counters.outRpcErrors)),
        m("out-notifications", [], String(s.counters.outNotifications)),
      ]);
    });
    return m("netconf-state", [
      m(
        "capabilities",
        capabilities.map((c) => m("capability", [], c)),
      ),
      m("datastores", datastores),
      m("schemas", schemas),
      m("sessions", sessions),
    ]);
  }

  #broadcast(event: XmlElement): void {
    const time = new Date();
    for (const s of this.#sessions.values()) s.notify(event, time);
  }

  /** Ends every session and clears the confirmed-commit timer. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#confirm) clearTimeout(this.#confirm.timer);
    this.#confirm = undefined;
    this.#unsubscribe();
    for (const s of [...this.#sessions.values()]) s.terminate({ reason: "other" });
    this.#sessions.clear();
  }
}

/** Top-level nodes that differ between two datastores, as replace/create/delete records. */
function diffTopLevel(before: XmlElement, after: XmlElement): EditRecord[] {
  const out: EditRecord[] = [];
  const key = (n: XmlElement): string => `${n.ns} ${n.name}`;
  const old = new Map(before.children.map((n) => [key(n), n]));
  for (const n of after.children) {
    const o = old.get(key(n));
    old.delete(key(n));
    if (o === undefined) out.push({ target: [stepOf(n)], operation: "create" });
    else if (!sameTree(o, n)) out.push({ target: [stepOf(n)], operation: "replace" });
  }
  for (const o of old.values()) out.push({ target: [stepOf(o)], operation: "delete" });
  return out;
}

/** Structural equality; generated content compares by entry count. */
function sameTree(a: XmlElement, b: XmlElement): boolean {
  if (a === b) return true;
  if (a.name !== b.name || a.ns !== b.ns || a.children.length !== b.children.length) return false;
  if (a.children.length === 0 && a.text !== b.text) return false;
  if ((a.generated?.count ?? -1) !== (b.generated?.count ?? -1)) return false;
  if (a.attrs.length !== b.attrs.length) return false;
  for (let i = 0; i < a.attrs.length; i++) {
    const x = a.attrs[i]!;
    const y = b.attrs[i]!;
    if (x.name !== y.name || x.ns !== y.ns || x.value !== y.value) return false;
  }
  return a.children.every((c, i) => sameTree(c, b.children[i]!));
}
