import type { Facts } from "@patchbay/capabilities";

/**
 * One POSIX sh script that prints every fact source under a `@@name` header, so facts cost one round
 * trip. Files that need root (the serial number) are read when readable and skipped otherwise.
 */
export const FACTS_SCRIPT: string = [
  "for s in hostname kernel machine os-release uptime model serial; do",
  '  printf "@@%s\\n" "$s"',
  '  case "$s" in',
  "    hostname) hostname 2>/dev/null || cat /etc/hostname 2>/dev/null ;;",
  "    kernel) uname -r ;;",
  "    machine) uname -m ;;",
  "    os-release) cat /etc/os-release 2>/dev/null ;;",
  "    uptime) cat /proc/uptime 2>/dev/null ;;",
  "    model) cat /sys/class/dmi/id/product_name 2>/dev/null ;;",
  "    serial) cat /sys/class/dmi/id/product_serial 2>/dev/null ;;",
  "  esac",
  "done",
  "true",
].join("\n");

/** Splits the script's output into its sections. */
export function parseSections(output: string): Record<string, string> {
  const sections: Record<string, string> = {};
  let current: string | undefined;
  const lines: string[] = [];
  const close = (): void => {
    if (current !== undefined) sections[current] = lines.join("\n").trim();
    lines.length = 0;
  };
  for (const line of output.split("\n")) {
    const header = /^@@([a-z-]+)$/.exec(line);
    if (header) {
      close();
      current = header[1];
    } else if (current !== undefined) lines.push(line);
  }
  close();
  return sections;
}

/** Reads `KEY="value"` lines of os-release(5). */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!m?.[1] || m[2] === undefined) continue;
    let value = m[2];
    if (/^".*"$|^'.*'$/.test(value)) value = value.slice(1, -1).replace(/\\(["\\$`])/g, "$1");
    out[m[1]] = value;
  }
  return out;
}

/** Facts from the output of {@link FACTS_SCRIPT}. */
export function parseFacts(output: string): Facts {
  const s = parseSections(output);
  const os = parseOsRelease(s["os-release"] ?? "");
  const uptime = Number.parseFloat((s.uptime ?? "").split(/\s+/)[0] ?? "");
  const model = (s.model ?? "").trim();
  return {
    hostname: (s.hostname ?? "").split("\n")[0]?.trim() ?? "",
    vendor: "Linux",
    model: model !== "" ? model : (s.machine ?? ""),
    serial: (s.serial ?? "").trim(),
    osVersion: os.PRETTY_NAME ? `${os.PRETTY_NAME} (kernel ${s.kernel ?? "?"})` : (s.kernel ?? ""),
    uptimeSeconds: Number.isFinite(uptime) ? Math.floor(uptime) : null,
    raw: s,
  };
}
