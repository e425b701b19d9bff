// TemplateIndex against Python clitable on the corpus index: row selection (completions, first
// match wins, hostname, comments, rows of the wrong width) and merged multi-template parses.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TemplateIndex, TemplateNotFoundError, TemplateSyntaxError } from "../../src/index.ts";
import { CORPUS_DIR, corpusInputs } from "../corpus.ts";
import { type OracleIndexResult, runOracle } from "../oracle.ts";

const QUERIES: Array<{ platform: string; command: string; hostname?: string }> = [
  { platform: "cisco_ios", command: "show ip interface brief" },
  { platform: "cisco_ios", command: "sh ip int br" },
  { platform: "cisco_ios", command: "sh ip int" },
  { platform: "cisco_ios", command: "show ip int brief | include up" },
  { platform: "cisco_ios", command: "show version", hostname: "core1" },
  { platform: "cisco_ios", command: "show version", hostname: "edge1" },
  { platform: "cisco_xe", command: "sh ver" },
  { platform: "cisco_iosxe", command: "show version" },
  { platform: "cisco_nxos", command: "show interface brief" },
  { platform: "cisco_nxos", command: "show ip route" },
  { platform: "arista_eos", command: "show version" },
  { platform: "arista_eos", command: "show version", hostname: "" },
  { platform: "juniper_junos", command: "show interfaces terse" },
  { platform: "juniper_junos", command: "show route" },
  { platform: "linux", command: "ip -br addr" },
  { platform: "linux", command: "ip -br a" },
  { platform: "linux", command: "ip route" },
  { platform: "frr", command: "show ip bgp summary" },
  { platform: "frr", command: "sh bgp sum" },
  { platform: "frr", command: "show version" },
  { platform: "test", command: "features" },
  { platform: "", command: "" },
  { platform: "CISCO_IOS", command: "show version" },
];

const OUTPUTS: Record<string, string> = {
  "cisco_ios show ip interface brief": "cisco-iosxe/show_ip_interface_brief.txt",
  "cisco_ios show version": "cisco-iosxe/show_version.txt",
  "cisco_nxos show ip route": "cisco-nxos/show_ip_route.txt",
  "arista_eos show version": "arista-eos/show_version.txt",
  "juniper_junos show interfaces terse": "juniper-junos/show_interfaces_terse.txt",
  "juniper_junos show route": "juniper-junos/show_route.txt",
  "linux ip -br addr": "linux/ip_br_addr.txt",
  "linux ip route": "linux/ip_route.txt",
  "frr show ip bgp summary": "frr/show_bgp_summary.txt",
  "test features": "linux/features_records.txt",
};

function attrs(q: { platform: string; command: string; hostname?: string }): Record<string, string> {
  const a: Record<string, string> = { Platform: q.platform, Command: q.command };
  if (q.hostname !== undefined) a.Hostname = q.hostname;
  return a;
}

describe("TemplateIndex against Python clitable", () => {
  it("selects the same row as clitable for every query", async () => {
    const index = await TemplateIndex.load(CORPUS_DIR);
    const py = runOracle(
      QUERIES.map((q) => ({ kind: "index", dir: CORPUS_DIR, attributes: attrs(q), find: true })),
    ) as OracleIndexResult[];
    QUERIES.forEach((q, i) => {
      const r = py[i] as OracleIndexResult;
      expect(r.ok, JSON.stringify(q)).toBe(true);
      const expected = r.ok ? r.templates : undefined;
      expect(index.find(q)?.templates ?? null, JSON.stringify(q)).toEqual(expected);
    });
  });

  it("merges several templates of a row as clitable does (by Key, else by position)", async () => {
    const index = await TemplateIndex.load(CORPUS_DIR);
    const inputs = corpusInputs();
    const entries = Object.entries(OUTPUTS).map(([key, file]) => {
      const [platform, ...rest] = key.split(" ");
      return {
        platform: platform as string,
        command: rest.join(" "),
        output: inputs.find((x) => x.name === file)?.text ?? "",
      };
    });
    const py = runOracle(
      entries.map((e) => ({ kind: "index", dir: CORPUS_DIR, attributes: attrs(e), output: e.output })),
    ) as OracleIndexResult[];
    for (const [i, e] of entries.entries()) {
      const r = py[i] as OracleIndexResult;
      expect(r.ok, e.command).toBe(true);
      expect(await index.parse(e), `${e.platform} ${e.command}`).toEqual(r.ok ? r.rows : undefined);
    }
    // The merged rows really carry the added columns.
    const terse = await index.parse({
      ...entries[4],
      platform: "juniper_junos",
      command: "show interfaces terse",
      output: entries[4]?.output ?? "",
    });
    expect(terse.find((row) => row.interface === "ge-0/0/0.0")?.unit).toBe("0");
  });

  it("throws TemplateNotFoundError naming platform, command and directory when no row matches", async () => {
    const index = await TemplateIndex.load(CORPUS_DIR);
    const py = runOracle([
      {
        kind: "index",
        dir: CORPUS_DIR,
        attributes: { Platform: "frr", Command: "show version" },
        output: "x",
      },
    ]);
    expect((py[0] as OracleIndexResult).ok).toBe(false);
    await expect(index.parse({ platform: "frr", command: "show version", output: "x" })).rejects.toSatisfy(
      (e: unknown) =>
        e instanceof TemplateNotFoundError &&
        e.platform === "frr" &&
        e.command === "show version" &&
        e.searched[0] === CORPUS_DIR,
    );
  });

  it("refuses an index without a Template column, like clitable", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pb-textfsm-"));
    writeFileSync(join(dir, "index"), "# no template column\nPlatform, Command\nfoo, bar\n");
    await expect(TemplateIndex.load(dir)).rejects.toBeInstanceOf(TemplateSyntaxError);
    const py = runOracle([
      { kind: "index", dir, attributes: { Platform: "foo", Command: "bar" }, output: "" },
    ]);
    expect((py[0] as OracleIndexResult).ok).toBe(false);
  });
});
