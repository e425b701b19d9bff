// `inventory check` and `explain` report fleet problems early, once, with what to do.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { patchbay, requireBuilt } from "./helpers.ts";

let work: string;
let file: string;

beforeAll(async () => {
  requireBuilt();
  work = await mkdtemp(join(tmpdir(), "pb-cli-check-"));
  file = join(work, "fleet.yaml");
  await writeFile(
    file,
    `hosts:
  a: { host: 127.0.0.1, platform: frrouting }
  b: { host: 127.0.0.1, platform: frrouting }
  c: { host: 127.0.0.1, platform: linux, password: { env: PB_UNSET_PW } }
`,
  );
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe("inventory check and explain", () => {
  it("inventory check: an unknown platform with did-you-mean and its package, a missing variable once", async () => {
    const r = await patchbay(["inventory", "check", "-i", file], {
      cwd: work,
      env: { PB_UNSET_PW: undefined },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/fleet\.yaml:2:\d+: .*"frrouting".*@patchbay\/platform-frr.*did you mean "frr"/);
    expect(r.stderr.match(/PB_UNSET_PW is not set/g)).toHaveLength(1);
  });

  it("--limit reads secrets only for the selected hosts; explain exits non-zero on errors", async () => {
    const list = await patchbay(["inventory", "list", "-i", file, "-l", "a"], { cwd: work });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stderr).not.toContain("PB_UNSET_PW");
    const explain = await patchbay(["explain", "a", "-i", file], { cwd: work });
    expect(explain.code).not.toBe(0);
    expect(explain.stderr).toContain('did you mean "frr"');
  });
});
