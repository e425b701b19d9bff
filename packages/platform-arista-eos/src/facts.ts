import type { Facts } from "@patchbay/capabilities";
import { parseUptime } from "@patchbay/capabilities";

/**
 * Facts from the text of EOS `show version` (and `show hostname`, which names the device: `show
 * version` does not). Fields the outputs do not carry are empty (uptime null); both outputs are kept
 * in `raw`.
 */
export function parseShowVersion(version: string, hostname = ""): Facts {
  const text = version.replace(/\r\n?/g, "\n");
  const uptime = /^Uptime:\s*(.+)$/m.exec(text)?.[1];
  const raw: Record<string, string> = { "show version": version };
  if (hostname !== "") raw["show hostname"] = hostname;
  return {
    hostname: /^Hostname:\s*(\S+)/m.exec(hostname)?.[1] ?? "",
    vendor: "Arista",
    // The first line: `Arista vEOS-lab`, `Arista DCS-7050TX-64-R`.
    model: /^Arista\s+(\S+)/m.exec(text)?.[1] ?? "",
    serial: /^Serial number:[ \t]*(\S*)/m.exec(text)?.[1] ?? "",
    osVersion: /^Software image version:\s*(\S+)/m.exec(text)?.[1] ?? "",
    uptimeSeconds: uptime === undefined ? null : parseUptime(uptime),
    raw,
  };
}

/** Facts from eAPI's structured `show version` and `show hostname` results. */
export function factsFromEapi(
  version: Record<string, unknown>,
  hostname: Record<string, unknown>,
  raw: Record<string, string>,
): Facts {
  const str = (o: Record<string, unknown>, key: string): string =>
    typeof o[key] === "string" ? (o[key] as string) : "";
  const uptime = version.uptime;
  const bootup = version.bootupTimestamp;
  const now = version.currentTime ?? version.currentTimestamp;
  return {
    hostname: str(hostname, "hostname"),
    vendor: "Arista",
    model: str(version, "modelName"),
    serial: str(version, "serialNumber"),
    osVersion: str(version, "version"),
    uptimeSeconds:
      typeof uptime === "number"
        ? Math.floor(uptime)
        : typeof uptime === "string"
          ? parseUptime(uptime)
          : typeof bootup === "number" && typeof now === "number"
            ? Math.floor(now - bootup)
            : null,
    raw,
  };
}
