import { describeConformance } from "@patchbay/testkit";
import { plugins } from "../../src/index.ts";
import { cliDevice, netconfDevice, PASSWORD, startXrSim, USER } from "./helpers.ts";

describeConformance({
  plugins,
  targets: {
    "cisco_iosxr/ssh": async () => {
      const s = await startXrSim();
      return { device: cliDevice(s), close: () => s.close() };
    },
    "cisco_iosxr/netconf": async () => {
      const s = await startXrSim();
      return { device: netconfDevice(s), close: () => s.close() };
    },
  },
  invalidDevices: {
    "cisco_iosxr/ssh": [
      {
        name: "no username and no credential",
        device: { id: "xr9", host: "10.0.0.9", platform: "cisco_iosxr" },
        code: "CONNECTION_VALIDATION",
        messageContains: ["xr9", "username"],
      },
      {
        name: "a wrong iosxr setting",
        device: {
          id: "xr8",
          host: "10.0.0.8",
          platform: "cisco_iosxr",
          username: USER,
          password: PASSWORD,
          data: { iosxr: { commandTimeoutMs: "slow" } },
        },
        code: "CONNECTOR_DATA",
        messageContains: ["xr8", "commandTimeoutMs"],
      },
    ],
    "cisco_iosxr/netconf": [
      {
        name: "no username and no credential",
        device: { id: "xr7", host: "10.0.0.7", platform: "cisco_iosxr" },
        code: "CONNECTION_VALIDATION",
        messageContains: ["xr7", "username"],
      },
      {
        name: "a wrong netconf setting",
        device: {
          id: "xr6",
          host: "10.0.0.6",
          platform: "cisco_iosxr",
          username: USER,
          password: PASSWORD,
          data: { netconf: { port: "830" } },
        },
        code: "CONNECTOR_DATA",
        messageContains: ["xr6", "port"],
      },
    ],
  },
  unreachable: {
    "cisco_iosxr/ssh": () => ({
      id: "nowhere",
      host: "127.0.0.1",
      port: 1,
      username: USER,
      password: PASSWORD,
      platform: "cisco_iosxr",
      data: { ssh: { hostKeyPolicy: "off", connectRetries: 0 } },
    }),
    "cisco_iosxr/netconf": () => ({
      id: "nowhere",
      host: "127.0.0.1",
      username: USER,
      password: PASSWORD,
      platform: "cisco_iosxr",
      data: { ssh: { hostKeyPolicy: "off", connectRetries: 0 }, netconf: { port: 1 } },
    }),
  },
  wrongPassword: {
    "cisco_iosxr/ssh": async () => {
      const s = await startXrSim();
      return { device: cliDevice(s, { password: "not-the-Password-1" }), close: () => s.close() };
    },
    "cisco_iosxr/netconf": async () => {
      const s = await startXrSim();
      return { device: netconfDevice(s, { password: "not-the-Password-1" }), close: () => s.close() };
    },
  },
});
