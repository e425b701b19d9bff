import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConnectorSettings } from "@patchbay/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { InventoryError } from "./errors.ts";
import { parseInventory } from "./inventory.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pb-inventory-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const parse = (
  text: string,
  options: Parameters<typeof parseInventory>[1] extends infer O ? Partial<O> : never = {},
) => parseInventory(text, { file: join(dir ?? tmpdir(), "fleet.yaml"), env: {}, ...options });

async function issuesOf(text: string, options = {}): Promise<InventoryError> {
  const error = await parse(text, options).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InventoryError);
  return error as InventoryError;
}

const ssh = defineConnectorSettings("ssh", {
  port: { schema: z.number().int().positive(), description: "TCP port." },
  hostKeyPolicy: {
    schema: z.enum(["strict", "accept-new", "off"]),
    default: "accept-new",
    description: "Host keys.",
  },
});

describe("fleet files", () => {
  it("reads pyinfra-style names: @connector/arg, @local, and plain names meaning ssh", async () => {
    const inventory = await parse(`
defaults: { platform: cisco_iosxe, username: admin }
hosts:
  "@ssh/r1.lab": {}
  r2.lab: { port: 2222 }
  "@local": {}
  "@netconf/10.0.0.9": { platform: juniper_junos }
`);
    expect(
      inventory.hosts.map((h) => [h.name, h.connector, h.device.host, h.device.platform, h.device.port]),
    ).toEqual([
      ["@ssh/r1.lab", "ssh", "r1.lab", "cisco_iosxe", undefined],
      ["r2.lab", "ssh", "r2.lab", "cisco_iosxe", 2222],
      ["@local", "local", "localhost", "cisco_iosxe", undefined],
      ["@netconf/10.0.0.9", "netconf", "10.0.0.9", "juniper_junos", undefined],
    ]);
  });

  it("gives @local the linux platform when nothing sets one", async () => {
    const inventory = await parse(`hosts: ["@local"]`);
    expect(inventory.hosts[0]?.device.platform).toBe("linux");
  });

  it("deep-merges defaults <- groups in file order <- host", async () => {
    const inventory = await parse(`
parallelism: 7
defaults:
  username: ops
  data: { site: lab, ssh: { hostKeyPolicy: strict, port: 22 } }
groups:
  core:
    platform: cisco_iosxe
    data: { ssh: { port: 2022 }, role: core }
    hosts: [r1]
  edge:
    data: { role: edge }
    hosts: [r1, r2]
hosts:
  r1: { data: { ssh: { hostKeyPolicy: off } } }
  r2: { platform: arista_eos, groups: [core] }
`);
    expect(inventory.parallelism).toBe(7);
    const r1 = inventory.hosts.find((h) => h.name === "r1")!;
    expect(r1.groups).toEqual(["core", "edge"]);
    expect(r1.device.data).toEqual({ site: "lab", role: "edge", ssh: { hostKeyPolicy: "off", port: 2022 } });
    const r2 = inventory.hosts.find((h) => h.name === "r2")!;
    expect(r2.device.platform).toBe("arista_eos");
    expect(inventory.groups).toEqual({ core: ["r1", "r2"], edge: ["r1", "r2"] });
  });

  it("reads secrets from the environment and files, and redacts them and passwords", async () => {
    await writeFile(join(dir, "enable.txt"), "en-Secret-77\n");
    const inventory = await parse(
      `
defaults:
  platform: linux
  username: ops
  password: { env: FLEET_PW }
  data: { enableSecret: { file: enable.txt } }
hosts: [web1]
`,
      { env: { FLEET_PW: "pw-From-Env-1" } },
    );
    const web1 = inventory.hosts[0]!;
    expect(web1.device.password).toBe("pw-From-Env-1");
    expect(web1.device.data.enableSecret).toBe("en-Secret-77");
    expect(inventory.redact("login pw-From-Env-1 then en-Secret-77")).toBe(
      "login [redacted] then [redacted]",
    );
  });

  it("reports every problem at once, with file, line, host and suggestions", async () => {
    const error = await issuesOf(
      `
parallelism: 0
defualts: {}
groups:
  core:
    platfrom: cisco_iosxe
    hosts: [r1]
hosts:
  r1:
    port: 99999
    groups: [edgee]
    data:
      ssh: { port: "22", hostKeyPolicy: sometimes }
  r2:
    password: { env: NOT_SET_ANYWHERE }
`,
      { connectors: [ssh] },
    );
    const lines = error.issues.map((i) => `${i.line}:${i.host ?? "-"}:${i.key}:${i.suggestion ?? ""}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        "2:-:parallelism:",
        "3:-:defualts:defaults",
        "6:-:groups.core.platfrom:platform",
        "11:r1:hosts.r1.groups:",
        "15:r2:hosts.r2.password:",
      ]),
    );
    expect(error.issues.some((i) => i.key === "hosts.r1.port" || i.message.includes("65535"))).toBe(true);
    expect(error.message).toContain("fleet.yaml:3:1");
    expect(error.message).toContain('did you mean "defaults"');
    expect(error.message).not.toContain("NOT_SET_ANYWHERE=");
  });

  it("checks connector data against the connector's schema, pointing at the line that set it", async () => {
    const error = await issuesOf(
      `
defaults:
  platform: linux
  data:
    ssh:
      hostKeyPolicy: sometimes
hosts:
  r1:
    data: { ssh: { prot: 22 } }
`,
      { connectors: [ssh] },
    );
    const byKey = Object.fromEntries(error.issues.map((i) => [i.key, i]));
    expect(byKey["data.ssh.hostKeyPolicy"]).toMatchObject({ host: "r1", line: 6 });
    expect(byKey["data.ssh.prot"]).toMatchObject({ host: "r1", line: 9, suggestion: "port" });
  });

  it("asks for the connector schemas once, given the fleet's platforms", async () => {
    const asked: (readonly string[])[] = [];
    const error = await issuesOf(
      `
hosts:
  r1: { platform: linux, data: { ssh: { prot: 22 } } }
  r2: { platform: frr }
`,
      {
        connectors: async (platforms: readonly string[]) => {
          asked.push(platforms);
          return [ssh];
        },
      },
    );
    expect(asked).toEqual([["linux", "frr"]]);
    expect(error.issues[0]).toMatchObject({ host: "r1", key: "data.ssh.prot", line: 3, suggestion: "port" });
  });

  it("reports YAML syntax errors with their position", async () => {
    const error = await issuesOf("hosts:\n  r1: { port: 22\n");
    expect(error.issues[0]).toMatchObject({ key: "(yaml)", line: expect.any(Number) });
  });

  it("needs a platform for every host, naming the host", async () => {
    const error = await issuesOf("hosts: [r9]");
    expect(error.issues[0]).toMatchObject({ host: "r9", key: "platform" });
  });

  it("selects hosts by group, name and glob, and rejects a limit that matches nothing", async () => {
    const inventory = await parse(`
defaults: { platform: linux }
groups:
  web: { hosts: [web1, web2] }
  db: { hosts: [db1] }
`);
    expect(inventory.select("web").map((h) => h.name)).toEqual(["web1", "web2"]);
    expect(inventory.select(["db1", "web*"]).map((h) => h.name)).toEqual(["web1", "web2", "db1"]);
    expect(inventory.select("web2,db").map((h) => h.name)).toEqual(["web2", "db1"]);
    expect(inventory.select().length).toBe(3);
    const error = (() => {
      try {
        inventory.select("wbe");
      } catch (e) {
        return e as InventoryError;
      }
    })();
    expect(error?.issues[0]).toMatchObject({ key: "limit", suggestion: "web" });
  });

  it("lets a connector expand one name into several hosts", async () => {
    const inventory = await parse(`hosts: ["@sim/3"]`, {
      expanders: {
        sim: (arg) =>
          Array.from({ length: Number(arg) }, (_, i) => ({
            name: `sim${i + 1}`,
            fields: { platform: "frr", port: 2200 + i },
          })),
      },
    });
    expect(inventory.hosts.map((h) => [h.name, h.device.port, h.connector])).toEqual([
      ["sim1", 2200, "sim"],
      ["sim2", 2201, "sim"],
      ["sim3", 2202, "sim"],
    ]);
  });
});

describe("dynamic sources", () => {
  it("adds hosts from JSON, CSV and an executable (Ansible's format), into groups", async () => {
    await writeFile(join(dir, "extra.json"), JSON.stringify([{ name: "j1", platform: "frr", rack: "a1" }]));
    await writeFile(
      join(dir, "hosts.csv"),
      'name,platform,port,groups,site\nc1,arista_eos,2201,leaf;dc1,"Paris, FR"\n\n',
    );
    const script = join(dir, "ansible-inventory.sh");
    await writeFile(
      script,
      `#!/bin/sh\n[ "$1" = "--list" ] || exit 3\ncat <<'J'\n${JSON.stringify({
        _meta: {
          hostvars: {
            a1: { ansible_host: "10.1.1.1", ansible_network_os: "cisco.ios.ios", owner: "neteng" },
          },
        },
        routers: { hosts: ["a1"] },
      })}\nJ\n`,
    );
    await chmod(script, 0o755);
    const inventory = await parse(`
groups:
  leaf: {}
  dc1: {}
  routers: {}
  imported: {}
sources:
  - { type: json, path: extra.json, group: imported }
  - { type: csv, path: hosts.csv }
  - { type: exec, command: ./ansible-inventory.sh }
`);
    const byName = Object.fromEntries(inventory.hosts.map((h) => [h.name, h]));
    expect(byName.j1?.device.data).toEqual({ rack: "a1" });
    expect(byName.j1?.groups).toEqual(["imported"]);
    expect(byName.c1?.device).toMatchObject({
      platform: "arista_eos",
      port: 2201,
      data: { site: "Paris, FR" },
    });
    expect(byName.c1?.groups).toEqual(["leaf", "dc1"]);
    expect(byName.a1?.device).toMatchObject({
      host: "10.1.1.1",
      platform: "cisco_ios",
      data: { owner: "neteng" },
    });
    expect(inventory.groups.routers).toEqual(["a1"]);
  });

  it("reports unknown source types, bad settings and failing sources", async () => {
    const error = await issuesOf(`
sources:
  - { type: jsn, path: x.json }
  - { type: csv }
`);
    expect(error.issues.map((i) => [i.key, i.suggestion])).toEqual([
      ["sources.0.type", "json"],
      ["sources.1", undefined],
    ]);
    const failing = await issuesOf(`sources: [{ type: json, path: missing.json }]`);
    expect(failing.issues[0]?.message).toMatch(/the json source missing.json failed: .*ENOENT/);
  });
});
