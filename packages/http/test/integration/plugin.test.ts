import { ConnectionValidationError, createDevice, createMemoryLogger, definePlugin } from "@patchbay/core";
import type { SimDevice } from "@patchbay/devsim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpConnection, HttpPlugin, RestconfPlugin } from "../../src/index.ts";
import { deviceFor, startHttpDevice } from "./sim.ts";

class EosApi extends HttpPlugin {
  async hostname(): Promise<string> {
    const [r] = await this.jsonRpc().call<Array<{ hostname: string }>>("runCmds", {
      version: 1,
      cmds: ["show hostname"],
    });
    return r?.hostname ?? "";
  }
}

class IetfRestconf extends RestconfPlugin {
  async hostname(): Promise<string> {
    const r = await this.restconf.get<{ "ietf-system:hostname": string }>("ietf-system:system/hostname");
    return r["ietf-system:hostname"];
  }
}

const eosDefinition = definePlugin({
  platform: "arista_eos",
  connectionType: EosApi.connectionType,
  connectionLibrary: EosApi.connectionLibrary,
  capabilities: [],
  create: (device, context) => new EosApi(device, context),
});

const restconfDefinition = definePlugin({
  platform: "cisco_iosxe",
  connectionType: IetfRestconf.connectionType,
  connectionLibrary: IetfRestconf.connectionLibrary,
  capabilities: [],
  create: (device, context) => new IetfRestconf(device, context),
});

let sim: SimDevice;
beforeAll(async () => {
  sim = await startHttpDevice({ hostname: "plug1" });
});
afterAll(async () => {
  await sim.close();
});

describe("HttpPlugin and RestconfPlugin", () => {
  it("declare the api and restconf connection types over undici", () => {
    expect([EosApi.connectionType, EosApi.connectionLibrary]).toEqual(["api", "undici"]);
    expect(IetfRestconf.connectionType).toBe("restconf");
    expect(restconfDefinition.name).toBe("cisco_iosxe/restconf/undici");
  });

  it("connect through an HttpConnection and serve eAPI and RESTCONF calls", async () => {
    const logger = createMemoryLogger();
    const api = eosDefinition.create(deviceFor(sim), { logger, definition: eosDefinition }) as EosApi;
    await api.initializeConnection({ timeoutMs: 10_000 });
    expect(api.http).toBeInstanceOf(HttpConnection);
    expect(await api.hostname()).toBe("plug1");
    expect(await api.isConnectionAlive()).toBe(true);
    await api.teardownConnection();
    expect(await api.isConnectionAlive()).toBe(false);

    const rc = restconfDefinition.create(deviceFor(sim), {
      logger,
      definition: restconfDefinition,
    }) as IetfRestconf;
    await rc.initializeConnection();
    expect(await rc.hostname()).toBe("plug1");
    await rc.teardownConnection();
  });

  it("refuse a device without credentials for basic auth, and bad device.data.http, at creation", () => {
    const logger = createMemoryLogger();
    const noPassword = createDevice({
      host: "127.0.0.1",
      platform: "arista_eos",
      username: "u",
      data: { http: { auth: { type: "basic" } } },
    });
    expect(() => eosDefinition.create(noPassword, { logger, definition: eosDefinition })).toThrow(
      ConnectionValidationError,
    );
    const bad = createDevice({
      host: "127.0.0.1",
      platform: "arista_eos",
      data: { http: { sheme: "https" } },
    });
    expect(() => eosDefinition.create(bad, { logger, definition: eosDefinition })).toThrow(
      /did you mean "http.scheme"/,
    );
  });
});
