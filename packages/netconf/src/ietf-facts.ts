import type { Facts } from "@patchbay/capabilities";
import type { XmlElement } from "./xml.ts";

export const IETF_SYSTEM_NS = "urn:ietf:params:xml:ns:yang:ietf-system";

/** The subtree filter that selects what {@link factsFromIetfSystem} reads. */
export const IETF_SYSTEM_FACTS_FILTER: string = `<system xmlns="${IETF_SYSTEM_NS}"><hostname/></system><system-state xmlns="${IETF_SYSTEM_NS}"/>`;

function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

/**
 * Facts from ietf-system (RFC 7317): `system/hostname`, `system-state/platform` (os-release,
 * machine) and `system-state/clock` (boot and current time give the uptime). What the server does
 * not report stays empty (uptime `null`).
 */
export function factsFromIetfSystem(elements: readonly XmlElement[], vendor: string, raw: string): Facts {
  const system = elements.find((e) => e.name === "system" && e.namespace === IETF_SYSTEM_NS);
  const state = elements.find((e) => e.name === "system-state" && e.namespace === IETF_SYSTEM_NS);
  const platform = child(state, "platform");
  const clock = child(state, "clock");
  const boot = Date.parse(child(clock, "boot-datetime")?.text ?? "");
  const now = Date.parse(child(clock, "current-datetime")?.text ?? "");
  return {
    hostname: child(system, "hostname")?.text.trim() ?? "",
    vendor,
    model: child(platform, "machine")?.text.trim() ?? "",
    serial: "",
    osVersion: (child(platform, "os-release") ?? child(platform, "os-version"))?.text.trim() ?? "",
    uptimeSeconds:
      Number.isNaN(boot) || Number.isNaN(now) ? null : Math.max(0, Math.round((now - boot) / 1000)),
    raw: { "get ietf-system": raw },
  };
}
