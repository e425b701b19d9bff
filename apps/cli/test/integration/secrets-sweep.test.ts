// The secrets sweep: every command, every kind of secret (with quotes, backslashes and newlines, a
// private key), and no secret in any output (stdout, stderr, JSON, files written) in any encoding.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type SimFleet, startFleet } from "@patchbay/devsim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIM_USER, simHostKey, writeSimKnownHosts } from "../../src/sim-fleet.ts";
import { patchbay, type Run, requireBuilt } from "./helpers.ts";

const SECRETS = {
  password: 'Pw"q\\z\nline-2x',
  enableSecret: `En"3\\q'x`,
  sudoPassword: 'Su"do\\9 word',
  passphrase: `Ph"r\\ase'9`,
  token: 'tok/+=en"\\\n7',
};
let privateKey = "";
let work: string;
let fleet: SimFleet;
const env = {
  PB_SUDO: SECRETS.sudoPassword,
  PB_PHRASE: SECRETS.passphrase,
  PB_TOKEN: SECRETS.token,
};

/** Every form a secret could take in output. */
function forms(secret: string): string[] {
  const out = [
    secret,
    JSON.stringify(secret).slice(1, -1),
    Buffer.from(secret).toString("base64"),
    Buffer.from(secret).toString("base64url"),
    encodeURIComponent(secret),
  ];
  // A private key leaks if any line of its body does.
  for (const line of secret.split("\n")) if (line.length >= 16 && !line.startsWith("-----")) out.push(line);
  return out;
}

function files(dir: string, skip: Set<string>): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (skip.has(path)) return [];
    return statSync(path).isDirectory() ? files(path, skip) : [path];
  });
}

beforeAll(async () => {
  requireBuilt();
  work = await mkdtemp(join(tmpdir(), "pb-cli-sweep-"));
  const keyFile = join(work, "id_ed25519");
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", SECRETS.passphrase, "-C", "", "-f", keyFile]);
  privateKey = readFileSync(keyFile, "utf8");
  const publicKey = readFileSync(`${keyFile}.pub`, "utf8").trim();
  fleet = await startFleet({
    count: 2,
    platforms: ["cisco_iosxe", "frr"],
    username: SIM_USER,
    password: SECRETS.password,
    enableSecret: SECRETS.enableSecret,
    authorizedKeys: [publicKey],
    hostKey: simHostKey(),
  });
  await writeSimKnownHosts(fleet, join(work, "known_hosts"));
  await writeFile(join(work, "enable.txt"), SECRETS.enableSecret);
  const [r1, r2] = fleet.devices;
  const indented = privateKey.trimEnd().split("\n").join("\n          ");
  await writeFile(
    join(work, "fleet.yaml"),
    `defaults:
  username: ${SIM_USER}
  data:
    token: { env: PB_TOKEN }
    ssh: { hostKeyPolicy: strict, knownHostsPath: ${join(work, "known_hosts")}, keepaliveIntervalMs: 0 }
hosts:
  R1:
    host: 127.0.0.1
    port: ${r1?.port}
    platform: cisco_iosxe
    password: ${JSON.stringify(SECRETS.password)}
    data: { enableSecret: { file: enable.txt } }
  R2:
    host: 127.0.0.1
    port: ${r2?.port}
    platform: frr
    data:
      ssh:
        hostKeyPolicy: strict
        knownHostsPath: ${join(work, "known_hosts")}
        passphrase: { env: PB_PHRASE }
        privateKey: |
          ${indented}
  closed: { host: 127.0.0.1, port: 1, platform: cisco_iosxe, password: ${JSON.stringify(SECRETS.password)} }
  "@local": { data: { linux: { sudoPassword: { env: PB_SUDO } } } }
`,
  );
  await writeFile(join(work, "change.cfg"), "interface Loopback9\n description swept\n");
  await writeFile(join(work, "upload.txt"), "uploaded\n");
});

afterAll(async () => {
  await fleet?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe("the secrets sweep", () => {
  it("no command prints or writes any secret, in any encoding", async () => {
    const commands: string[][] = [
      ["inventory", "list"],
      ["inventory", "list", "--json"],
      ["inventory", "check"],
      ["explain", "R2"],
      ["run", "show version"],
      ["run", "--json", "show running-config"],
      ["-vv", "run", "--ndjson", "show version"],
      ["--debug", "run", "--summary", "show version"],
      ["facts", "--json"],
      ["backup", "-o", "backups"],
      ["config", "apply", "change.cfg", "--dry-run", "-l", "R1"],
      ["shell", "-l", "@local", "echo hello"],
      ["shell", "-l", "@local", "--json", "exit 4"],
      ["put", "-l", "@local", "upload.txt", join(work, "uploaded-copy.txt")],
      ["get", "-l", "@local", join(work, "upload.txt"), "got"],
      ["config", "apply", "change.cfg", "--commit", "-l", "R1", "--json"],
    ];
    const runs: { args: string[]; run: Run }[] = [];
    // Four at a time: the commands are independent (the dry run and the commit touch R1 in turn).
    for (let i = 0; i < commands.length; i += 4)
      runs.push(
        ...(await Promise.all(
          commands
            .slice(i, i + 4)
            .map(async (args) => ({ args, run: await patchbay(args, { cwd: work, env }) })),
        )),
      );
    // The sweep must exercise real work, not only failures.
    const facts = runs.find((r) => r.args[0] === "facts")?.run;
    const byHost = JSON.parse(facts?.stdout ?? "[]") as { host: string; ok: boolean }[];
    expect(
      byHost
        .filter((h) => h.ok)
        .map((h) => h.host)
        .sort(),
    ).toEqual(["@local", "R1", "R2"]);
    expect(runs.find((r) => r.args.includes("backups"))?.run.stdout).toMatch(/R1\.cfg/);

    const inputs = new Set(
      ["fleet.yaml", "enable.txt", "id_ed25519", "id_ed25519.pub"].map((f) => join(work, f)),
    );
    const outputs = [
      ...runs.flatMap(({ args, run }) => [
        { where: `stdout of ${args.join(" ")}`, text: run.stdout },
        { where: `stderr of ${args.join(" ")}`, text: run.stderr },
      ]),
      ...files(work, inputs).map((f) => ({ where: f, text: readFileSync(f, "latin1") })),
    ];
    const leaks: string[] = [];
    for (const [kind, secret] of [...Object.entries(SECRETS), ["privateKey", privateKey] as const]) {
      for (const form of forms(secret))
        for (const { where, text } of outputs)
          if (text.includes(form)) leaks.push(`${kind} (${JSON.stringify(form).slice(0, 30)}) in ${where}`);
    }
    expect(leaks).toEqual([]);
    // Masking did not destroy unrelated text: the work folder's name is printed whole.
    expect(runs.find((r) => r.args[0] === "get")?.run.stdout).toContain(join(work, "got"));
  }, 180_000);
});
