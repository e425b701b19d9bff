// Hostile host and file names through the built command: nothing is ever written outside its folder.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import type { SimFleet } from "@patchbay/devsim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { patchbay, requireBuilt, simFleet } from "./helpers.ts";

let work: string;
let fleet: SimFleet;
let known: string;

function tree(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory()
      ? [`${relative(work, path)}/`, ...tree(path)]
      : [relative(work, path)];
  });
}

beforeAll(async () => {
  requireBuilt();
  work = await mkdtemp(join(tmpdir(), "pb-cli-names-"));
  ({ fleet, knownHosts: known } = await simFleet(work, { count: 1, platforms: ["cisco_iosxe"] }));
  await mkdir(join(work, "src"));
  await writeFile(join(work, "src", ".hidden"), "dot file\n");
});

afterAll(async () => {
  await fleet?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe("hostile names", () => {
  it("a fleet file naming hosts .. or a/../../x is refused before anything is written", async () => {
    const port = fleet.devices[0]?.port;
    const bad = join(work, "hostile.yaml");
    await writeFile(
      bad,
      `defaults: { username: admin, platform: cisco_iosxe, data: { ssh: { hostKeyPolicy: strict, knownHostsPath: ${known} } } }
hosts:
  "..": { host: 127.0.0.1, port: ${port} }
  "a/../../x": { host: 127.0.0.1, port: ${port} }
`,
    );
    const before = tree(work);
    const r = await patchbay(["backup", "-i", bad, "-o", join(work, "out", "deep")], { cwd: work });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/"\.\." is not a valid host name/);
    expect(r.stderr).toMatch(/"a\/\.\.\/\.\.\/x" is not a valid host name/);
    expect(tree(work).filter((p) => !p.startsWith("out/"))).toEqual(before);
    expect(tree(work).filter((p) => p.startsWith("out/") && !p.endsWith("/"))).toEqual([]);
  });

  it("names with characters a file system treats specially become one segment inside the folder", async () => {
    const port = fleet.devices[0]?.port;
    const odd = join(work, "odd.yaml");
    await writeFile(
      odd,
      `defaults: { username: admin, password: sim-Pw-4q9z, platform: cisco_iosxe, data: { enableSecret: sim-Pw-4q9z, ssh: { hostKeyPolicy: strict, knownHostsPath: ${known} } } }
hosts:
  "r1:22%x": { host: 127.0.0.1, port: ${port} }
`,
    );
    const r = await patchbay(["backup", "-i", odd, "-o", "odd-out"], { cwd: work });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(readdirSync(join(work, "odd-out"))).toEqual(["r1_22_x.cfg"]);
  });

  it("get keeps remote dot files in the host's folder and refuses a remote name of ..", async () => {
    const got = join(work, "got");
    const file = join(work, "local.yaml");
    await writeFile(file, 'hosts:\n  "@local": {}\n');
    const dot = await patchbay(["get", "-i", file, join(work, "src", ".hidden"), got], { cwd: work });
    expect(dot.code, dot.stdout + dot.stderr).toBe(0);
    expect(readFileSync(join(got, "local", ".hidden"), "utf8")).toBe("dot file\n");
    const before = tree(work);
    const parent = await patchbay(["get", "-i", file, "--json", `${join(work, "src")}/..`, got], {
      cwd: work,
    });
    expect(parent.code).toBe(2);
    const [result] = JSON.parse(parent.stdout) as { error: { code: string } }[];
    expect(result?.error.code).not.toBe("INTERNAL");
    expect(tree(work)).toEqual(before);
  });
});
