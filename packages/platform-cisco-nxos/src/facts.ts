import type { Facts } from "@patchbay/capabilities";
import { parseUptime } from "@patchbay/capabilities";

/**
 * Facts from the output of NX-OS `show version`. Fields the output does not carry are empty (uptime
 * null); the output itself is kept in `raw["show version"]`.
 */
export function parseShowVersion(output: string): Facts {
  const text = output.replace(/\r\n?/g, "\n");
  const uptime = /^Kernel uptime is (.+)$/m.exec(text)?.[1];
  // `cisco Nexus9000 C9300v Chassis`, `cisco Nexus 3048 Chassis ("48x1GE + 4x10G Supervisor")`
  const model = /^\s*cisco (.+?) [Cc]hassis\b/m.exec(text)?.[1]?.trim() ?? "";
  return {
    hostname: /^\s*Device name:\s*(\S+)/m.exec(text)?.[1] ?? "",
    vendor: "Cisco",
    model,
    serial: /^\s*Processor Board ID\s+(\S+)/im.exec(text)?.[1] ?? "",
    osVersion:
      /^\s*(?:NXOS|system):\s+version\s+(\S+)/m.exec(text)?.[1] ??
      /^\s*NXOS image file is:.*?\.(\d[\w.]*)\.bin/m.exec(text)?.[1] ??
      "",
    uptimeSeconds: uptime === undefined ? null : parseUptime(uptime),
    raw: { "show version": output },
  };
}

/** Facts from NX-API's structured `show version` (`body` of the command's result). */
export function factsFromNxapiVersion(body: Record<string, unknown>, raw: string): Facts {
  const str = (key: string): string => (typeof body[key] === "string" ? (body[key] as string) : "");
  const num = (key: string): number => (typeof body[key] === "number" ? (body[key] as number) : 0);
  const hasUptime = ["kern_uptm_days", "kern_uptm_hrs", "kern_uptm_mins", "kern_uptm_secs"].some(
    (k) => typeof body[k] === "number",
  );
  return {
    hostname: str("host_name"),
    vendor: "Cisco",
    model: str("chassis_id")
      .replace(/\s*[Cc]hassis.*$/, "")
      .replace(/^cisco\s+/i, ""),
    serial: str("proc_board_id"),
    osVersion: str("nxos_ver_str") || str("sys_ver_str") || str("kickstart_ver_str"),
    uptimeSeconds: hasUptime
      ? num("kern_uptm_days") * 86_400 +
        num("kern_uptm_hrs") * 3_600 +
        num("kern_uptm_mins") * 60 +
        num("kern_uptm_secs")
      : null,
    raw: { "show version": raw },
  };
}
