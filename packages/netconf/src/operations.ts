/**
 * The XML of each NETCONF operation (RFC 6241 section 7, RFC 5277, RFC 6022, RFC 6243), with the
 * capability checks that must pass before anything is sent. Every value the caller gives is
 * validated or escaped here.
 */
import type { OperationOptions } from "@patchbay/core";
import type { Capabilities, WithDefaultsMode } from "./capabilities.ts";
import { buildXml, escapeXmlAttribute, escapeXmlText, type XmlInput } from "./xml.ts";

export const MONITORING_NS = "urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring";
export const WITH_DEFAULTS_NS = "urn:ietf:params:xml:ns:yang:ietf-netconf-with-defaults";
export const NOTIFICATION_NS = "urn:ietf:params:xml:ns:netconf:notification:1.0";

/** A configuration datastore. */
export type Datastore = "running" | "candidate" | "startup";
/** A datastore, or a URL (`:url` capability). */
export type DatastoreOrUrl = Datastore | { url: string };

/**
 * A filter. A string or an `XmlInput` object is a subtree filter (RFC 6241 section 6); `{ xpath }`
 * is an XPath filter (needs `:xpath`), with the prefixes its expression uses.
 */
export type Filter =
  | string
  | XmlInput
  | { subtree: string | XmlInput }
  | { xpath: string; namespaces?: Readonly<Record<string, string>> };

/** Options of every RPC. */
export interface RpcOptions extends OperationOptions {}

export interface GetOptions extends RpcOptions {
  filter?: Filter | undefined;
  /** RFC 6243 with-defaults mode; only when the server advertises it. */
  withDefaults?: WithDefaultsMode | undefined;
}

export interface GetConfigOptions extends GetOptions {
  /** @default "running" */
  source?: Datastore | undefined;
}

export interface EditConfigOptions extends RpcOptions {
  /** The datastore to edit (`running` needs `:writable-running`). */
  target: Datastore;
  /** `<config>` content as XML text (or the whole `<config>` element), or as an `XmlInput` object. */
  config: string | XmlInput;
  defaultOperation?: "merge" | "replace" | "none" | undefined;
  testOption?: "test-then-set" | "set" | "test-only" | undefined;
  errorOption?: "stop-on-error" | "continue-on-error" | "rollback-on-error" | undefined;
}

export interface CopyConfigOptions extends RpcOptions {
  target: DatastoreOrUrl;
  /** A datastore, a URL, or `{ config }` with inline configuration. */
  source: DatastoreOrUrl | { config: string | XmlInput };
  withDefaults?: WithDefaultsMode | undefined;
}

export interface CommitOptions extends RpcOptions {
  /** A confirmed commit (`:confirmed-commit`): rolled back unless confirmed in time. */
  confirmed?: boolean | undefined;
  /** Seconds before an unconfirmed commit is rolled back. @default 600 (server side) */
  confirmTimeout?: number | undefined;
  /** Makes the confirmed commit survive the session; confirm it later with `persistId`. */
  persist?: string | undefined;
  /** Confirms (or, with `confirmed`, extends) a persistent confirmed commit. */
  persistId?: string | undefined;
}

export interface CancelCommitOptions extends RpcOptions {
  persistId?: string | undefined;
}

export interface ValidateOptions extends RpcOptions {
  /** @default "candidate" */
  source?: DatastoreOrUrl | { config: string | XmlInput } | undefined;
}

export interface GetSchemaOptions extends RpcOptions {
  /** Module or submodule name. */
  identifier: string;
  version?: string | undefined;
  /** @default "yang" */
  format?: string | undefined;
}

export interface SubscribeOptions {
  /** @default "NETCONF" */
  stream?: string | undefined;
  filter?: Filter | undefined;
  /** Replay from this time (needs replay support on the stream). */
  startTime?: Date | string | undefined;
  /** End the subscription at this time (needs `startTime`). */
  stopTime?: Date | string | undefined;
  /** Ends the subscription: the iterator finishes cleanly. */
  signal?: AbortSignal | undefined;
  /** Time limit of the `create-subscription` RPC itself. */
  timeoutMs?: number | undefined;
}

/** A missing capability or a bad argument, reported by the session as a typed error. */
export class RequestProblem {
  constructor(
    readonly kind: "capability" | "argument",
    readonly message: string,
    readonly capability?: string,
  ) {}
}

function need(caps: Capabilities, capability: string, why: string): void {
  if (!caps.has(capability)) {
    throw new RequestProblem(
      "capability",
      `${why} needs the ${capability} capability, which the server does not advertise`,
      capability,
    );
  }
}

function bad(message: string): never {
  throw new RequestProblem("argument", message);
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], what: string): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    bad(`${what} must be one of ${allowed.map((a) => `"${a}"`).join(", ")}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

const DATASTORES: readonly Datastore[] = ["running", "candidate", "startup"];

function datastore(caps: Capabilities, value: unknown, what: string): string {
  if (typeof value === "object" && value !== null && "url" in value) {
    need(caps, ":url", `a URL as ${what}`);
    return `<url>${escapeXmlText(String((value as { url: unknown }).url))}</url>`;
  }
  const ds = oneOf(value, DATASTORES, what);
  if (ds === "candidate") need(caps, ":candidate", `the candidate datastore as ${what}`);
  if (ds === "startup") need(caps, ":startup", `the startup datastore as ${what}`);
  return `<${ds}/>`;
}

function configElement(config: string | XmlInput): string {
  if (typeof config !== "string") return `<config>${buildXml(config)}</config>`;
  // The caller's XML goes in as it is (it is XML already); wrap it unless it is a <config> element.
  return /^\s*<([A-Za-z_][\w.-]*:)?config[\s/>]/.test(config) ? config : `<config>${config}</config>`;
}

/** The `<filter>` element of get, get-config and create-subscription. */
export function filterElement(caps: Capabilities, filter: Filter, operation: string): string {
  if (typeof filter === "string") return `<filter type="subtree">${filter}</filter>`;
  if ("xpath" in filter && typeof filter.xpath === "string") {
    need(caps, ":xpath", `an XPath filter on ${operation}`);
    let decls = "";
    for (const [prefix, uri] of Object.entries(filter.namespaces ?? {})) {
      if (!/^[A-Za-z_][\w.-]*$/.test(prefix)) bad(`invalid namespace prefix ${JSON.stringify(prefix)}`);
      decls += ` xmlns:${prefix}="${escapeXmlAttribute(String(uri))}"`;
    }
    return `<filter type="xpath"${decls} select="${escapeXmlAttribute(filter.xpath)}"/>`;
  }
  if ("subtree" in filter && (typeof filter.subtree === "string" || typeof filter.subtree === "object")) {
    const body = typeof filter.subtree === "string" ? filter.subtree : buildXml(filter.subtree as XmlInput);
    return `<filter type="subtree">${body}</filter>`;
  }
  return `<filter type="subtree">${buildXml(filter as XmlInput)}</filter>`;
}

const WITH_DEFAULTS_MODES: readonly WithDefaultsMode[] = [
  "report-all",
  "report-all-tagged",
  "trim",
  "explicit",
];

function withDefaultsElement(caps: Capabilities, mode: unknown): string {
  const m = oneOf(mode, WITH_DEFAULTS_MODES, "withDefaults");
  const support = caps.withDefaults;
  if (support === undefined) need(caps, ":with-defaults", "withDefaults");
  else if (support.basicMode !== m && !support.alsoSupported.includes(m)) {
    throw new RequestProblem(
      "capability",
      `with-defaults mode "${m}" is not supported by the server (basic-mode ${support.basicMode}; also ${support.alsoSupported.join(", ") || "none"})`,
      ":with-defaults",
    );
  }
  return `<with-defaults xmlns="${WITH_DEFAULTS_NS}">${m}</with-defaults>`;
}

export function buildGet(caps: Capabilities, o: GetOptions): string {
  const filter = o.filter === undefined ? "" : filterElement(caps, o.filter, "get");
  const wd = o.withDefaults === undefined ? "" : withDefaultsElement(caps, o.withDefaults);
  return `<get>${filter}${wd}</get>`;
}

export function buildGetConfig(caps: Capabilities, o: GetConfigOptions): string {
  const source = datastore(caps, o.source ?? "running", "source");
  const filter = o.filter === undefined ? "" : filterElement(caps, o.filter, "get-config");
  const wd = o.withDefaults === undefined ? "" : withDefaultsElement(caps, o.withDefaults);
  return `<get-config><source>${source}</source>${filter}${wd}</get-config>`;
}

export function buildEditConfig(caps: Capabilities, o: EditConfigOptions): string {
  const target = oneOf(o.target, DATASTORES, "target");
  if (target === "running") need(caps, ":writable-running", "edit-config on running");
  const parts = [`<edit-config><target>${datastore(caps, target, "target")}</target>`];
  if (o.defaultOperation !== undefined)
    parts.push(
      `<default-operation>${oneOf(o.defaultOperation, ["merge", "replace", "none"], "defaultOperation")}</default-operation>`,
    );
  if (o.testOption !== undefined) {
    need(caps, ":validate", "testOption");
    const t = oneOf(o.testOption, ["test-then-set", "set", "test-only"], "testOption");
    if (t === "test-only") need(caps, ":validate:1.1", "testOption test-only");
    parts.push(`<test-option>${t}</test-option>`);
  }
  if (o.errorOption !== undefined) {
    const e = oneOf(
      o.errorOption,
      ["stop-on-error", "continue-on-error", "rollback-on-error"],
      "errorOption",
    );
    if (e === "rollback-on-error") need(caps, ":rollback-on-error", "errorOption rollback-on-error");
    parts.push(`<error-option>${e}</error-option>`);
  }
  if (o.config === undefined || o.config === null) bad("config is required");
  parts.push(configElement(o.config), "</edit-config>");
  return parts.join("");
}

function sourceOrConfig(caps: Capabilities, source: unknown, what: string): string {
  if (typeof source === "object" && source !== null && "config" in source) {
    return configElement((source as { config: string | XmlInput }).config);
  }
  return datastore(caps, source, what);
}

export function buildCopyConfig(caps: Capabilities, o: CopyConfigOptions): string {
  const wd = o.withDefaults === undefined ? "" : withDefaultsElement(caps, o.withDefaults);
  return `<copy-config><target>${datastore(caps, o.target, "target")}</target><source>${sourceOrConfig(caps, o.source, "source")}</source>${wd}</copy-config>`;
}

export function buildDeleteConfig(caps: Capabilities, target: unknown): string {
  if (target === "running") bad("delete-config cannot delete the running datastore");
  return `<delete-config><target>${datastore(caps, target, "target")}</target></delete-config>`;
}

export function buildLock(caps: Capabilities, op: "lock" | "unlock", target: unknown): string {
  return `<${op}><target>${datastore(caps, target, "target")}</target></${op}>`;
}

export function buildCommit(caps: Capabilities, o: CommitOptions): string {
  need(caps, ":candidate", "commit");
  const parts = ["<commit>"];
  if (o.confirmed) {
    need(caps, ":confirmed-commit", "a confirmed commit");
    parts.push("<confirmed/>");
    if (o.confirmTimeout !== undefined) {
      if (!Number.isInteger(o.confirmTimeout) || o.confirmTimeout < 1 || o.confirmTimeout > 4_294_967_295)
        bad(`confirmTimeout must be a whole number of seconds >= 1, got ${o.confirmTimeout}`);
      parts.push(`<confirm-timeout>${o.confirmTimeout}</confirm-timeout>`);
    }
  } else if (o.confirmTimeout !== undefined || o.persist !== undefined) {
    bad("confirmTimeout and persist need confirmed: true");
  }
  if (o.persist !== undefined) {
    need(caps, ":confirmed-commit:1.1", "persist");
    parts.push(`<persist>${escapeXmlText(o.persist)}</persist>`);
  }
  if (o.persistId !== undefined) {
    need(caps, ":confirmed-commit:1.1", "persistId");
    parts.push(`<persist-id>${escapeXmlText(o.persistId)}</persist-id>`);
  }
  parts.push("</commit>");
  return parts.join("");
}

export function buildCancelCommit(caps: Capabilities, o: CancelCommitOptions): string {
  need(caps, ":confirmed-commit:1.1", "cancel-commit");
  const id = o.persistId === undefined ? "" : `<persist-id>${escapeXmlText(o.persistId)}</persist-id>`;
  return `<cancel-commit>${id}</cancel-commit>`;
}

export function buildDiscardChanges(caps: Capabilities): string {
  need(caps, ":candidate", "discard-changes");
  return "<discard-changes/>";
}

export function buildValidate(caps: Capabilities, o: ValidateOptions): string {
  need(caps, ":validate", "validate");
  return `<validate><source>${sourceOrConfig(caps, o.source ?? "candidate", "source")}</source></validate>`;
}

export function buildKillSession(sessionId: unknown): string {
  const id = typeof sessionId === "string" ? Number(sessionId) : sessionId;
  if (typeof id !== "number" || !Number.isInteger(id) || id < 1) {
    bad(`kill-session needs a positive session id, got ${JSON.stringify(sessionId)}`);
  }
  return `<kill-session><session-id>${id}</session-id></kill-session>`;
}

export function buildGetSchema(caps: Capabilities, o: GetSchemaOptions): string {
  need(caps, MONITORING_NS, "get-schema");
  if (typeof o.identifier !== "string" || o.identifier === "") bad("get-schema needs an identifier");
  const version = o.version === undefined ? "" : `<version>${escapeXmlText(o.version)}</version>`;
  return `<get-schema xmlns="${MONITORING_NS}"><identifier>${escapeXmlText(o.identifier)}</identifier>${version}<format>${escapeXmlText(o.format ?? "yang")}</format></get-schema>`;
}

function dateTime(value: Date | string, what: string): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) bad(`${what} is an invalid Date`);
    return value.toISOString();
  }
  if (typeof value !== "string" || Number.isNaN(Date.parse(value)))
    bad(`${what} must be a Date or an RFC 3339 time`);
  return value;
}

export function buildCreateSubscription(caps: Capabilities, o: SubscribeOptions): string {
  need(caps, ":notification", "create-subscription");
  const parts = [`<create-subscription xmlns="${NOTIFICATION_NS}">`];
  if (o.stream !== undefined) parts.push(`<stream>${escapeXmlText(o.stream)}</stream>`);
  if (o.filter !== undefined) {
    // In the notification namespace, as in RFC 5277's examples.
    parts.push(filterElement(caps, o.filter, "create-subscription"));
  }
  if (o.startTime !== undefined)
    parts.push(`<startTime>${escapeXmlText(dateTime(o.startTime, "startTime"))}</startTime>`);
  if (o.stopTime !== undefined) {
    if (o.startTime === undefined) bad("stopTime needs startTime");
    parts.push(`<stopTime>${escapeXmlText(dateTime(o.stopTime, "stopTime"))}</stopTime>`);
  }
  parts.push("</create-subscription>");
  return parts.join("");
}
