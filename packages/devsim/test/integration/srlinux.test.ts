import { Agent, request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SimDevice, startDevice } from "../../src/index.ts";
import { connect, Shell } from "./helpers.ts";

let srl: SimDevice;
let agent: Agent;
const PROMPT = /\n--\{ [^}]*\}--\[ [^\]]* \]--\r\nA:srl1# /;

beforeAll(async () => {
  srl = await startDevice({
    platform: "nokia_srlinux",
    username: "admin",
    password: "Srl-pass-1",
    http: true,
  });
  agent = new Agent({ connect: { ca: srl.http!.certificatePem } });
});
afterAll(async () => {
  await agent.close();
  await srl.close();
});

// biome-ignore lint/suspicious/noExplicitAny: answers are parsed JSON, checked field by field
async function rpc(method: string, params: unknown): Promise<any> {
  const res = await request(`${srl.http!.url}/jsonrpc`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Basic ${Buffer.from("admin:Srl-pass-1").toString("base64")}`,
    },
    body: JSON.stringify({ jsonrpc: "2.0", id: 7, method, params }),
    dispatcher: agent,
  });
  expect(res.statusCode).toBe(200);
  return res.body.json();
}

describe("the simulator's SR Linux CLI", () => {
  it("prints the context line above the prompt, flags a changed candidate and commits with commit now", async () => {
    const conn = await connect(srl);
    try {
      const shell = await Shell.open(conn);
      const banner = await shell.waitFor(PROMPT);
      expect(banner).not.toContain("candidate");
      const version = await shell.run("show version", PROMPT);
      expect(version).toContain("Software Version     : v24.10.1");
      await shell.run("enter candidate", "--{ candidate shared default }--[  ]--\r\nA:srl1# ");
      await shell.run(
        'set / interface ethernet-1/2 description "to leaf 2"',
        "--{ * candidate shared default }--[  ]--",
      );
      await shell.waitFor("A:srl1# ");
      await shell.run(
        "interface ethernet-1/2",
        "--{ * candidate shared default }--[ interface ethernet-1/2 ]--",
      );
      await shell.waitFor("A:srl1# ");
      const info = await shell.run("info", PROMPT);
      expect(info).toBe('info\r\n    admin-state disable\r\n    description "to leaf 2"\r\n\r');
      const bad = await shell.run("set / bogus thing", PROMPT);
      expect(bad).toContain("Parsing error: Unknown token 'bogus'");
      const done = await shell.run("commit now", "--{ + running }--[  ]--\r\nA:srl1# ");
      expect(done).toContain("All changes have been committed. Leaving candidate mode.");
      const running = await shell.run("info from running interface ethernet-1/2", PROMPT);
      expect(running).toContain('description "to leaf 2"');
      const flat = await shell.run("info flat from running / system name", PROMPT);
      expect(flat).toContain("set / system name host-name srl1\r\n");
    } finally {
      conn.close();
    }
  });

  it("refuses a commit naming a subinterface that does not exist, and discard now drops the candidate", async () => {
    const conn = await connect(srl);
    try {
      const shell = await Shell.open(conn);
      await shell.waitFor(PROMPT);
      await shell.run("enter candidate", PROMPT);
      await shell.run("set / network-instance default interface ethernet-1/9.0", PROMPT);
      expect(await shell.run("commit validate", PROMPT)).toContain("ethernet-1/9.0 does not exist");
      expect(await shell.run("commit now", PROMPT)).toContain("does not exist");
      expect(await shell.run("discard now", /running \}--\[ {2}\]--\r\nA:srl1# /)).toContain("discarded");
      expect(srl.state.root.some((n) => n.line.includes("ethernet-1/9.0"))).toBe(false);
    } finally {
      conn.close();
    }
  });
});

describe("the simulator's SR Linux JSON-RPC API", () => {
  it("reads a path, sets in one transaction shared with the CLI, and answers cli in json and text", async () => {
    const got = await rpc("get", {
      commands: [{ path: "/interface[name=ethernet-1/1]", datastore: "running" }],
    });
    expect(got.result[0].description).toBe("to spine1");
    const set = await rpc("set", {
      commands: [
        {
          action: "update",
          path: "/interface[name=ethernet-1/3]",
          value: { description: "via rpc", "admin-state": "enable" },
        },
        { action: "update", path: "/system/name/host-name", value: "srl1" },
      ],
    });
    expect(set.result).toEqual([{}, {}]);
    expect(srl.state.root.map((n) => n.line)).toContain('interface ethernet-1/3 description "via rpc"');
    const cli = await rpc("cli", { commands: ["show version", "info from running interface ethernet-1/3"] });
    expect(cli.result[0]["basic system info"]["Software Version"]).toBe("v24.10.1");
    expect(cli.result[1].interface[0]).toMatchObject({ name: "ethernet-1/3", description: "via rpc" });
    const text = await rpc("cli", { commands: ["show version"], "output-format": "text" });
    expect(text.result[0].text).toContain("Chassis Type");
  });

  it("applies nothing when one command of a set fails, and validate commits nothing", async () => {
    const before = srl.state.revision;
    const failed = await rpc("set", {
      commands: [
        { action: "update", path: "/interface[name=ethernet-1/4]/description", value: "never" },
        { action: "update", path: "/bogus/thing", value: 1 },
      ],
    });
    expect(failed.error.code).toBe(-1);
    expect(failed.error.message).toContain("bogus");
    const checked = await rpc("validate", {
      commands: [
        {
          action: "update",
          path: "/network-instance[name=default]/interface[name=ethernet-1/8.0]",
          value: {},
        },
      ],
    });
    expect(checked.error.message).toContain("ethernet-1/8.0 does not exist");
    expect(srl.state.revision).toBe(before);
    expect((await rpc("nope", { commands: [1] })).error.code).toBe(-32601);
  });
});
