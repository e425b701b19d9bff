import { describeConformance } from "@patchbay/testkit";
import { plugins } from "../../src/index.ts";
import { cliDevice, netconfDevice, PASSWORD, startJunosSim, USER } from "./helpers.ts";

const sim = (device: typeof cliDevice, platform: string) => async () => {
  const s = await startJunosSim();
  return { device: device(s, { platform }), close: () => s.close() };
};

describeConformance({
  plugins,
  targets: {
    "juniper_junos/netconf": sim(netconfDevice, "juniper_junos"),
    "juniper_junos/ssh": sim(cliDevice, "juniper_junos"),
    "junos/netconf": sim(netconfDevice, "junos"),
    "junos/ssh": sim(cliDevice, "junos"),
  },
  invalidDevices: {
    "juniper_junos/netconf": [
      {
        name: "no username and no credential",
        device: { id: "mx9", host: "10.0.0.9", platform: "juniper_junos" },
        code: "CONNECTION_VALIDATION",
        messageContains: ["mx9", "username"],
      },
      {
        name: "wrong netconf and junos settings",
        device: {
          id: "mx8",
          host: "10.0.0.8",
          platform: "juniper_junos",
          username: USER,
          password: PASSWORD,
          data: { netconf: { prot: 830 } },
        },
        code: "CONNECTOR_DATA",
        messageContains: ["mx8", "prot"],
      },
      {
        name: "a wrong junos setting",
        device: {
          id: "mx7",
          host: "10.0.0.7",
          platform: "juniper_junos",
          username: USER,
          password: PASSWORD,
          data: { junos: { lockCandidate: "yes" } },
        },
        code: "CONNECTOR_DATA",
        messageContains: ["mx7", "lockCandidate"],
      },
    ],
    "juniper_junos/ssh": [
      {
        name: "no username and no credential",
        device: { id: "mx6", host: "10.0.0.6", platform: "juniper_junos" },
        code: "CONNECTION_VALIDATION",
        messageContains: ["mx6", "username"],
      },
      {
        name: "a wrong junos setting",
        device: {
          id: "mx5",
          host: "10.0.0.5",
          platform: "juniper_junos",
          username: USER,
          password: PASSWORD,
          data: { junos: { commandTimeoutMs: -1, lockCandidat: true } },
        },
        code: "CONNECTOR_DATA",
        messageContains: ["mx5", "commandTimeoutMs", "lockCandidate"],
      },
    ],
  },
  unreachable: {
    "juniper_junos/netconf": () => ({
      id: "nowhere",
      host: "127.0.0.1",
      username: USER,
      password: PASSWORD,
      platform: "juniper_junos",
      data: { ssh: { hostKeyPolicy: "off", connectRetries: 0 }, netconf: { port: 1 } },
    }),
    "juniper_junos/ssh": () => ({
      id: "nowhere",
      host: "127.0.0.1",
      port: 1,
      username: USER,
      password: PASSWORD,
      platform: "juniper_junos",
      data: { ssh: { hostKeyPolicy: "off", connectRetries: 0 } },
    }),
  },
  wrongPassword: {
    "juniper_junos/netconf": async () => {
      const s = await startJunosSim();
      return { device: netconfDevice(s, { password: "not-the-Password-1" }), close: () => s.close() };
    },
    "juniper_junos/ssh": async () => {
      const s = await startJunosSim();
      return { device: cliDevice(s, { password: "not-the-Password-1" }), close: () => s.close() };
    },
  },
});
