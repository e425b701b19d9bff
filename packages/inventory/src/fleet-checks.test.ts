import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InventoryError } from "./errors.ts";
import { parseInventory } from "./inventory.ts";
import { suggestPlatform } from "./platforms.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pb-fleet-checks-"));
  await writeFile(join(dir, "core.txt"), "core-Secret-1\n");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const parse = (text: string, options: Omit<Parameters<typeof parseInventory>[1], "file"> = {}) =>
  parseInventory(text, { file: join(dir, "fleet.yaml"), env: {}, ...options });
const failure = async (text: string, options: Omit<Parameters<typeof parseInventory>[1], "file"> = {}) => {
  const error = await parse(text, options).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InventoryError);
  return error as InventoryError;
};

const FLEET = `
defaults: { platform: linux, username: ops, password: { env: DEFAULT_PW } }
groups:
  core: { data: { enableSecret: { file: core.txt } }, hosts: [r1, r2] }
  edge: { password: { env: EDGE_PW }, hosts: [e1, e2, e3] }
`;

describe("--limit and secrets", () => {
  it("reads secrets only for the selected hosts", async () => {
    const inventory = await parse(FLEET, { env: { DEFAULT_PW: "default-Pw-1" }, limit: "core" });
    expect(inventory.hosts.map((h) => [h.name, h.device.password, h.device.data.enableSecret])).toEqual([
      ["r1", "default-Pw-1", "core-Secret-1"],
      ["r2", "default-Pw-1", "core-Secret-1"],
    ]);
    expect(inventory.groups).toEqual({ core: ["r1", "r2"], edge: [] });
    expect(inventory.select("r*").map((h) => h.name)).toEqual(["r1", "r2"]);
    // EDGE_PW is not set, and no edge host is selected: no problem.
  });

  it("reports a missing variable once, however many hosts and places need it", async () => {
    const twice = await failure(`${FLEET}hosts: { r9: { platform: frr, password: { env: EDGE_PW } } }\n`, {
      env: { DEFAULT_PW: "x" },
    });
    expect(twice.issues.map((i) => i.message)).toEqual([
      "environment variable EDGE_PW is not set (also needed in 1 more place)",
    ]);
    const error = await failure(FLEET, { env: {} });
    const messages = error.issues.map((i) => [i.key, i.line, i.message]);
    expect(messages).toEqual([
      ["defaults.password", 2, "environment variable DEFAULT_PW is not set"],
      ["groups.edge.password", 5, "environment variable EDGE_PW is not set"],
    ]);
  });

  it("still checks the hosts it does not select, without reading their secrets", async () => {
    const error = await failure(`${FLEET}hosts: { e9: { groups: [edge], port: none } }\n`, {
      env: { DEFAULT_PW: "x" },
      limit: "r1",
    });
    expect(error.issues.map((i) => [i.host, i.key])).toEqual([["e9", "hosts.e9.port"]]);
  });
});

describe("conflicts and connector checks", () => {
  it("reports a host in two groups that set different platforms", async () => {
    const error = await failure(`
groups:
  routers: { platform: cisco_ios, hosts: [x1, x2] }
  frr: { platform: frr, hosts: [x1] }
hosts: { x2: { groups: [frr], platform: frr } }
`);
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ host: "x1", key: "platform", line: 4 });
    expect(error.issues[0]?.message).toContain('"routers" (platform "cisco_ios"), "frr" (platform "frr")');
  });

  it("keeps port: on a NETCONF host (the connector honours it) and rejects it where portKeys names another key", async () => {
    const kept = await parse(`hosts: { "@netconf/10.0.0.9": { platform: juniper_junos, port: 2830 } }`);
    expect(kept.hosts[0]?.device.port).toBe(2830);
    const error = await failure(`hosts: { "@netconf/10.0.0.9": { platform: juniper_junos, port: 2830 } }`, {
      portKeys: { netconf: "data.netconf.port" },
    });
    expect(error.issues[0]).toMatchObject({
      host: "@netconf/10.0.0.9",
      key: "port",
      suggestion: "data.netconf.port",
    });
  });

  it("reports an unknown platform once, with the platform meant and its package", async () => {
    const error = await failure(
      `hosts: { a: { platform: frrouting }, b: { platform: frrouting }, c: { platform: linux } }`,
      {
        knownPlatforms: async () => ["frr", "linux", "cisco_ios"],
      },
    );
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ host: "a", key: "platform", suggestion: "frr", line: 1 });
    expect(error.issues[0]?.message).toContain("@patchbay/platform-frr");
    expect(error.issues[0]?.message).toContain("2 hosts use it");
  });
});

describe("suggestPlatform", () => {
  const known = ["frr", "linux", "cisco_ios", "cisco_iosxe", "arista_eos", "juniper_junos"];
  it("finds the platform meant by a longer name, a short name or a typo", () => {
    expect(suggestPlatform("frrouting", known)).toBe("frr");
    expect(suggestPlatform("eos", known)).toBe("arista_eos");
    expect(suggestPlatform("junos", known)).toBe("juniper_junos");
    expect(suggestPlatform("Cisco-IOS", known)).toBe("cisco_ios");
    expect(suggestPlatform("linx", known)).toBe("linux");
    expect(suggestPlatform("vyos", known)).toBeUndefined();
  });
});
