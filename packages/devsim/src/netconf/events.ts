import { NOTIFICATIONS_NS } from "./capabilities.ts";
import { type DatastoreName, type EditRecord, renderPath } from "./datastore.ts";
import { el, leaf, type XmlElement } from "./xml.ts";

/** Who made a change, as netconf-config-change reports it. */
export type ChangedBy = { sessionId: number; username: string; sourceHost: string } | "server";

function changedByElement(by: ChangedBy): XmlElement {
  const n = (name: string, children: XmlElement[] = [], text = ""): XmlElement =>
    el(name, NOTIFICATIONS_NS, children, text);
  if (by === "server") return n("changed-by", [n("server")]);
  return n("changed-by", [
    n("username", [], by.username),
    n("session-id", [], String(by.sessionId)),
    n("source-host", [], by.sourceHost),
  ]);
}

/** The RFC 6470 netconf-config-change event. */
export function configChange(by: ChangedBy, datastore: DatastoreName, edits: EditRecord[]): XmlElement {
  const n = (name: string, children: XmlElement[] = [], text = ""): XmlElement =>
    el(name, NOTIFICATIONS_NS, children, text);
  return n("netconf-config-change", [
    changedByElement(by),
    n("datastore", [], datastore),
    ...edits.map((e) => {
      const path = renderPath(e.target);
      const target = leaf("target", NOTIFICATIONS_NS, path.xpath);
      target.decls = path.ns;
      return n("edit", [target, n("operation", [], e.operation)]);
    }),
  ]);
}

/** Why a session ended, as netconf-session-end reports it. */
export interface SessionEnd {
  reason: "closed" | "killed" | "dropped" | "other";
  killedBy?: number;
}

/** The RFC 6470 netconf-session-start and netconf-session-end events. */
export function sessionEvent(
  session: { id: number; username: string; sourceHost: string },
  end?: SessionEnd,
): XmlElement {
  const n = (name: string, text = ""): XmlElement => el(name, NOTIFICATIONS_NS, [], text);
  const children = [
    n("username", session.username),
    n("session-id", String(session.id)),
    n("source-host", session.sourceHost),
  ];
  if (end === undefined) return el("netconf-session-start", NOTIFICATIONS_NS, children);
  if (end.killedBy !== undefined) children.push(n("killed-by", String(end.killedBy)));
  children.push(n("termination-reason", end.reason));
  return el("netconf-session-end", NOTIFICATIONS_NS, children);
}

/** The RFC 6470 netconf-confirmed-commit event. */
export function confirmedCommit(
  event: "start" | "cancel" | "timeout" | "extend" | "complete",
  by: ChangedBy,
  timeoutSec?: number,
): XmlElement {
  const n = (name: string, text = ""): XmlElement => el(name, NOTIFICATIONS_NS, [], text);
  const children: XmlElement[] = [];
  if (by !== "server" && event !== "timeout")
    children.push(
      n("username", by.username),
      n("session-id", String(by.sessionId)),
      n("source-host", by.sourceHost),
    );
  children.push(n("confirm-event", event));
  if (timeoutSec !== undefined) children.push(n("timeout", String(timeoutSec)));
  return el("netconf-confirmed-commit", NOTIFICATIONS_NS, children);
}
