import type { SimDevice } from "@patchbay/devsim";
import { describeConformance } from "@patchbay/testkit";
import { plugins } from "../../src/index.ts";
import { cliDevice, netconfDevice, startIosxe } from "./sim.ts";

/** A fresh simulator per plugin, closed by the suite. */
function cliTarget(platform: string) {
  return async () => {
    const sim: SimDevice = await startIosxe();
    return { device: cliDevice(sim, { platform }), close: () => sim.close() };
  };
}

describeConformance({
  plugins,
  targets: {
    "cisco_ios/ssh": cliTarget("cisco_ios"),
    "cisco_iosxe/ssh": cliTarget("cisco_iosxe"),
    "cisco_iosxe/netconf": async () => {
      const sim = await startIosxe();
      return { device: netconfDevice(sim), close: () => sim.close() };
    },
  },
  invalidDevices: {
    "cisco_iosxe/ssh": [
      {
        name: "no username and no credential",
        device: { id: "edge9", host: "10.0.0.9", platform: "cisco_iosxe" },
        code: "CONNECTION_VALIDATION",
        messageContains: ["edge9", "username"],
      },
      {
        name: "a wrong ios setting",
        device: {
          id: "edge8",
          host: "10.0.0.8",
          platform: "cisco_iosxe",
          username: "u",
          password: "p",
          data: { ios: { commandTimeoutMs: -5, saveOnComit: true } },
        },
        code: "CONNECTOR_DATA",
        messageContains: ["edge8", "commandTimeoutMs", "saveOnComit"],
      },
    ],
    "cisco_iosxe/netconf": [
      {
        name: "no username",
        device: { id: "edge7", host: "10.0.0.7", platform: "cisco_iosxe", password: "p" },
        code: "CONNECTION_VALIDATION",
        messageContains: ["edge7", "username"],
      },
      {
        name: "a wrong netconf setting",
        device: {
          id: "edge6",
          host: "10.0.0.6",
          platform: "cisco_iosxe",
          username: "u",
          password: "p",
          data: { netconf: { port: "eight-thirty" } },
        },
        code: "CONNECTOR_DATA",
        messageContains: ["edge6", "port"],
      },
    ],
  },
  unreachable: {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    "cisco_iosxe/ssh": () => ({
      id: "nowhere",
      host: "127.0.0.1",
      port: 1,
      username: "u",
      password: "p",
      platform: "cisco_iosxe",
      data: { ssh: { hostKeyPolicy: "off", connectRetries: 0 } },
    }),
    "cisco_iosxe/netconf": () => ({
      id: "nowhere-netconf",
      host: "127.0.0.1",
      username: "u",
      password: "p",
      platform: "cisco_iosxe",
      data: { ssh: { hostKeyPolicy: "off", connectRetries: 0 }, netconf: { port: 1 } },
    }),
  },
  wrongPassword: {
    "cisco_iosxe/ssh": async () => {
      const sim = await startIosxe();
      return { device: cliDevice(sim, { password: "Wrong-pass-77" }), close: () => sim.close() };
    },
    "cisco_iosxe/netconf": async () => {
      const sim = await startIosxe();
      return { device: netconfDevice(sim, { password: "Wrong-pass-77" }), close: () => sim.close() };
    },
  },
});
