import type { SimDevice } from "@patchbay/devsim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpConnection, RestconfClient, RestconfError, restconfKey } from "../../src/index.ts";
import { openConnection, startHttpDevice } from "./sim.ts";

let sim: SimDevice;
let http: HttpConnection;
let rc: RestconfClient;

beforeAll(async () => {
  sim = await startHttpDevice({ platform: "cisco_iosxe", hostname: "rc1" });
  http = await openConnection(sim);
  rc = new RestconfClient(http);
});
afterAll(async () => {
  await http.disconnect();
  await sim.close();
});

const iface = (name: string) => `ietf-interfaces:interfaces/interface=${restconfKey(name)}`;

describe("RestconfClient", () => {
  it("discovers the root through host-meta", async () => {
    expect(await rc.root()).toBe("/restconf");
  });

  it("reads data resources with depth, fields and content", async () => {
    expect(await rc.get("ietf-system:system")).toEqual({ "ietf-system:system": { hostname: "rc1" } });
    const names = await rc.get<{ "ietf-interfaces:interfaces": { interface: { name: string }[] } }>(
      "ietf-interfaces:interfaces",
      { fields: "interface(name)" },
    );
    expect(names["ietf-interfaces:interfaces"].interface.map((i) => i.name)).toContain("GigabitEthernet1");
    expect(await rc.get("ietf-interfaces:interfaces", { depth: 1 })).toEqual({
      "ietf-interfaces:interfaces": {},
    });
    const config = await rc.get<Record<string, { "oper-status"?: string }[]>>(iface("GigabitEthernet1"), {
      content: "config",
    });
    expect(config["ietf-interfaces:interface"]?.[0]?.["oper-status"]).toBeUndefined();
  });

  it("creates with PUT (201), replaces with PUT (204), merges with PATCH and deletes", async () => {
    const body = (description: string) => ({
      "ietf-interfaces:interface": [{ name: "Loopback42", description, enabled: true }],
    });
    expect(await rc.put(iface("Loopback42"), body("first"))).toEqual({ created: true });
    expect(await rc.put(iface("Loopback42"), body("second"))).toEqual({ created: false });
    await rc.patch(iface("Loopback42"), {
      "ietf-interfaces:interface": [{ name: "Loopback42", enabled: false }],
    });
    const got = await rc.get<Record<string, unknown[]>>(iface("Loopback42"), { content: "config" });
    expect(got["ietf-interfaces:interface"]?.[0]).toMatchObject({ description: "second", enabled: false });
    await rc.delete(iface("Loopback42"));
    const err = await rc.get(iface("Loopback42")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RestconfError);
  });

  it("creates a child with POST and returns its location", async () => {
    const { location } = await rc.post("ietf-interfaces:interfaces", {
      "ietf-interfaces:interface": [{ name: "Loopback7", enabled: true }],
    });
    expect(location).toBe("/restconf/data/ietf-interfaces:interfaces/interface=Loopback7");
    await rc.delete(iface("Loopback7"));
  });

  it("raises ietf-restconf:errors as RestconfError with type, tag, path and message", async () => {
    const missing = (await rc.get(iface("Nope1")).catch((e: unknown) => e)) as RestconfError;
    expect(missing).toBeInstanceOf(RestconfError);
    expect([missing.status, missing.errorType, missing.errorTag, missing.errorPath]).toEqual([
      404,
      "protocol",
      "invalid-value",
      "/ietf-interfaces:interfaces/interface=Nope1",
    ]);
    const exists = (await rc
      .post("ietf-interfaces:interfaces", { "ietf-interfaces:interface": [{ name: "GigabitEthernet1" }] })
      .catch((e: unknown) => e)) as RestconfError;
    expect([exists.status, exists.errorTag]).toEqual([409, "data-exists"]);
    const invalid = (await rc
      .patch("ietf-system:system", { "ietf-system:system": { hostname: "two words" } })
      .catch((e: unknown) => e)) as RestconfError;
    expect([invalid.status, invalid.errorType, invalid.errorTag]).toEqual([
      400,
      "application",
      "invalid-value",
    ]);
    expect(invalid.errorMessage).toContain("invalid hostname");
    expect(invalid.message).toContain("/ietf-system:system/hostname");
  });

  it("uses a given root without discovery", async () => {
    const direct = new RestconfClient(http, { root: "/restconf/" });
    expect(await direct.root()).toBe("/restconf");
    expect(await direct.get("ietf-system:system/hostname")).toEqual({ "ietf-system:hostname": "rc1" });
  });
});
