import { aristaEosData } from "../data/arista-eos.ts";
import { ciscoIosxrData } from "../data/cisco-iosxr.ts";
import { ciscoNxosData } from "../data/cisco-nxos.ts";
import { frrData } from "../data/frr.ts";
import { ciscoDate } from "../internal/text.ts";
import { renderConfig } from "../state.ts";
import { type CiscoFlavor, expandInterface } from "./cisco-engine.ts";
import { caretLine } from "./cisco-iosxe.ts";
import { eosTransactions, iosxrTransactions, nxosTransactions } from "./cisco-transactions.ts";

function nxosSubMode(line: string, depth: number): string | undefined {
  const l = line.toLowerCase();
  if (depth === 0) {
    if (/^int(e(r(f(a(c(e)?)?)?)?)?)?\s+\S/.test(l)) return "config-if";
    if (/^router\s+\S/.test(l)) return "config-router";
    if (/^vlan\s+\d+$/.test(l)) return "config-vlan";
    if (/^vrf context\s/.test(l)) return "config-vrf";
    if (/^line\s+console/.test(l)) return "config-console";
    if (/^line\s+vty/.test(l)) return "config-line";
    if (/^vdc\s/.test(l)) return "config-vdc";
  }
  if (depth === 1 && /^neighbor\s/.test(l)) return "config-router-neighbor";
  if (depth === 1 && /^address-family\s/.test(l)) return "config-router-af";
  if (depth === 2 && /^address-family\s/.test(l)) return "config-router-neighbor-af";
  return undefined;
}

export const ciscoNxos: CiscoFlavor = {
  platform: "cisco_nxos",
  startLevel: "privileged",
  promptPrefix: "",
  promptSuffix: " ",
  pagingDefault: true,
  pagerText: " --More-- ",
  invalid: (_line, column) => `${caretLine(column)}% Invalid command at '^' marker.\n`,
  incomplete: () => "% Incomplete command at '^' marker.\n",
  ambiguous: () => "% Ambiguous command at '^' marker.\n",
  candidateConfig: false,
  sessionMode: () => "config-s",
  configBanner: "Enter configuration commands, one per line. End with CNTL/Z.\n",
  sessionBanner:
    "Config Session started, Session ID is 1\nEnter configuration commands, one per line. End with CNTL/Z.\n",
  commitOutput: "Commit Successful\n",
  subMode: nxosSubMode,
  renderRunning: (_hostname, tree, lastChange) =>
    `\n!Command: show running-config\n!Running configuration last done at: ${ciscoDate(lastChange)}\n!Time: ${ciscoDate(
      new Date(),
    )}\n\n${renderConfig(tree, { indent: "  ", separator: "" })}\n`,
  terminalWidth: true,
  writeMemoryOutput:
    "[########################################] 100%\nCopy complete, now saving to disk (please wait)...\nCopy complete.\n",
  data: ciscoNxosData,
  extraExec: (engine) => nxosTransactions(engine.ctx.state),
};

function xrSubMode(line: string, depth: number): string | undefined {
  const l = line.toLowerCase();
  if (depth === 0) {
    if (/^int(e(r(f(a(c(e)?)?)?)?)?)?\s+\S/.test(l)) return "config-if";
    if (/^router static$/.test(l)) return "config-static";
    if (/^router bgp\s/.test(l)) return "config-bgp";
    if (/^router ospf\s/.test(l)) return "config-ospf";
    if (/^router isis\s/.test(l)) return "config-isis";
    if (/^username\s/.test(l)) return "config-un";
    if (/^line\s/.test(l)) return "config-line";
    if (/^call-home$/.test(l)) return "config-call-home";
    if (/^(route-policy|prefix-set)\s/.test(l)) return "config-rpl";
  }
  if (depth === 1 && /^address-family\s/.test(l)) return "config-bgp-af";
  if (depth === 1 && /^neighbor\s/.test(l)) return "config-bgp-nbr";
  if (depth === 1 && /^area\s/.test(l)) return "config-ospf-ar";
  if (depth === 2 && /^address-family\s/.test(l)) return "config-bgp-nbr-af";
  return undefined;
}

export const ciscoIosxr: CiscoFlavor = {
  platform: "cisco_iosxr",
  startLevel: "privileged",
  promptPrefix: "RP/0/RP0/CPU0:",
  promptSuffix: "",
  pagingDefault: true,
  pagerText: " --More-- ",
  invalid: (_line, column) => `${caretLine(column)}% Invalid input detected at '^' marker.\n`,
  incomplete: () => "% Incomplete command.\n",
  ambiguous: (line) => `% Ambiguous command:  "${line}"\n`,
  candidateConfig: true,
  subMode: xrSubMode,
  renderRunning: (_hostname, tree, lastChange) =>
    `Building configuration...\n!! IOS XR Configuration 7.9.2\n!! Last configuration change at ${ciscoDate(
      lastChange,
    )} by admin\n!\n${renderConfig(tree)}end\n\n`,
  terminalWidth: true,
  writeMemoryOutput: "",
  data: ciscoIosxrData,
  extraExec: (engine) => iosxrTransactions(engine.ctx.state),
};

const EOS_SHORT: Record<string, string> = {
  Ethernet: "Et",
  Management: "Ma",
  Loopback: "Lo",
  "Port-Channel": "Po",
  Vlan: "Vl",
};

function eosSubMode(line: string, depth: number): string | undefined {
  const l = line.toLowerCase();
  if (depth === 0) {
    const iface = /^int(?:e(?:r(?:f(?:a(?:c(?:e)?)?)?)?)?)?\s+(\S.*)$/i.exec(line);
    if (iface) {
      const full = expandInterface(iface[1]!, "arista_eos");
      const m = /^([A-Za-z-]+)(.*)$/.exec(full);
      return `config-if-${EOS_SHORT[m?.[1] ?? ""] ?? m?.[1] ?? ""}${m?.[2] ?? ""}`;
    }
    if (/^router bgp\s/.test(l)) return "config-router-bgp";
    if (/^router ospf\s/.test(l)) return "config-router-ospf";
    const vlan = /^vlan\s+(\d+)$/.exec(l);
    if (vlan) return `config-vlan-${vlan[1]}`;
    if (/^management api http-commands$/.test(l)) return "config-mgmt-api-http-cmds";
    const acl = /^ip access-list\s+(\S+)$/.exec(line);
    if (acl) return `config-acl-${acl[1]}`;
  }
  if (depth === 1 && /^address-family\s+(\S+)/.test(l)) return `config-router-bgp-af`;
  return undefined;
}

export const aristaEos: CiscoFlavor = {
  platform: "arista_eos",
  startLevel: "user",
  promptPrefix: "",
  promptSuffix: "",
  pagingDefault: true,
  pagerText: " --More-- ",
  invalid: () => "% Invalid input\n",
  incomplete: () => "% Incomplete command\n",
  ambiguous: () => "% Ambiguous command\n",
  candidateConfig: false,
  sessionMode: (name) => `config-s-${name}`,
  subMode: eosSubMode,
  renderRunning: (hostname, tree) =>
    `! Command: show running-config\n! device: ${hostname} (vEOS-lab, EOS-4.31.2F)\n!\n! boot system flash:/vEOS-lab.swi\n!\n${renderConfig(
      tree,
    )}end\n`,
  terminalWidth: true,
  writeMemoryOutput: "Copy completed successfully.\n",
  data: aristaEosData,
  extraExec: (engine) => eosTransactions(engine.ctx.state),
};

function frrSubMode(line: string, depth: number): string | undefined {
  const l = line.toLowerCase();
  if (depth === 0) {
    if (/^interface\s+\S/.test(l)) return "config-if";
    if (/^router\s+\S/.test(l)) return "config-router";
    if (/^route-map\s/.test(l)) return "config-route-map";
    if (/^line vty$/.test(l)) return "config-line";
    if (/^vrf\s/.test(l)) return "config-vrf";
  }
  if (depth === 1 && /^address-family\s/.test(l)) return "config-router-af";
  return undefined;
}

export const frr: CiscoFlavor = {
  platform: "frr",
  startLevel: "privileged",
  promptPrefix: "",
  promptSuffix: " ",
  pagingDefault: false,
  pagerText: "--More--",
  invalid: (line) => `% Unknown command: ${line}\n`,
  incomplete: (line) => `% Command incomplete: ${line}\n`,
  ambiguous: (line) => `% Ambiguous command: ${line}\n`,
  candidateConfig: false,
  subMode: frrSubMode,
  renderRunning: (_hostname, tree) =>
    `Building configuration...\n\nCurrent configuration:\n!\n${renderConfig(tree, {
      section: (line) => frrSubMode(line, 0) !== undefined,
    })}end\n`,
  terminalWidth: false,
  writeMemoryOutput:
    "Note: this version of vtysh never writes vtysh.conf\nBuilding Configuration...\nIntegrated configuration saved to /etc/frr/frr.conf\n[OK]\n",
  data: frrData,
};
