import { describeConformance } from "@patchbay/testkit";
import { plugins } from "../../src/index.ts";
import { apiDevice, cliDevice, startSrl } from "./sim.ts";

describeConformance({
  plugins,
  targets: {
    "nokia_srlinux/ssh": async () => {
      const sim = await startSrl();
      return { device: cliDevice(sim), close: () => sim.close() };
    },
    "nokia_srlinux/api": async () => {
      const sim = await startSrl({ http: true });
      return { device: apiDevice(sim), close: () => sim.close() };
    },
  },
  invalidDevices: {
    "nokia_srlinux/ssh": [
      {
        name: "no username and no credential",
        device: { id: "leaf9", host: "10.0.0.9", platform: "nokia_srlinux" },
        code: "CONNECTION_VALIDATION",
        messageContains: ["leaf9", "username"],
      },
      {
        name: "a wrong srlinux setting",
        device: {
          id: "leaf8",
          host: "10.0.0.8",
          platform: "nokia_srlinux",
          username: "u",
          password: "p",
          data: { srlinux: { commandTimeoutMs: 0, saveOnComit: true } },
        },
        code: "CONNECTOR_DATA",
        messageContains: ["leaf8", "commandTimeoutMs", "saveOnComit"],
      },
    ],
    "nokia_srlinux/api": [
      {
        name: "a wrong http setting",
        device: {
          id: "leaf7",
          host: "10.0.0.7",
          platform: "nokia_srlinux",
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
    "nokia_srlinux/ssh": () => ({
      id: "nowhere",
      host: "127.0.0.1",
      port: 1,
      username: "u",
      password: "p",
      platform: "nokia_srlinux",
      data: { ssh: { hostKeyPolicy: "off", connectRetries: 0 } },
    }),
    "nokia_srlinux/api": () => ({
      id: "nowhere-api",
      host: "127.0.0.1",
      port: 1,
      username: "u",
      password: "p",
      platform: "nokia_srlinux",
      data: { http: { retries: 0 } },
    }),
  },
  wrongPassword: {
    "nokia_srlinux/ssh": async () => {
      const sim = await startSrl();
      return { device: cliDevice(sim, { password: "Wrong-pass-77" }), close: () => sim.close() };
    },
    "nokia_srlinux/api": async () => {
      const sim = await startSrl({ http: true });
      return { device: apiDevice(sim, { password: "Wrong-pass-77" }), close: () => sim.close() };
    },
  },
});
