import { describeConformance } from "@patchbay/testkit";
import { plugins } from "../../src/index.ts";
import { cliDevice, startEos } from "./sim.ts";

describeConformance({
  plugins,
  targets: {
    "arista_eos/ssh": async () => {
      const sim = await startEos();
      return { device: cliDevice(sim), close: () => sim.close() };
    },
  },
  invalidDevices: {
    "arista_eos/ssh": [
      {
        name: "no username and no credential",
        device: { id: "sw9", host: "10.0.0.9", platform: "arista_eos" },
        code: "CONNECTION_VALIDATION",
        messageContains: ["sw9", "username"],
      },
      {
        name: "a wrong eos setting",
        device: {
          id: "sw8",
          host: "10.0.0.8",
          platform: "arista_eos",
          username: "u",
          password: "p",
          data: { eos: { sessionPrefix: "has space", saveOnComit: true } },
        },
        code: "CONNECTOR_DATA",
        messageContains: ["sw8", "sessionPrefix", "saveOnComit"],
      },
    ],
  },
  unreachable: {
    "arista_eos/ssh": () => ({
      id: "nowhere",
      host: "127.0.0.1",
      port: 1,
      username: "u",
      password: "p",
      platform: "arista_eos",
      data: { ssh: { hostKeyPolicy: "off", connectRetries: 0 } },
    }),
  },
  wrongPassword: {
    "arista_eos/ssh": async () => {
      const sim = await startEos();
      return { device: cliDevice(sim, { password: "Wrong-pass-77" }), close: () => sim.close() };
    },
  },
});
