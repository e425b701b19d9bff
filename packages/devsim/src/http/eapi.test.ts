import { describe, expect, it } from "vitest";
import { PLATFORMS } from "../platforms/index.ts";
import { DeviceState } from "../state.ts";
import { handleEapi } from "./eapi.ts";

// biome-ignore lint/suspicious/noExplicitAny: answers are parsed JSON, checked field by field
type Parsed = any;

function setup() {
  const def = PLATFORMS.arista_eos;
  const state = new DeviceState("arista_eos", "sw1", def.data.initialConfig.replace("{hostname}", "sw1"));
  const credentials = { username: "admin", password: "admin", enableSecret: "admin" };
  const run = (body: unknown) =>
    handleEapi(JSON.stringify(body), state, () =>
      def.createEngine({ state, credentials, interactive: false }),
    ) as Record<string, Parsed>;
  return { state, run };
}

const request = (cmds: unknown[], format = "json", id: unknown = 1) => ({
  jsonrpc: "2.0",
  method: "runCmds",
  params: { version: 1, cmds, format },
  id,
});

describe("handleEapi", () => {
  it("answers with the request's id and one result per command", () => {
    const { run } = setup();
    const r = run(request(["show hostname", "show interfaces description"], "json", "abc"));
    expect(r.id).toBe("abc");
    expect(r.result[0]).toEqual({ hostname: "sw1", fqdn: "sw1.lab.example.net" });
    expect(r.result[1].interfaces.Ethernet1).toMatchObject({
      description: "to-leaf1",
      interfaceStatus: "connected",
    });
    expect(r.result[1].interfaces.Ethernet3.interfaceStatus).toBe("disabled");
  });

  it("gives the running configuration as EOS's nested cmds in json", () => {
    const { run } = setup();
    const cfg = run(request(["show running-config"])).result[0];
    expect(cfg.cmds["hostname sw1"]).toBeNull();
    expect(cfg.cmds["interface Ethernet1"].cmds["description to-leaf1"]).toBeNull();
  });

  it("refuses json for a command without a JSON model, with error 1003", () => {
    const { run } = setup();
    const r = run(request(["show clock"]));
    expect(r.error.code).toBe(1003);
    expect(r.error.data[0].errors[0]).toContain("use format text");
  });

  it("applies configuration commands to the shared state and answers {} for each", () => {
    const { run, state } = setup();
    const r = run(request(["configure", "interface Ethernet2", "description from-eapi", "end"]));
    expect(r.result).toEqual([{}, {}, {}, {}]);
    const et2 = state.root.find((n) => n.line === "interface Ethernet2");
    expect(et2?.children[0]?.line).toBe("description from-eapi");
  });

  it("answers a batch with one answer per request, in order", () => {
    const { run } = setup();
    const r = run([
      request(["show hostname"], "json", 1),
      { jsonrpc: "2.0", method: "nope", id: 2 },
    ]) as unknown as Parsed[];
    expect(r.map((a) => a.id)).toEqual([1, 2]);
    expect(r[1].error.code).toBe(-32601);
  });

  it("answers NX-API cli with the JSON body and cli_ascii with the text, and -32602 for bad input", () => {
    const { run } = setup();
    const cli = run({ jsonrpc: "2.0", method: "cli", params: { cmd: "show hostname", version: 1 }, id: 7 });
    expect(cli.result).toEqual({ body: { hostname: "sw1", fqdn: "sw1.lab.example.net" } });
    const ascii = run({
      jsonrpc: "2.0",
      method: "cli_ascii",
      params: { cmd: "show clock", version: 1 },
      id: 8,
    });
    expect(ascii.result.msg).toContain("Timezone: UTC");
    const bad = run({ jsonrpc: "2.0", method: "cli", params: { cmd: "show bogus", version: 1 }, id: 9 });
    expect([bad.error.code, bad.error.data.msg]).toEqual([-32602, "Input CLI command error\n"]);
  });
});
