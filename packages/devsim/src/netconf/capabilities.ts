import { YANG_MODULES } from "./schemas.ts";

export const BASE_10 = "urn:ietf:params:netconf:base:1.0";
export const BASE_11 = "urn:ietf:params:netconf:base:1.1";
export const NOTIFICATION_NS = "urn:ietf:params:xml:ns:netconf:notification:1.0";
export const MONITORING_NS = "urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring";
export const NOTIFICATIONS_NS = "urn:ietf:params:xml:ns:yang:ietf-netconf-notifications";
export const WITH_DEFAULTS_NS = "urn:ietf:params:xml:ns:yang:ietf-netconf-with-defaults";

/** What the server announces in its hello. */
export function serverCapabilities(base11 = true): string[] {
  return [
    BASE_10,
    ...(base11 ? [BASE_11] : []),
    "urn:ietf:params:netconf:capability:writable-running:1.0",
    "urn:ietf:params:netconf:capability:candidate:1.0",
    "urn:ietf:params:netconf:capability:confirmed-commit:1.0",
    "urn:ietf:params:netconf:capability:confirmed-commit:1.1",
    "urn:ietf:params:netconf:capability:rollback-on-error:1.0",
    "urn:ietf:params:netconf:capability:validate:1.0",
    "urn:ietf:params:netconf:capability:validate:1.1",
    "urn:ietf:params:netconf:capability:startup:1.0",
    "urn:ietf:params:netconf:capability:xpath:1.0",
    "urn:ietf:params:netconf:capability:with-defaults:1.0?basic-mode=explicit&also-supported=report-all,trim",
    "urn:ietf:params:netconf:capability:notification:1.0",
    "urn:ietf:params:netconf:capability:interleave:1.0",
    `${MONITORING_NS}?module=ietf-netconf-monitoring&revision=2010-10-04`,
    `${NOTIFICATIONS_NS}?module=ietf-netconf-notifications&revision=2012-02-06`,
    ...YANG_MODULES.map((m) => `${m.namespace}?module=${m.name}&revision=${m.revision}`),
  ];
}
