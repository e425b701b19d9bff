import { describeConformance } from "@patchbay/testkit";
import { plugins } from "../../src/index.ts";
import { PASSWORD, simDevice, startFrrSim, USER } from "./helpers.ts";

describeConformance({
  plugins,
  targets: {
    "frr/ssh": async () => {
      const sim = await startFrrSim();
      return { device: simDevice(sim), close: () => sim.close() };
    },
  },
  invalidDevices: {
    "frr/ssh": [
      {
        name: "no username and no credential",
        device: { id: "frr9", host: "10.0.0.9", platform: "frr" },
        code: "CONNECTION_VALIDATION",
        messageContains: ["frr9", "username"],
      },
      {
        name: "a wrong frr setting",
        device: {
          id: "frr8",
          host: "10.0.0.8",
          platform: "frr",
          username: USER,
          password: PASSWORD,
          data: { frr: { saveOnCommit: "yes", commandTimeoutMS: 5 } },
        },
        code: "CONNECTOR_DATA",
        messageContains: ["frr8", "saveOnCommit", "commandTimeoutMs"],
      },
    ],
  },
  unreachable: {
    "frr/ssh": () => ({
      id: "nowhere",
      host: "127.0.0.1",
      port: 1,
      username: USER,
      password: PASSWORD,
      platform: "frr",
      data: { ssh: { hostKeyPolicy: "off", connectRetries: 0 } },
    }),
  },
  wrongPassword: {
    "frr/ssh": async () => {
      const sim = await startFrrSim();
      return { device: simDevice(sim, { password: "not-the-Password-1" }), close: () => sim.close() };
    },
  },
});
