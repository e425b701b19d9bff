import { describeConformance } from "@patchbay/testkit";
import { plugins } from "../../src/index.ts";
import { collectGarbageDuringTests } from "./collect-garbage.ts";
import { apiDevice, cliDevice, startEos } from "./sim.ts";

collectGarbageDuringTests();

describeConformance({
  plugins,
  targets: {
    "arista_eos/ssh": async () => {
      const sim = await startEos();
      return { device: cliDevice(sim), close: () => sim.close() };
    },
    "arista_eos/api": async () => {
      const sim = await startEos({ http: true });
      return { device: apiDevice(sim), close: () => sim.close() };
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
    "arista_eos/api": [
      {
        name: "a wrong http setting",
        device: {
          id: "sw7",
          host: "10.0.0.7",
          platform: "arista_eos",
          username: "u",
          password: "p",
          data: { http: { scheme: "gopher" } },
        },
        code: "CONNECTOR_DATA",
        messageContains: ["sw7", "scheme"],
      },
      {
        name: "a wrong eos setting",
        device: {
          id: "sw6",
          host: "10.0.0.6",
          platform: "arista_eos",
          username: "u",
          password: "p",
          data: { eos: { commandTimeoutMs: 0 } },
        },
        code: "CONNECTOR_DATA",
        messageContains: ["sw6", "commandTimeoutMs"],
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
    "arista_eos/api": () => ({
      id: "nowhere-api",
      host: "127.0.0.1",
      port: 1,
      username: "u",
      password: "p",
      platform: "arista_eos",
      data: { http: { retries: 0 } },
    }),
  },
  wrongPassword: {
    "arista_eos/ssh": async () => {
      const sim = await startEos();
      return { device: cliDevice(sim, { password: "Wrong-pass-77" }), close: () => sim.close() };
    },
    "arista_eos/api": async () => {
      const sim = await startEos({ http: true });
      return { device: apiDevice(sim, { password: "Wrong-pass-77" }), close: () => sim.close() };
    },
  },
});
