// `patchbay config apply --template/--replace/--confirm`, `config confirm` and `config rollback`,
// run as the built command against a simulated fleet.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SimFleet } from "@patchbay/devsim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { patchbay, requireBuilt, simFleet } from "./helpers.ts";

let work: string;
let fleet: SimFleet;
let file: string;

beforeAll(async () => {
  requireBuilt();
  work = await mkdtemp(join(tmpdir(), "pb-cfg-"));
  ({ fleet, file } = await simFleet(work, { count: 3, platforms: ["arista_eos", "cisco_iosxr", "frr"] }));
});
afterAll(async () => {
  await fleet?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

const running = (i: number): string =>
  fleet.devices[i]!.state.root.flatMap((n) => [n.line, ...n.children.map((c) => ` ${c.line}`)]).join("\n");

describe("patchbay config (built command, simulated fleet)", () => {
  it("renders a template per host with its fields and groups, shows it with --dry-run, changes nothing", async () => {
    const template = join(work, "change.j2");
    await writeFile(
      template,
      "interface Loopback9\n description {{ name }}-{{ platform }}-{{ groups | length }}\n",
    );
    const before = running(0);
    const dry = await patchbay([
      "config",
      "apply",
      template,
      "--template",
      "--dry-run",
      "-i",
      file,
      "-l",
      "R1,R2",
    ]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("R1 (rendered from");
    expect(dry.stdout).toContain("description R1-arista_eos-");
    expect(dry.stdout).toContain("description R2-cisco_iosxr-");
    expect(dry.stdout).toMatch(/\+\s+description R1-arista_eos/);
    expect(running(0)).toBe(before);
  });

  it("reports template errors as file:line before connecting anywhere", async () => {
    const broken = join(work, "broken.j2");
    await writeFile(broken, "hostname x\n{% if %}\n");
    const revision = fleet.devices.map((d) => d.state.revision);
    const syntax = await patchbay(["config", "apply", broken, "--template", "--commit", "-i", file]);
    expect(syntax.code).toBe(1);
    expect(syntax.stderr).toContain(`${broken}:2`);
    const undefinedVar = join(work, "undefined.j2");
    await writeFile(undefinedVar, "hostname x\n description {{ nothing.here }}\n");
    const missing = await patchbay(["config", "apply", undefinedVar, "--template", "--commit", "-i", file]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(new RegExp(`${undefinedVar}:2.*R1`));
    expect(fleet.devices.map((d) => d.state.revision)).toEqual(revision);
  });

  it("replaces the whole configuration: what the file lacks is removed (FRR)", async () => {
    const add = join(work, "add.cfg");
    await writeFile(add, "ip route 10.77.0.0/16 Null0\n");
    expect((await patchbay(["config", "apply", add, "--commit", "-i", file, "-l", "R3"])).code).toBe(0);
    expect(running(2)).toContain("ip route 10.77.0.0/16 Null0");
    const whole = join(work, "whole.cfg");
    await writeFile(
      whole,
      running(2).replace("ip route 10.77.0.0/16 Null0\n", "").replace("ip route 10.77.0.0/16 Null0", ""),
    );
    const replaced = await patchbay([
      "config",
      "apply",
      whole,
      "--replace",
      "--commit",
      "-i",
      file,
      "-l",
      "R3",
    ]);
    expect(replaced.code, replaced.stderr + replaced.stdout).toBe(0);
    expect(replaced.stdout).toContain("-ip route 10.77.0.0/16 Null0");
    expect(running(2)).not.toContain("10.77.0.0/16");
  });

  it("commits with --confirm, confirms with config confirm, and rolls back with config rollback (EOS)", async () => {
    const change = join(work, "confirm.cfg");
    await writeFile(change, "interface Ethernet1\n   description confirmed-by-cli\n");
    const armed = await patchbay([
      "config",
      "apply",
      change,
      "--commit",
      "--confirm",
      "120",
      "-i",
      file,
      "-l",
      "R1",
    ]);
    expect(armed.code, armed.stderr + armed.stdout).toBe(0);
    expect(fleet.devices[0]!.state.pendingConfirmation).toBe(true);
    const confirmed = await patchbay(["config", "confirm", "-i", file, "-l", "R1"]);
    expect(confirmed.code, confirmed.stderr + confirmed.stdout).toBe(0);
    expect(fleet.devices[0]!.state.pendingConfirmation).toBe(false);
    expect(running(0)).toContain("description confirmed-by-cli");
    const rolled = await patchbay(["config", "rollback", "-i", file, "-l", "R1"]);
    expect(rolled.code, rolled.stderr + rolled.stdout).toBe(0);
    expect(running(0)).not.toContain("confirmed-by-cli");
  });

  it("shows a host that cannot confirm a commit as skipped, and changes nothing on it (FRR)", async () => {
    const change = join(work, "frr.cfg");
    await writeFile(change, "ip route 10.78.0.0/16 Null0\n");
    const refused = await patchbay([
      "config",
      "apply",
      change,
      "--commit",
      "--confirm",
      "60",
      "-i",
      file,
      "-l",
      "R3",
    ]);
    expect(refused.stdout).toMatch(/R3 .*skipped/);
    expect(refused.stdout).toContain("no confirmed commit");
    expect(running(2)).not.toContain("10.78.0.0/16");
  });
});
