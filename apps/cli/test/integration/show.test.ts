// `patchbay show` end to end: the built command against the real FRR peer (BGP session to BIRD) and
// the OpenSSH peer host (Linux, which has no BGP getter: skipped, not failed).
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PEERS, patchbay, requireBuilt } from "./helpers.ts";

let work: string;
let file: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  requireBuilt();
  if (!existsSync(PEERS)) throw new Error(`${PEERS} is missing: run test/peers/setup.sh (as root) first.`);
  const { openssh, frr } = JSON.parse(readFileSync(PEERS, "utf8")) as Record<
    "openssh" | "frr",
    { host: string; port: number; username: string; password: string }
  >;
  work = await mkdtemp(join(tmpdir(), "pb-cli-show-"));
  file = join(work, "fleet.yaml");
  await writeFile(
    file,
    `defaults: { data: { ssh: { hostKeyPolicy: "off" } } }
hosts:
  linux1: { host: ${openssh.host}, port: ${openssh.port}, platform: linux, username: ${openssh.username}, password: { env: PB_PEER_PW } }
  frr1: { host: ${frr.host}, port: ${frr.port}, platform: frr, username: ${frr.username}, password: { env: PB_FRR_PW } }
`,
  );
  env = { PB_PEER_PW: openssh?.password, PB_FRR_PW: frr?.password };
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

interface JsonResult {
  host: string;
  status: string;
  result?: unknown;
  error?: { code: string };
}

describe("patchbay show", () => {
  it("bgp-neighbors: FRR's established session with its 250 prefixes; the Linux host is skipped", async () => {
    const r = await patchbay(["show", "bgp-neighbors", "-i", file, "--json"], { env });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const results = JSON.parse(r.stdout) as JsonResult[];
    const frr = results.find((x) => x.host === "frr1");
    const vrfs = frr?.result as {
      vrf: string;
      peers: {
        address: string;
        up: boolean;
        addressFamilies: Record<string, { acceptedPrefixes: number }>;
      }[];
    }[];
    const bird = vrfs.find((v) => v.vrf === "default")?.peers.find((p) => p.address === "10.254.0.2");
    expect(bird?.up).toBe(true);
    expect(bird?.addressFamilies["ipv4-unicast"]?.acceptedPrefixes).toBe(250);
    expect(results.find((x) => x.host === "linux1")?.status).toBe("skipped");
    expect(r.stdout).not.toContain(env.PB_FRR_PW as string);
  }, 60_000);

  it("route-to: a readable table per host with the BGP route via BIRD", async () => {
    const r = await patchbay(["show", "route-to", "10.200.5.0/24", "-i", file, "-l", "frr1"], { env });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/PREFIX\s+PROTOCOL\s+ACTIVE/);
    expect(r.stdout).toMatch(/10\.200\.5\.0\/24\s+bgp\s+yes\s+20\s+0\s+default\s+10\.254\.0\.2 via pbb1/);
    expect(r.stdout).toContain("1 host ok");
  }, 60_000);

  it("route-to --longer --protocol bgp --ndjson: every BGP route inside the prefix, on both hosts", async () => {
    const r = await patchbay(
      ["show", "route-to", "10.200.0.0/16", "--longer", "--protocol", "bgp", "-i", file, "--ndjson"],
      { env },
    );
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as JsonResult);
    expect(lines.map((l) => l.host).sort()).toEqual(["frr1", "linux1"]);
    expect(lines.find((l) => l.host === "frr1")?.result).toHaveLength(250);
    expect(lines.find((l) => l.host === "linux1")?.result).toEqual([]);
  }, 60_000);

  it("interfaces: the namespace's real interfaces in a table", async () => {
    const r = await patchbay(["show", "interfaces", "-i", file, "-l", "frr1"], { env });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/pbb1\s+yes\s+yes/);
  }, 60_000);

  it("an unknown getter lists the getters and points to patchbay run; a bad prefix is refused", async () => {
    const r = await patchbay(["show", "ip", "route", "-i", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no getter named "ip route"');
    for (const name of ["interfaces-ip", "bgp-neighbors", "route-to PREFIX", "mac-table"])
      expect(r.stderr).toContain(name);
    expect(r.stderr).toContain('patchbay run "show ip route"');
    const bad = await patchbay(["show", "route-to", "10.0.0.0/8;id", "-i", file]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("give one IPv4 or IPv6 prefix");
  }, 60_000);
});
