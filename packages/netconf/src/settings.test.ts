import { ConnectorDataError, createDevice } from "@patchbay/core";
import { describe, expect, it } from "vitest";
import { netconfOptionIssues, netconfSettings, resolveNetconfOptions } from "./settings.ts";

describe("NETCONF settings", () => {
  it("merges explicit options over device.data.netconf over the defaults", () => {
    const device = createDevice({
      host: "h",
      platform: "x",
      data: { netconf: { port: 2022, rpcTimeoutMs: 5 } },
    });
    expect(resolveNetconfOptions(device, { rpcTimeoutMs: 9 })).toEqual({
      port: 2022,
      helloTimeoutMs: 30_000,
      rpcTimeoutMs: 9,
      stripNamespaces: true,
      capabilities: [],
      base11: true,
    });
    expect(resolveNetconfOptions(createDevice({ host: "h", platform: "x", port: 22 })).port).toBe(830);
  });

  it("lists every unknown or wrong key, with a suggestion for a mis-cased one", () => {
    expect(netconfOptionIssues({ Port: 1, base11: "yes", capabilities: [1] })).toEqual([
      { key: "netconf.Port", message: "unknown setting", suggestion: "port" },
      { key: "netconf.base11", message: "must be a boolean" },
      { key: "netconf.capabilities", message: "must be an array of strings" },
    ]);
    const device = createDevice({ host: "h", platform: "x", data: { netconf: [] } });
    expect(() => resolveNetconfOptions(device)).toThrow(ConnectorDataError);
  });

  it("describes every option with its default", () => {
    expect(netconfSettings.map((s) => [s.name, s.default])).toEqual([
      ["port", 830],
      ["helloTimeoutMs", 30_000],
      ["rpcTimeoutMs", 60_000],
      ["stripNamespaces", true],
      ["capabilities", []],
      ["base11", true],
    ]);
  });
});
