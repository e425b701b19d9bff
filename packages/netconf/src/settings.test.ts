import { ConnectorDataError, createDevice } from "@patchbay/core";
import { describe, expect, it } from "vitest";
import { netconfSettings, resolveNetconfOptions } from "./settings.ts";

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
      helloOrder: "after-server",
      helloGapMs: 100,
      firstMessageId: 1,
    });
  });

  it("uses the device's port when no NETCONF port is set (a fleet file's `port: 2830` is honoured)", () => {
    const device = createDevice({ host: "h", platform: "x", port: 2830 });
    expect(resolveNetconfOptions(device).port).toBe(2830);
    expect(resolveNetconfOptions({ ...device, data: { netconf: { port: 2022 } } }).port).toBe(2022);
    expect(resolveNetconfOptions(device, { port: 4000 }).port).toBe(4000);
    expect(resolveNetconfOptions(createDevice({ host: "h", platform: "x" })).port).toBe(830);
  });

  it("lists every wrong or unknown key of the data and of the options at once", () => {
    const device = createDevice({
      host: "h",
      platform: "x",
      data: { netconf: { prot: 830, base11: "yes", capabilities: [1] } },
    });
    const err = (() => {
      try {
        resolveNetconfOptions(device, { port: 70_000 });
      } catch (e) {
        return e;
      }
    })() as ConnectorDataError;
    expect(err).toBeInstanceOf(ConnectorDataError);
    expect(err.issues.map((i) => i.key).sort()).toEqual([
      "netconf.base11",
      "netconf.capabilities.0",
      "netconf.prot",
      "options.port",
    ]);
    expect(err.issues.find((i) => i.key === "netconf.prot")?.suggestion).toBe("netconf.port");
  });

  it("documents every key with its default", () => {
    expect(netconfSettings.describe().map((s) => [s.key, s.default])).toEqual([
      ["port", 830],
      ["helloTimeoutMs", 30_000],
      ["rpcTimeoutMs", 60_000],
      ["stripNamespaces", true],
      ["capabilities", []],
      ["base11", true],
      ["helloOrder", "after-server"],
      ["helloGapMs", 100],
      ["firstMessageId", 1],
    ]);
  });
});
