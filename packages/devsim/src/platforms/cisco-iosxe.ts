import { ciscoIosxeData } from "../data/cisco-iosxe.ts";
import { ciscoDate } from "../internal/text.ts";
import { type ConfigNode, renderConfig } from "../state.ts";
import type { CiscoFlavor } from "./cisco-engine.ts";

export function caretLine(column: number): string {
  return `${" ".repeat(column)}^\n`;
}

/** The IOS sub-mode a configuration line opens. */
export function iosSubMode(line: string, depth: number): string | undefined {
  const l = line.toLowerCase();
  if (depth === 0) {
    if (/^int(e(r(f(a(c(e)?)?)?)?)?)?\s+\S/.test(l)) return "config-if";
    if (/^router\s+\S/.test(l)) return "config-router";
    if (/^line\s+\S/.test(l)) return "config-line";
    if (/^vlan\s+\d/.test(l)) return "config-vlan";
    if (/^ip access-list standard\s/.test(l)) return "config-std-nacl";
    if (/^ip access-list extended\s/.test(l)) return "config-ext-nacl";
    if (/^route-map\s/.test(l)) return "config-route-map";
    if (/^(vrf definition|ip vrf)\s/.test(l)) return "config-vrf";
    if (/^class-map\s/.test(l)) return "config-cmap";
    if (/^policy-map\s/.test(l)) return "config-pmap";
    if (/^redundancy$/.test(l)) return "config-red";
    if (/^control-plane$/.test(l)) return "config-cp";
  }
  if (depth === 1 && /^address-family\s/.test(l)) return "config-router-af";
  return undefined;
}

function renderIosxe(hostname: string, tree: readonly ConfigNode[], lastChange: Date): string {
  const body = `!\n! Last configuration change at ${ciscoDate(lastChange).replace(/^(\w+) (\w+) (\d+) ([\d:]+) (\d+)$/, "$4 UTC $1 $2 $3 $5")} by admin\n!\n${renderConfig(tree, { section: (line) => iosSubMode(line, 0) !== undefined })}!\nend\n`;
  return `Building configuration...\n\nCurrent configuration : ${Buffer.byteLength(body)} bytes\n${body}\n`.replace(
    /^hostname .*$/m,
    `hostname ${hostname}`,
  );
}

export const ciscoIosxe: CiscoFlavor = {
  platform: "cisco_iosxe",
  startLevel: "user",
  promptPrefix: "",
  promptSuffix: "",
  pagingDefault: true,
  pagerText: " --More-- ",
  // As a Catalyst prints it: nine backspaces to column 0, eight spaces over `--More--`, nine back; the
  // cursor ends at column 0 and the next page overwrites the rest of the line.
  pagerErase: `${"\b".repeat(9)}${" ".repeat(8)}${"\b".repeat(9)}`,
  invalid: (line, column, token) =>
    line.includes(" ") || token === ""
      ? `${caretLine(column)}% Invalid input detected at '^' marker.\n\n`
      : "% Unknown command or computer name, or unable to find computer address\n",
  incomplete: () => "% Incomplete command.\n\n",
  ambiguous: (line) => `% Ambiguous command:  "${line}"\n`,
  candidateConfig: false,
  configBanner: "Enter configuration commands, one per line.  End with CNTL/Z.\n",
  subMode: iosSubMode,
  renderRunning: renderIosxe,
  terminalWidth: true,
  writeMemoryOutput: "Building configuration...\n[OK]\n",
  data: ciscoIosxeData,
};
