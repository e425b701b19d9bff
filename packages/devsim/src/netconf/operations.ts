import { MONITORING_NS, NOTIFICATION_NS, serverCapabilities, WITH_DEFAULTS_NS } from "./capabilities.ts";
import {
  applyEdit,
  type DatastoreName,
  type DefaultOperation,
  type ErrorOption,
  stripOperations,
} from "./datastore.ts";
import { subtreeFilter, xpathFilter } from "./filter.ts";
import { applyWithDefaults } from "./ietf-xml.ts";
import { errors, RpcError, RpcErrors } from "./rpc-error.ts";
import { YANG_MODULES } from "./schemas.ts";
import type { NetconfServer, SessionHandle } from "./server.ts";
import { attr, clone, el, NC_NS, type XmlElement } from "./xml.ts";

/** What a session sends back for one RPC. */
export interface Reply {
  errors?: RpcError[];
  /** The children of `<data>` (get, get-config). */
  data?: XmlElement[];
  /** One element as the reply body (get-schema's `<data>` in its own namespace). */
  element?: XmlElement;
  /** Close the session after the reply (close-session). */
  after?: "close";
}

type Handler = (ctx: Context, op: XmlElement) => Reply | Promise<Reply>;

/** What an RPC handler needs of its session (NetconfSession; kept structural so the session imports the handlers, not the reverse). */
export interface RpcSession extends SessionHandle {
  readonly server: NetconfServer;
  subscription: { filter: XmlElement | undefined } | undefined;
}

interface Context {
  session: RpcSession;
  server: NetconfServer;
  rpc: XmlElement;
}

const OK: Reply = {};

const HANDLERS: Record<string, Handler> = {
  [`${NC_NS} get`]: get,
  [`${NC_NS} get-config`]: getConfig,
  [`${NC_NS} edit-config`]: editConfig,
  [`${NC_NS} copy-config`]: copyConfig,
  [`${NC_NS} delete-config`]: deleteConfig,
  [`${NC_NS} lock`]: lock,
  [`${NC_NS} unlock`]: unlock,
  [`${NC_NS} close-session`]: closeSession,
  [`${NC_NS} kill-session`]: killSession,
  [`${NC_NS} commit`]: commit,
  [`${NC_NS} discard-changes`]: discardChanges,
  [`${NC_NS} cancel-commit`]: cancelCommit,
  [`${NC_NS} validate`]: validate,
  [`${MONITORING_NS} get-schema`]: getSchema,
  [`${NOTIFICATION_NS} create-subscription`]: createSubscription,
};
const KNOWN_NAMES = new Map(
  Object.keys(HANDLERS).map((k) => [k.slice(k.indexOf(" ") + 1), k.slice(0, k.indexOf(" "))]),
);

/** Runs one `<rpc>`: checks the envelope, dispatches the operation, turns failures into rpc-errors. */
export async function handleRpc(session: RpcSession, rpc: XmlElement): Promise<Reply> {
  session.counters.inRpcs++;
  const bad = (error: RpcError): Reply => {
    session.counters.inBadRpcs++;
    return { errors: [error] };
  };
  if (rpc.name !== "rpc")
    return bad(
      new RpcError("rpc", "unknown-element", `expected an <rpc> element, got <${rpc.name}>`, {
        info: { badElement: rpc.name },
      }),
    );
  if (rpc.ns !== NC_NS)
    return bad(
      new RpcError("rpc", "unknown-namespace", `<rpc> must be in namespace ${NC_NS}`, {
        info: { badElement: "rpc", badNamespace: rpc.ns },
      }),
    );
  if (attr(rpc, "message-id") === undefined)
    return bad(
      new RpcError("rpc", "missing-attribute", "<rpc> needs a message-id attribute", {
        info: { badAttribute: "message-id", badElement: "rpc" },
      }),
    );
  const [op, extra] = rpc.children;
  if (op === undefined)
    return bad(
      new RpcError("rpc", "missing-element", "<rpc> needs an operation element", {
        info: { badElement: "rpc" },
      }),
    );
  if (extra !== undefined)
    return bad(
      new RpcError("rpc", "unknown-element", `<rpc> holds one operation; <${extra.name}> is one too many`, {
        info: { badElement: extra.name },
      }),
    );
  const handler = HANDLERS[`${op.ns} ${op.name}`];
  if (handler === undefined) {
    const expected = KNOWN_NAMES.get(op.name);
    if (expected !== undefined)
      return bad(
        new RpcError("protocol", "unknown-namespace", `<${op.name}> belongs to namespace ${expected}`, {
          info: { badElement: op.name, badNamespace: op.ns },
        }),
      );
    return bad(
      new RpcError(
        "protocol",
        "operation-not-supported",
        `the server does not support the operation <${op.name}>`,
        {
          info: { badElement: op.name },
        },
      ),
    );
  }
  try {
    return await handler({ session, server: session.server, rpc }, op);
  } catch (err) {
    if (err instanceof RpcError) return { errors: [err] };
    if (err instanceof RpcErrors) return { errors: err.errors };
    return { errors: [errors.operationFailed(`internal error: ${(err as Error).message}`)] };
  }
}

// ---------------------------------------------------------------------------------------------
// Parameters

/** The operation's parameters by name; unknown ones fail with unknown-element. */
function params(op: XmlElement, allowed: Record<string, string>): Map<string, XmlElement> {
  const out = new Map<string, XmlElement>();
  for (const c of op.children) {
    const ns = allowed[c.name];
    if (ns === undefined || (c.ns !== ns && c.ns !== "")) throw errors.unknownElement(c.name, op.name);
    if (out.has(c.name))
      throw new RpcError("protocol", "bad-element", `<${c.name}> is given twice`, {
        info: { badElement: c.name },
      });
    out.set(c.name, c);
  }
  return out;
}

function required(p: Map<string, XmlElement>, op: string, name: string): XmlElement {
  const c = p.get(name);
  if (c === undefined) throw errors.missingElement(op, name);
  return c;
}

const DATASTORES = new Set(["running", "candidate", "startup"]);

/** `<target><running/></target>` and the like; `<config>` too when `allowConfig`. */
function datastoreParam(
  container: XmlElement,
  allowConfig: boolean,
): { datastore: DatastoreName } | { config: XmlElement } {
  const [choice, extra] = container.children;
  if (choice === undefined || extra !== undefined)
    throw new RpcError("protocol", "missing-element", `<${container.name}> needs exactly one datastore`, {
      info: { badElement: container.name },
    });
  if (choice.name === "url")
    throw new RpcError("protocol", "operation-not-supported", "the :url capability is not supported", {
      info: { badElement: "url" },
    });
  if (choice.name === "config" && allowConfig) return { config: choice };
  if (!DATASTORES.has(choice.name) || (choice.ns !== NC_NS && choice.ns !== ""))
    throw new RpcError("protocol", "invalid-value", `<${choice.name}> is not a datastore of this server`, {
      info: { badElement: choice.name },
    });
  return { datastore: choice.name as DatastoreName };
}

function datastoreOnly(container: XmlElement): DatastoreName {
  const r = datastoreParam(container, false);
  return (r as { datastore: DatastoreName }).datastore;
}

function enumParam<T extends string>(node: XmlElement | undefined, values: readonly T[], fallback: T): T {
  if (node === undefined) return fallback;
  const v = node.text.trim();
  if (!(values as readonly string[]).includes(v))
    throw new RpcError(
      "protocol",
      "invalid-value",
      `<${node.name}> must be one of ${values.join(", ")}, got "${v}"`,
      {
        info: { badElement: node.name },
      },
    );
  return v as T;
}

function withDefaultsMode(node: XmlElement | undefined): "report-all" | "trim" | "explicit" {
  return enumParam(node, ["report-all", "trim", "explicit"] as const, "explicit");
}

/** Applies a `<filter>` (subtree or xpath) to the top element of some data. */
function applyFilter(
  ctx: Context,
  op: XmlElement,
  filter: XmlElement | undefined,
  root: XmlElement,
): XmlElement[] {
  if (filter === undefined) return clone(root).children;
  const type = filter.attrs.find((a) => a.name === "type")?.value ?? "subtree";
  if (type === "subtree") return subtreeFilter(root, filter);
  if (type === "xpath") {
    const select = filter.attrs.find((a) => a.name === "select")?.value;
    if (select === undefined)
      throw new RpcError("protocol", "missing-attribute", 'an xpath filter needs a "select" attribute', {
        info: { badAttribute: "select", badElement: "filter" },
      });
    const scope = { ...ctx.rpc.decls, ...op.decls, ...filter.decls };
    delete scope[""];
    return xpathFilter(root, select, scope);
  }
  throw new RpcError("protocol", "bad-attribute", `filter type "${type}" is not supported (subtree, xpath)`, {
    info: { badAttribute: "type", badElement: "filter" },
  });
}

function changedBy(ctx: Context): { sessionId: number; username: string; sourceHost: string } {
  return { sessionId: ctx.session.id, username: ctx.session.username, sourceHost: ctx.session.sourceHost };
}

/** The datastore content a `<config>` parameter describes (operation attributes dropped). */
function configContent(config: XmlElement): XmlElement {
  const root = el("data", NC_NS);
  root.children = stripOperations(config).children;
  return root;
}

function schemaList(): XmlElement[] {
  const m = (name: string, text: string): XmlElement => el(name, MONITORING_NS, [], text);
  return YANG_MODULES.map((mod) =>
    el("schema", MONITORING_NS, [
      m("identifier", mod.name),
      m("version", mod.revision),
      m("format", "yang"),
      m("namespace", mod.namespace),
      m("location", "NETCONF"),
    ]),
  );
}

// ---------------------------------------------------------------------------------------------
// Operations

function get(ctx: Context, op: XmlElement): Reply {
  const p = params(op, { filter: NC_NS, "with-defaults": WITH_DEFAULTS_NS });
  const mode = withDefaultsMode(p.get("with-defaults"));
  const root = el("data", NC_NS, [
    ...ctx.server.read("running").children,
    ctx.server.monitoringState(serverCapabilities(ctx.server.base11), schemaList()),
  ]);
  const data = applyFilter(ctx, op, p.get("filter"), root);
  applyWithDefaults(data, mode);
  return { data };
}

function getConfig(ctx: Context, op: XmlElement): Reply {
  const p = params(op, { source: NC_NS, filter: NC_NS, "with-defaults": WITH_DEFAULTS_NS });
  const mode = withDefaultsMode(p.get("with-defaults"));
  const source = datastoreOnly(required(p, "get-config", "source"));
  const data = applyFilter(ctx, op, p.get("filter"), ctx.server.read(source));
  applyWithDefaults(data, mode);
  return { data };
}

function editConfig(ctx: Context, op: XmlElement): Reply {
  const p = params(op, {
    target: NC_NS,
    "default-operation": NC_NS,
    "test-option": NC_NS,
    "error-option": NC_NS,
    config: NC_NS,
    url: NC_NS,
  });
  const target = datastoreOnly(required(p, "edit-config", "target"));
  if (target === "startup")
    throw new RpcError(
      "protocol",
      "operation-not-supported",
      "edit-config cannot target startup: use copy-config",
      {
        info: { badElement: "startup" },
      },
    );
  const defaultOperation = enumParam<DefaultOperation>(
    p.get("default-operation"),
    ["merge", "replace", "none"],
    "merge",
  );
  const testOption = enumParam(p.get("test-option"), ["test-then-set", "set", "test-only"], "test-then-set");
  const errorOption = enumParam<ErrorOption>(
    p.get("error-option"),
    ["stop-on-error", "continue-on-error", "rollback-on-error"],
    "stop-on-error",
  );
  if (p.has("url"))
    throw new RpcError("protocol", "operation-not-supported", "the :url capability is not supported", {
      info: { badElement: "url" },
    });
  const config = required(p, "edit-config", "config");
  ctx.server.checkWritable(target, ctx.session.id);
  const copy = ctx.server.copyOf(target);
  const result = applyEdit(copy, config, defaultOperation, errorOption);
  if (result.errors.length > 0 && errorOption === "rollback-on-error") return { errors: result.errors };
  const problems = ctx.server.validate(copy);
  if (problems.length > 0) return { errors: [...result.errors, ...problems] };
  if (testOption !== "test-only" && result.edits.length > 0) {
    if (target === "running") ctx.server.writeRunning(copy, changedBy(ctx), result.edits);
    else ctx.server.writeCandidate(copy, ctx.session.id);
  }
  return result.errors.length > 0 ? { errors: result.errors } : OK;
}

function copyConfig(ctx: Context, op: XmlElement): Reply {
  const p = params(op, { target: NC_NS, source: NC_NS, "with-defaults": WITH_DEFAULTS_NS });
  withDefaultsMode(p.get("with-defaults"));
  const target = datastoreOnly(required(p, "copy-config", "target"));
  const source = datastoreParam(required(p, "copy-config", "source"), true);
  if ("datastore" in source && source.datastore === target)
    throw new RpcError("protocol", "invalid-value", "source and target are the same datastore", {
      info: { badElement: target },
    });
  const content = "datastore" in source ? ctx.server.copyOf(source.datastore) : configContent(source.config);
  ctx.server.checkWritable(target, ctx.session.id);
  const problems = ctx.server.validate(content);
  if (problems.length > 0) return { errors: problems };
  if (target === "running") ctx.server.writeRunning(content, changedBy(ctx), undefined);
  else if (target === "candidate") ctx.server.writeCandidate(content, ctx.session.id);
  else ctx.server.writeStartup(content);
  return OK;
}

function deleteConfig(ctx: Context, op: XmlElement): Reply {
  const p = params(op, { target: NC_NS });
  const target = datastoreOnly(required(p, "delete-config", "target"));
  if (target !== "startup")
    throw new RpcError(
      "protocol",
      "invalid-value",
      `the ${target} datastore cannot be deleted (only startup can)`,
      {
        info: { badElement: target },
      },
    );
  ctx.server.checkWritable(target, ctx.session.id);
  ctx.server.writeStartup(el("data", NC_NS));
  return OK;
}

function lock(ctx: Context, op: XmlElement): Reply {
  const p = params(op, { target: NC_NS });
  ctx.server.lock(datastoreOnly(required(p, "lock", "target")), ctx.session.id);
  return OK;
}

function unlock(ctx: Context, op: XmlElement): Reply {
  const p = params(op, { target: NC_NS });
  ctx.server.unlock(datastoreOnly(required(p, "unlock", "target")), ctx.session.id);
  return OK;
}

function closeSession(_ctx: Context, op: XmlElement): Reply {
  params(op, {});
  return { after: "close" };
}

function killSession(ctx: Context, op: XmlElement): Reply {
  const p = params(op, { "session-id": NC_NS });
  const text = required(p, "kill-session", "session-id").text.trim();
  const id = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (id === ctx.session.id)
    throw new RpcError(
      "protocol",
      "invalid-value",
      "kill-session cannot end the current session: use close-session",
      {
        info: { badElement: "session-id" },
      },
    );
  const target = Number.isNaN(id) ? undefined : ctx.server.session(id);
  if (target === undefined)
    throw new RpcError("protocol", "invalid-value", `no session with id "${text}"`, {
      info: { badElement: "session-id" },
    });
  target.terminate({ reason: "killed", killedBy: ctx.session.id });
  return OK;
}

function commit(ctx: Context, op: XmlElement): Reply {
  const p = params(op, { confirmed: NC_NS, "confirm-timeout": NC_NS, persist: NC_NS, "persist-id": NC_NS });
  const timeoutText = p.get("confirm-timeout")?.text.trim();
  let timeoutSec = 600;
  if (timeoutText !== undefined) {
    timeoutSec = /^\d+$/.test(timeoutText) ? Number(timeoutText) : 0;
    if (timeoutSec < 1 || timeoutSec > 4294967295)
      throw new RpcError(
        "protocol",
        "invalid-value",
        `confirm-timeout must be 1..4294967295 seconds, got "${timeoutText}"`,
        {
          info: { badElement: "confirm-timeout" },
        },
      );
  }
  ctx.server.commit(ctx.session, {
    confirmed: p.has("confirmed"),
    timeoutSec,
    persist: p.get("persist")?.text.trim(),
    persistId: p.get("persist-id")?.text.trim(),
  });
  return OK;
}

function discardChanges(ctx: Context, op: XmlElement): Reply {
  params(op, {});
  ctx.server.checkWritable("candidate", ctx.session.id);
  ctx.server.discardCandidate();
  return OK;
}

function cancelCommit(ctx: Context, op: XmlElement): Reply {
  const p = params(op, { "persist-id": NC_NS });
  ctx.server.cancelCommit(ctx.session, p.get("persist-id")?.text.trim());
  return OK;
}

function validate(ctx: Context, op: XmlElement): Reply {
  const p = params(op, { source: NC_NS });
  const source = datastoreParam(required(p, "validate", "source"), true);
  const content = "datastore" in source ? ctx.server.read(source.datastore) : configContent(source.config);
  const problems = ctx.server.validate(content);
  return problems.length > 0 ? { errors: problems } : OK;
}

function getSchema(_ctx: Context, op: XmlElement): Reply {
  const p = params(op, { identifier: MONITORING_NS, version: MONITORING_NS, format: MONITORING_NS });
  const id = required(p, "get-schema", "identifier").text.trim();
  const version = p.get("version")?.text.trim();
  const format = p.get("format")?.text.trim();
  if (format !== undefined && format !== "yang" && !format.endsWith(":yang"))
    throw new RpcError(
      "application",
      "invalid-value",
      `schema format "${format}" is not available (yang only)`,
      {
        info: { badElement: "format" },
      },
    );
  const mod = YANG_MODULES.find(
    (m) => m.name === id && (version === undefined || version === "" || m.revision === version),
  );
  if (mod === undefined)
    throw new RpcError(
      "application",
      "invalid-value",
      `no schema "${id}"${version ? ` revision ${version}` : ""}; see netconf-state/schemas`,
      { info: { badElement: "identifier" } },
    );
  return { element: el("data", MONITORING_NS, [], mod.text) };
}

function createSubscription(ctx: Context, op: XmlElement): Reply {
  const p = params(op, {
    stream: NOTIFICATION_NS,
    filter: NOTIFICATION_NS,
    startTime: NOTIFICATION_NS,
    stopTime: NOTIFICATION_NS,
  });
  const stream = p.get("stream")?.text.trim() ?? "NETCONF";
  if (stream !== "NETCONF")
    throw new RpcError("application", "invalid-value", `no event stream "${stream}" (only NETCONF)`, {
      info: { badElement: "stream" },
    });
  if (p.has("startTime"))
    throw new RpcError("protocol", "operation-not-supported", "replay is not supported: omit <startTime>", {
      info: { badElement: "startTime" },
    });
  if (p.has("stopTime"))
    throw new RpcError(
      "protocol",
      "missing-element",
      "<stopTime> needs <startTime>, and replay is not supported",
      {
        info: { badElement: "startTime" },
      },
    );
  if (ctx.session.subscription !== undefined)
    throw new RpcError("protocol", "in-use", "this session already has a subscription", {
      info: { sessionId: ctx.session.id },
    });
  const filter = p.get("filter");
  if (filter) {
    const type = filter.attrs.find((a) => a.name === "type")?.value ?? "subtree";
    if (type !== "subtree")
      throw new RpcError("protocol", "bad-attribute", "notification filters are subtree filters", {
        info: { badAttribute: "type", badElement: "filter" },
      });
  }
  ctx.session.subscription = { filter };
  return OK;
}
