// What the built command writes to disk: files fetched with `get` keep their mode, and NETCONF
// backups are well-formed XML documents. Against the real peers (OpenSSH, yuma123 netconfd).
import { existsSync, readFileSync, statSync } from "node:fs";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
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
  it("get keeps the file's permission bits, over SFTP and on @local", async () => {
    const { openssh } = peers();
    const fleet = join(work, "files.yaml");
    await writeFile(
      fleet,
      `defaults: { data: { ssh: { hostKeyPolicy: "off" } } }
hosts:
  "@ssh/${openssh.host}": { port: ${openssh.port}, platform: linux, username: ${openssh.username}, password: { env: PB_PEER_PW } }
  "@local": { platform: linux }
`,
    );
    const env = { PB_PEER_PW: openssh.password };
    // Two modes that differ from the umask's default, so a copy that ignores them is caught.
    const remote = `/tmp/pb-cli-mode-${process.pid}.sh`;
    const make = await patchbay(
      [
        "shell",
        "-i",
        fleet,
        "-l",
        `@ssh/${openssh.host}`,
        `printf 'echo hi\\n' > ${remote} && chmod 0750 ${remote}`,
      ],
      { env },
    );
    expect(make.code, make.stdout + make.stderr).toBe(0);
    const local = join(work, "local-mode.txt");
    await writeFile(local, "private\n");
    await chmod(local, 0o600);
    try {
      const sftp = await patchbay(
        ["get", "-i", fleet, "-l", `@ssh/${openssh.host}`, remote, join(work, "got")],
        {
          env,
        },
      );
      expect(sftp.code, sftp.stdout + sftp.stderr).toBe(0);
      const got = join(work, "got", `ssh_${openssh.host}`, `pb-cli-mode-${process.pid}.sh`);
      expect(readFileSync(got, "utf8")).toBe("echo hi\n");
      expect((statSync(got).mode & 0o777).toString(8)).toBe("750");

      const copied = await patchbay(["get", "-i", fleet, "-l", "@local", local, join(work, "got")]);
      expect(copied.code, copied.stdout + copied.stderr).toBe(0);
      const gotLocal = join(work, "got", "local", "local-mode.txt");
      expect(readFileSync(gotLocal, "utf8")).toBe("private\n");
      expect((statSync(gotLocal).mode & 0o777).toString(8)).toBe("600");
    } finally {
      await patchbay(["shell", "-i", fleet, "-l", `@ssh/${openssh.host}`, `rm -f ${remote}`], { env });
    }
  }, 60_000);

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
