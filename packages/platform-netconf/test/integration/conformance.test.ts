import { describeConformance } from "@patchbay/testkit";
import { plugins } from "../../src/index.ts";
import { PASSWORD, simDevice, startSim, USER } from "./helpers.ts";

describeConformance({
  plugins,
  targets: {
    "netconf/netconf": async () => {
      const s = await startSim();
      return { device: simDevice(s), close: () => s.close() };
    },
  },
  invalidDevices: {
    "netconf/netconf": [
      {
        name: "no username and no credential",
        device: { id: "nc9", host: "10.0.0.9", platform: "netconf" },
        code: "CONNECTION_VALIDATION",
        messageContains: ["nc9", "username"],
      },
      {
        name: "a wrong netconf setting",
        device: {
          id: "nc8",
          host: "10.0.0.8",
          platform: "netconf",
          username: USER,
          password: PASSWORD,
          data: { netconf: { prot: 830 } },
        },
        code: "CONNECTOR_DATA",
        messageContains: ["nc8", "prot"],
      },
      {
        name: "a wrong platform setting",
        device: {
          id: "nc7",
          host: "10.0.0.7",
          platform: "netconf",
          username: USER,
          password: PASSWORD,
          data: { netconfPlatform: { datastore: "startup" } },
        },
        code: "CONNECTOR_DATA",
        messageContains: ["nc7", "datastore"],
      },
    ],
  },
  unreachable: {
    "netconf/netconf": () => ({
      id: "nowhere",
      host: "127.0.0.1",
      port: 1,
      username: USER,
      password: PASSWORD,
      platform: "netconf",
      data: { ssh: { hostKeyPolicy: "off", connectRetries: 0 } },
    }),
  },
  wrongPassword: {
    "netconf/netconf": async () => {
      const s = await startSim();
      return { device: simDevice(s, { password: "not-the-Password-1" }), close: () => s.close() };
    },
  },
});
