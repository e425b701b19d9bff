// What the built command writes to disk: NETCONF backups are well-formed XML documents.
// Against the real peers (yuma123 netconfd).
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseXmlFragment } from "@patchbay/netconf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PEERS, patchbay, requireBuilt } from "./helpers.ts";

interface Peer {
  host: string;
  port: number;
  username: string;
  password: string;
}

function peers(): { openssh: Peer; netconfd: Peer } {
  if (!existsSync(PEERS)) throw new Error(`${PEERS} is missing: run test/peers/setup.sh (as root) first.`);
  return JSON.parse(readFileSync(PEERS, "utf8")) as { openssh: Peer; netconfd: Peer };
}

let work: string;
beforeAll(async () => {
  requireBuilt();
  work = await mkdtemp(join(tmpdir(), "pb-cli-files-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("files the command writes", () => {
  it("a NETCONF backup is one XML document: a declaration and a single <config> root", async () => {
    const { netconfd } = peers();
    const fleet = join(work, "netconf.yaml");
    await writeFile(
      fleet,
      `defaults: { data: { ssh: { hostKeyPolicy: "off" } } }
hosts:
  "@netconf/${netconfd.host}": { port: ${netconfd.port}, platform: netconf, username: ${netconfd.username}, password: { env: PB_NC_PW } }
`,
    );
    const out = join(work, "backups");
    const backup = await patchbay(["backup", "-i", fleet, "-o", out], {
      env: { PB_NC_PW: netconfd.password },
    });
    expect(backup.code, backup.stdout + backup.stderr).toBe(0);
    const text = readFileSync(join(out, `netconf_${netconfd.host}.cfg`), "utf8");
    const declaration = '<?xml version="1.0" encoding="UTF-8"?>\n';
    expect(text.startsWith(declaration)).toBe(true);
    expect(text.endsWith("\n")).toBe(true);
    // Strict parse (saxes, namespaces checked): exactly one top-level element.
    const roots = parseXmlFragment(text.slice(declaration.length));
    expect(roots.map((r) => [r.name, r.namespace])).toEqual([
      ["config", "urn:ietf:params:xml:ns:netconf:base:1.0"],
    ]);
    expect(roots[0]?.children.length).toBeGreaterThan(0);
  }, 60_000);
});
