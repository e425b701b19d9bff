import { describeConformance } from "@patchbay/testkit";
import { plugins } from "../../src/index.ts";
import { loadFrrPeer, peerDevice } from "./helpers.ts";

// The conformance checks against the real FRR vtysh (test/peers), not only the simulator.
const peer = loadFrrPeer();
describeConformance({
  plugins,
  targets: { "frr/ssh": async () => ({ device: peerDevice(peer) }) },
  wrongPassword: {
    "frr/ssh": async () => ({ device: peerDevice(peer, { password: "wrong-Password-77" }) }),
  },
  connectTimeoutMs: 30_000,
});
