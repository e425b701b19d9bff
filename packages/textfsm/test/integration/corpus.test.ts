// Every corpus template against every corpus output (and the real FRR's outputs), row by row
// against Python TextFSM.
import { describe, expect, it } from "vitest";
import { compileTemplate } from "../../src/index.ts";
import { compare } from "../compare.ts";
import { corpusInputs, corpusTemplates, liveFrrOutputs } from "../corpus.ts";
import { type OracleParseResult, oracleParse } from "../oracle.ts";

const templates = corpusTemplates();
const inputs = [...corpusInputs(), ...liveFrrOutputs()];

// Each template's own output, which must give rows (so the corpus exercises real records).
const OWN: Record<string, string> = {
  "arista_eos_show_version.textfsm": "arista-eos/show_version.txt",
  "cisco_ios_show_ip_interface_brief.textfsm": "cisco-iosxe/show_ip_interface_brief.txt",
  "cisco_ios_show_ip_route.textfsm": "cisco-iosxe/show_ip_route.txt",
  "cisco_ios_show_version.textfsm": "cisco-iosxe/show_version.txt",
  "cisco_nxos_show_interface_brief.textfsm": "cisco-nxos/show_interface_brief.txt",
  "cisco_nxos_show_ip_route.textfsm": "cisco-nxos/show_ip_route.txt",
  "features_records.textfsm": "linux/features_records.txt",
  "frr_show_bgp_summary.textfsm": "frr/show_bgp_summary.txt",
  "frr_show_ip_route.textfsm": "frr-peer/show ip route",
  "juniper_junos_show_interfaces_terse.textfsm": "juniper-junos/show_interfaces_terse.txt",
  "juniper_junos_show_route.textfsm": "juniper-junos/show_route.txt",
  "juniper_junos_terse_units.textfsm": "juniper-junos/show_interfaces_terse.txt",
  "linux_ip_br_addr.textfsm": "linux/ip_br_addr_crlf.txt",
  "linux_ip_br_addr_mtu.textfsm": "linux/ip_br_addr.txt",
  "linux_ip_route.textfsm": "linux/ip_route.txt",
  "linux_ip_route_scope.textfsm": "linux/ip_route.txt",
};

describe("corpus against Python TextFSM", () => {
  const cases = templates.flatMap((t) =>
    inputs.map((i) => ({ template: t.text, text: i.text, t: t.name, i: i.name })),
  );
  const py = oracleParse(cases);

  it.each(templates.map((t) => t.name))(
    "%s gives Python's rows (or error) on every corpus output",
    (name) => {
      const diffs: string[] = [];
      cases.forEach((c, k) => {
        if (c.t !== name) return;
        const out = compare(c.template, c.text, py[k] as OracleParseResult);
        if (out.kind !== "same") diffs.push(`${c.i}: ${out.kind === "diff" ? out.detail : out.kind}`);
      });
      expect(diffs).toEqual([]);
    },
  );

  it("has a template for every corpus file and rows from each template's own output", () => {
    expect(Object.keys(OWN).sort()).toEqual(templates.map((t) => t.name));
    for (const [name, input] of Object.entries(OWN)) {
      const t = templates.find((x) => x.name === name);
      const i = inputs.find((x) => x.name === input);
      expect(i, input).toBeDefined();
      const rows = compileTemplate(t?.text ?? "", { name }).parse(i?.text ?? "");
      expect(rows.length, `${name} on ${input}`).toBeGreaterThan(0);
    }
  });

  it("parses the real FRR route table of 2,000 static routes", () => {
    const t = templates.find((x) => x.name === "frr_show_ip_route.textfsm");
    const routes = inputs.find((x) => x.name === "frr-peer/show ip route");
    const rows = compileTemplate(t?.text ?? "").parseObjects(routes?.text ?? "", { lowercaseKeys: true });
    expect(rows.length).toBeGreaterThanOrEqual(2000);
    expect(rows.filter((r) => r.nexthop === "blackhole").length).toBeGreaterThanOrEqual(2000);
  });
});
