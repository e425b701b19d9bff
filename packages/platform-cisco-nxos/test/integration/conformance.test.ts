import { describeConformance } from "@patchbay/testkit";
import { plugins } from "../../src/index.ts";
import { collectGarbageDuringTests } from "./collect-garbage.ts";
import { apiDevice, cliDevice, startNxos } from "./sim.ts";

collectGarbageDuringTests();

describeConformance({
  plugins,
  targets: {
    "cisco_nxos/ssh": async () => {
      const sim = await startNxos();
      return { device: cliDevice(sim), close: () => sim.close() };
    },
    "cisco_nxos/api": async () => {
      const sim = await startNxos({ http: true });
      return { device: apiDevice(sim), close: () => sim.close() };
    },
  },
  invalidDevices: {
    "cisco_nxos/ssh": [
      {
        name: "no username and no credential",
        device: { id: "leaf9", host: "10.0.0.9", platform: "cisco_nxos" },
        code: "CONNECTION_VALIDATION",
        messageContains: ["leaf9", "username"],
      },
      {
        name: "a wrong nxos setting",
        device: {
          id: "leaf8",
          host: "10.0.0.8",
          platform: "cisco_nxos",
          username: "u",
          password: "p",
          data: { nxos: { sessionPrefix: "has space", configSesions: true } },
        },
        code: "CONNECTOR_DATA",
        messageContains: ["leaf8", "sessionPrefix", "configSesions"],
      },
    ],
    "cisco_nxos/api": [
      {
        name: "a wrong http setting",
        device: {
          id: "leaf7",
          host: "10.0.0.7",
          platform: "cisco_nxos",
          username: "u",
          password: "p",
          data: { http: { scheme: "gopher" } },
        },
        code: "CONNECTOR_DATA",
        messageContains: ["leaf7", "scheme"],
      },
    ],
  },
  unreachable: {
    "cisco_nxos/ssh": () => ({
      id: "nowhere",
      host: "127.0.0.1",
      port: 1,
      username: "u",
      password: "p",
      platform: "cisco_nxos",
      data: { ssh: { hostKeyPolicy: "off", connectRetries: 0 } },
    }),
    "cisco_nxos/api": () => ({
      id: "nowhere-api",
      host: "127.0.0.1",
      port: 1,
      username: "u",
      password: "p",
      platform: "cisco_nxos",
      data: { http: { retries: 0 } },
    }),
  },
  wrongPassword: {
    "cisco_nxos/ssh": async () => {
      const sim = await startNxos();
      return { device: cliDevice(sim, { password: "Wrong-pass-77" }), close: () => sim.close() };
    },
    "cisco_nxos/api": async () => {
      const sim = await startNxos({ http: true });
      return { device: apiDevice(sim, { password: "Wrong-pass-77" }), close: () => sim.close() };
    },
  },
});
