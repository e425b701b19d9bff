import { describeConformance } from "@patchbay/testkit";
import { plugins } from "../../src/index.ts";
import { loadBirdPeer, peerDevice } from "./helpers.ts";

// The conformance checks against the real BIRD (test/peers).
const peer = loadBirdPeer();
describeConformance({
  plugins,
  targets: { "bird/ssh": async () => ({ device: peerDevice(peer) }) },
  invalidDevices: {
    "bird/ssh": [
      {
        name: "a wrong bird setting",
        device: {
          id: "bird8",
          host: "10.0.0.8",
          platform: "bird",
          username: "u",
          password: "p",
          data: { bird: { configPath: "relative.conf", ptyRow: 5 } },
        },
        code: "CONNECTOR_DATA",
        messageContains: ["bird8", "configPath"],
      },
    ],
  },
  unreachable: {
    "bird/ssh": () => ({
      id: "nowhere",
      host: "127.0.0.1",
      port: 1,
      username: "u",
      password: "p",
      platform: "bird",
      data: { ssh: { hostKeyPolicy: "off", connectRetries: 0 } },
    }),
  },
  wrongPassword: {
    "bird/ssh": async () => ({ device: peerDevice(peer, { password: "wrong-Password-77" }) }),
  },
  connectTimeoutMs: 30_000,
});
