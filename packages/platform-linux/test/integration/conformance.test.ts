import { describeConformance } from "@patchbay/testkit";
import { loadPeers } from "../../../ssh/test/integration/peers.ts";
import { plugins } from "../../src/index.ts";

const peer = loadPeers().openssh;
// A fresh known_hosts per run: accept-new records the peer's key there, never in the user's file.
const knownHostsPath = `/tmp/pb-linux-conformance-${process.pid}-known_hosts`;
const ssh = { knownHostsPath, keepaliveIntervalMs: 0 };

describeConformance({
  plugins,
  targets: {
    "linux/ssh": async () => ({
      device: {
        id: "openssh-peer",
        host: peer.host,
        port: peer.port,
        username: peer.username,
        password: peer.password,
        platform: "linux",
        data: { ssh },
      },
    }),
    "linux/local": async () => ({ device: { id: "this-machine", host: "localhost", platform: "linux" } }),
  },
  invalidDevices: {
    "linux/ssh": [
      {
        name: "no username and no credential",
        device: { id: "web9", host: "10.0.0.9", platform: "linux" },
        code: "CONNECTION_VALIDATION",
        messageContains: ["web9", "username", "password or privateKey or agent"],
      },
      {
        name: "a wrong linux setting",
        device: {
          id: "web8",
          host: "10.0.0.8",
          platform: "linux",
          username: "u",
          password: "p",
          data: { linux: { tempDirectory: "relative/dir", sudoPasword: "typo" } },
        },
        code: "CONNECTOR_DATA",
        messageContains: ["web8", "tempDirectory", "sudoPassword"],
      },
    ],
  },
  unreachable: {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    "linux/ssh": () => ({
      id: "nowhere",
      host: "127.0.0.1",
      port: 1,
      username: "u",
      password: "p",
      platform: "linux",
      data: { ssh: { ...ssh, connectRetries: 0 } },
    }),
  },
  wrongPassword: {
    "linux/ssh": async () => ({
      device: {
        id: "openssh-peer",
        host: peer.host,
        port: peer.port,
        username: peer.username,
        password: "wrong-Password-77",
        platform: "linux",
        data: { ssh },
      },
    }),
  },
});
