// `patchbay run --parse` against the simulator and `patchbay parse` on standard input, with a
// template directory written here (an ntc-templates style index and one template).
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SimFleet } from "@patchbay/devsim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { patchbay, requireBuilt, simFleet } from "./helpers.ts";

const TEMPLATE = `Value Required INTERFACE (\\S+)
Value IP_ADDRESS (\\S+)
Value STATUS (up|down|administratively down)
Value PROTO (up|down)

Start
  ^Interface\\s+IP-Address
  ^\${INTERFACE}\\s+\${IP_ADDRESS}\\s+\\w+\\s+\\w+\\s+\${STATUS}\\s+\${PROTO}\\s*$$ -> Record
`;

let work: string;
let templates: string;
let fleet: SimFleet;
let file: string;

beforeAll(async () => {
  requireBuilt();
  work = await mkdtemp(join(tmpdir(), "pb-cli-parse-"));
  templates = join(work, "templates");
  await mkdir(templates);
  await writeFile(
    join(templates, "index"),
    "Template, Hostname, Platform, Command\n\nip_int_brief.textfsm, .*, cisco_ios, sh[[ow]] ip int[[erface]] br[[ief]]\n",
  );
  await writeFile(join(templates, "ip_int_brief.textfsm"), TEMPLATE);
  ({ fleet, file } = await simFleet(work, { count: 2, platforms: ["cisco_iosxe", "arista_eos"] }));
});

afterAll(async () => {
  await fleet?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe("patchbay run --parse", () => {
  it("prints a table per host with the template's header; a host without a template keeps its raw output", async () => {
    const r = await patchbay(
      ["run", "-i", file, "--parse", "--templates", templates, "show ip interface brief"],
      { cwd: work },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/INTERFACE\s+IP_ADDRESS\s+STATUS\s+PROTO\n-+/);
    expect(r.stdout).toMatch(/GigabitEthernet3\s+unassigned\s+administratively down\s+down/);
    expect(r.stdout).toContain('not parsed: No TextFSM template for platform "arista_eos"');
  });

  it("carries the rows in --json and --ndjson, with PATCHBAY_TEMPLATES as the search path", async () => {
    const env = { PATCHBAY_TEMPLATES: templates };
    const json = await patchbay(["run", "-i", file, "--parse", "--json", "sh ip int br"], { cwd: work, env });
    expect(json.code, json.stderr).toBe(0);
    const results = JSON.parse(json.stdout) as {
      host: string;
      result: { parsed?: Record<string, string>[]; parseError?: string };
    }[];
    const ios = results.find((x) => x.result.parsed);
    expect(ios?.result.parsed?.[0]).toEqual({
      interface: "GigabitEthernet1",
      ip_address: "10.0.0.15",
      status: "up",
      proto: "up",
    });
    expect(results.find((x) => !x.result.parsed)?.result.parseError).toMatch(/TextFSM template/);
    const nd = await patchbay(["run", "-i", file, "--parse", "--ndjson", "sh ip int br"], { cwd: work, env });
    expect(nd.stdout.trim().split("\n")).toHaveLength(2);
  });
});

describe("patchbay parse", () => {
  const input = "Interface  IP-Address  OK? Method Status  Protocol\nEth0  10.1.1.1  YES manual up  up\n";

  it("parses standard input with a template file or with the index's template for a platform", async () => {
    await writeFile(join(work, "t.textfsm"), TEMPLATE);
    const byFile = await patchbay(["parse", "--template", "t.textfsm", "--json"], { cwd: work, input });
    expect(byFile.code, byFile.stderr).toBe(0);
    expect(JSON.parse(byFile.stdout)).toEqual([
      { interface: "Eth0", ip_address: "10.1.1.1", status: "up", proto: "up" },
    ]);
    const byIndex = await patchbay(
      ["parse", "--platform", "cisco_iosxe", "--command", "show ip int brief", "--templates", templates],
      { cwd: work, input },
    );
    expect(byIndex.code, byIndex.stderr).toBe(0);
    expect(byIndex.stdout).toMatch(
      /INTERFACE\s+IP_ADDRESS\s+STATUS\s+PROTO\n[- ]+\nEth0\s+10\.1\.1\.1\s+up\s+up/,
    );
  });

  it("fails with the template error or a missing template, and on bad usage", async () => {
    await writeFile(join(work, "bad.textfsm"), "Value A (x)\n\nStart\n  ^x$\n");
    const bad = await patchbay(["parse", "--template", "bad.textfsm"], { cwd: work, input });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("bad.textfsm:4");
    const missing = await patchbay(
      ["parse", "--platform", "linux", "--command", "uptime", "--templates", templates],
      { cwd: work, input },
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No TextFSM template for platform "linux" and command "uptime"');
    const usage = await patchbay(["parse", "--platform", "linux"], { cwd: work, input });
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain("give --template FILE, or both --platform and --command");
  });
});
