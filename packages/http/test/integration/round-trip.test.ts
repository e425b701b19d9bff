import { createDevice } from "@patchbay/core";
import type { SimDevice } from "@patchbay/devsim";
import { SshConnection } from "@patchbay/ssh";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpConnection, JsonRpcClient, RestconfClient } from "../../src/index.ts";
import { openConnection, startHttpDevice } from "./sim.ts";

let sim: SimDevice;
let http: HttpConnection;

/** Runs lines over an SSH exec channel of the simulator (as a CLI user would). */
async function cli(lines: string): Promise<string> {
  await using ssh = new SshConnection({
    device: createDevice({
      host: sim.host,
      port: sim.port,
      platform: sim.platform,
      username: sim.username,
      password: sim.password,
    }),
    options: { hostKeyPolicy: "off" },
  });
  await ssh.connect({ timeoutMs: 10_000 });
  return (await ssh.exec(lines, { timeoutMs: 10_000 })).stdout;
}

/** Arista eAPI's runCmds as a plain JSON-RPC call (the eAPI helpers live in platform-arista-eos). */
function eapi<T = Record<string, unknown>>(cmds: string[]): Promise<T[]> {
  return new JsonRpcClient(http).call<T[]>("runCmds", { version: 1, cmds, format: "json" });
}

beforeAll(async () => {
  sim = await startHttpDevice({ hostname: "leaf1" });
  http = await openConnection(sim);
});
afterAll(async () => {
  await http.disconnect();
  await sim.close();
});

describe("one device state behind CLI, eAPI and RESTCONF", () => {
  it("a CLI change shows in eAPI and RESTCONF reads", async () => {
    await cli("configure\nhostname cli-made\ninterface Ethernet2\ndescription set-by-cli\nend");
    const [host] = await eapi(["show hostname"]);
    expect(host).toMatchObject({ hostname: "cli-made" });
    const rc = new RestconfClient(http);
    expect(await rc.get("ietf-interfaces:interfaces/interface=Ethernet2/description")).toEqual({
      "ietf-interfaces:description": "set-by-cli",
    });
  });

  it("an eAPI change shows in RESTCONF and the CLI", async () => {
    await eapi(["enable", "configure", "hostname eapi-made", "end"]);
    expect(await new RestconfClient(http).get("ietf-system:system/hostname")).toEqual({
      "ietf-system:hostname": "eapi-made",
    });
    expect(await cli("show running-config")).toContain("hostname eapi-made");
  });

  it("a RESTCONF change shows in the CLI and eAPI", async () => {
    const rc = new RestconfClient(http);
    await rc.patch("ietf-system:system", { "ietf-system:system": { hostname: "rc-made" } });
    await rc.patch("ietf-interfaces:interfaces/interface=Ethernet1", {
      "ietf-interfaces:interface": [{ name: "Ethernet1", description: "set-by-restconf" }],
    });
    const running = await cli("show running-config");
    expect(running).toContain("hostname rc-made");
    expect(running).toMatch(/interface Ethernet1\n\s+description set-by-restconf/);
    const [ifs] = await eapi<{ interfaces: Record<string, { description: string }> }>([
      "show interfaces description",
    ]);
    expect(ifs?.interfaces.Ethernet1?.description).toBe("set-by-restconf");
  });
});
