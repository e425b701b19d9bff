import type { Facts } from "@patchbay/capabilities";
import { parseUptime } from "@patchbay/capabilities";

/**
 * Facts from the output of IOS / IOS-XE `show version`. Fields the output does not carry are empty
 * (uptime null); the output itself is kept in `raw["show version"]`.
 */
export function parseShowVersion(output: string): Facts {
  const text = output.replace(/\r\n?/g, "\n");
  const uptimeLine = /^(\S+) uptime is (.+)$/m.exec(text);
  const version =
    /^Cisco IOS Software.*?,\s*Version\s+([^\s,]+)/m.exec(text)?.[1] ??
    /^Cisco IOS XE Software, Version\s+(\S+)/m.exec(text)?.[1] ??
    /\bVersion\s+([^\s,]+)/.exec(text)?.[1] ??
    "";
  // `cisco C8000V (VXE) processor ...`, `Cisco CISCO2911/K9 (revision 1.0) with ...`
  const model = /^[Cc]isco\s+(\S+)\s+(?:\([^)]*\)\s+)*(?:processor|with)\b/m.exec(text)?.[1] ?? "";
  const serial = /^Processor board ID\s+(\S+)/im.exec(text)?.[1] ?? "";
  return {
    hostname: uptimeLine?.[1] ?? "",
    vendor: "Cisco",
    model,
    serial,
    osVersion: version,
    uptimeSeconds: uptimeLine?.[2] === undefined ? null : parseUptime(uptimeLine[2]),
    raw: { "show version": output },
  };
}
